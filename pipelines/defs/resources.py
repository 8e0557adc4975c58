"""Resources: the input folder, the staging database and the published warehouse."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import settings


class InputFolder(dg.ConfigurableResource):
    """The folder of raw input files (text, Markdown, HTML, gzipped or not)."""

    path: str

    def root(self) -> Path:
        return Path(self.path)


def make_resources(input_dir: str | None = None, warehouse: str | None = None) -> dict[str, object]:
    """The resources for one input folder and warehouse file (defaults from the environment)."""
    warehouse = warehouse or settings.warehouse_path()
    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    return {
        "input_folder": InputFolder(path=input_dir or settings.input_dir()),
        "staging": DuckDBResource(database=settings.staging_path(warehouse)),
        "warehouse": DuckDBResource(database=warehouse),
    }
