"""A storage error on a full disk is named as one: the folder of the warehouse or of its Dagster instance."""

import argparse
from collections import namedtuple

from pipelines import cli

Usage = namedtuple("Usage", "total used free")


def test_a_folder_without_space_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setattr(cli.shutil, "disk_usage", lambda p: Usage(10 << 20, 10 << 20, 4096))
    found = cli.full_disk(argparse.Namespace(warehouse=str(tmp_path / "w.duckdb")))
    assert found == f"{tmp_path.resolve()} (4,096 bytes free)"


def test_space_left_is_no_full_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setattr(cli.shutil, "disk_usage", lambda p: Usage(10 << 30, 1 << 30, 9 << 30))
    assert cli.full_disk(argparse.Namespace(warehouse=str(tmp_path / "w.duckdb"))) is None
    assert cli.full_disk(argparse.Namespace()) is None
