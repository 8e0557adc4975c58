"""engine_version() hashes every file whose change alters the rows: the core's code, model weights and rules
files (the claim grammar's vocabularies included), the stages, the table registry and the SQL that composes the
published documents rows. A change to any of them means a full rebuild, so no published row is stale."""

from __future__ import annotations

from pathlib import Path

from pipelines.stages import versions

ROOT = Path(__file__).resolve().parent.parent


def _hashed(monkeypatch) -> set[Path]:
    seen: list[Path] = []
    monkeypatch.setattr(versions, "_code_hash", lambda paths: seen.extend(paths) or "hashed")
    versions.engine_version.__wrapped__()
    return {p.resolve() for p in seen}


def test_engine_version_covers_every_output_relevant_file(monkeypatch):
    hashed = _hashed(monkeypatch)
    core = ROOT / "pipelines" / "core"
    wanted = {*core.rglob("*.py"), *(core / "model").glob("weights_*.json"), *(ROOT / "rules").rglob("*.toml"),
              *(ROOT / "pipelines" / "stages").glob("*.py"), ROOT / "pipelines" / "tables.py",
              ROOT / "warehouse" / "verdicts.sql"}
    missing = sorted(str(p.relative_to(ROOT)) for p in {w.resolve() for w in wanted} - hashed)
    assert missing == []
    assert {"claims.toml", "claims_units.toml", "claims_places.toml", "claims_concepts.toml"} <= {
        p.name for p in hashed}


def test_a_rules_file_counts_in_the_engine_version(monkeypatch):
    before = versions.engine_version.__wrapped__()
    real = versions.rule_files
    monkeypatch.setattr(versions, "rule_files", lambda: [p for p in real() if p.name != "claims.toml"])
    assert versions.engine_version.__wrapped__() != before
