"""The shape of the house, read from the source: no import cycle inside `pipelines`, and a pure core.

The graph is built from the AST of every module (imports inside functions included: a lazy import that closes a
cycle is still a cycle of the design), so the test needs no import of the package and no Dagster.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipelines"
# what the pure core must never import: the shell's engines
SHELL_ONLY = ("dagster", "dagster_duckdb", "dagster_webserver", "duckdb", "great_expectations")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported(path: Path) -> set[str]:
    """Every module `path` imports, absolute, with each `from x import y` also giving x.y (y may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _type_checking_only(node)
            for child in node.body for n in ast.walk(child)}
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return out


def graph() -> dict[str, set[str]]:
    """Module -> the modules of `pipelines` it imports (a package import counts as its __init__)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        targets = {t for t in imported(path) if t in modules and t != name}
        edges[name] = targets
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read_from_every_module():
    edges = graph()
    assert "pipelines.definitions" in edges and "pipelines.core" in edges
    assert "pipelines.warehouse" in edges["pipelines.defs.publish"]


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_pipelines():
    assert cycles(graph()) == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").rglob("*.py")), ids=lambda p: module_name(p))
def test_the_core_imports_no_shell_library(path):
    bad = sorted(t for t in imported(path) if t.split(".")[0] in SHELL_ONLY)
    assert bad == [], f"{module_name(path)} imports {bad}: the core stays pure"



def test_defs_is_wiring_only():
    """The publish step does not reach into the staging assets, and no Dagster module opens a transaction of its
    own: what a step writes is one function of pipelines.staging (or pipelines.warehouse)."""
    edges = graph()
    assert "pipelines.defs.assets" not in edges["pipelines.defs.publish"]
    for path in sorted((PACKAGE / "defs").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr != "transaction", f"{path.name}:{node.lineno} opens a transaction"
                literal = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
                assert not (node.func.attr == "execute" and str(literal).strip().lower() in ("begin", "commit")), \
                    f"{path.name}:{node.lineno} opens a transaction"
