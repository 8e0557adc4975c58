"""Code versions: hashes of what makes the rows (a change means a full rebuild) and of what the gate checks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pipelines.core.rules import RULES_DIR, rule_files

PACKAGE = Path(__file__).resolve().parent.parent
PROJECT = PACKAGE.parent


def _code_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(PROJECT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def engine_version() -> str:
    """Hash of the code that turns bytes into rows (the core, the stages and the table registry): a change means a
    full rebuild."""
    core = PACKAGE.joinpath("core")
    return _code_hash([*core.rglob("*.py"), *core.rglob("*.json"), *rule_files(),
                       *PACKAGE.joinpath("stages").glob("*.py"), PACKAGE / "tables.py",
                       PROJECT / "warehouse" / "verdicts.sql"])   # how the cleaning verdicts make documents rows


@cache
def suites_version() -> str:
    """Hash of what the gate checks (suites, audit queries, marker lists): a change means checking everything again."""
    return _code_hash([*PROJECT.joinpath("expectations").glob("*.json"), PROJECT / "warehouse" / "audit.sql",
                       PROJECT / "warehouse" / "gate.sql",
                       *PACKAGE.joinpath("quality").glob("*.py"), RULES_DIR / "markers.toml"])
