"""The house's shape, read from the AST: the pure core imports neither Dagster nor DuckDB, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipelines"


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path) -> set[str]:
    """Modules a file imports when it is loaded (imports inside functions are deliberate late loads)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    nodes = list(tree.body)
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue   # names for annotations only, never imported at run time
        elif isinstance(node, (ast.If, ast.Try)):
            nodes.extend(node.body + getattr(node, "orelse", []) + getattr(node, "finalbody", []))
            for h in getattr(node, "handlers", []):
                nodes.extend(h.body)
    return out


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {i for i in _top_level_imports(p) if i in files and i != m} for m, p in files.items()}


def test_the_core_imports_neither_dagster_nor_duckdb() -> None:
    bad = {}
    for path in (PACKAGE / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        hits = sorted(n for n in names if n.split(".")[0] in ("dagster", "duckdb", "dagster_duckdb"))
        if hits:
            bad[path.relative_to(ROOT).as_posix()] = hits
    assert bad == {}


def test_no_import_cycle_in_pipelines() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                cycles.append([*path[path.index(d):], d] if d in path else [m, d])
            elif d not in state:
                visit(d, [*path, d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []
