"""The code's shape: stages import only stages below them, no import cycle, small modules and functions.

Every import is parsed, including imports inside functions, so no cycle can hide in a function body."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import disclosure_cli

PACKAGE = Path(disclosure_cli.__file__).resolve().parent

# The stages, bottom up (docs/architecture.md). A module may import its own stage and those below.
STAGES = {
    "base": 0,
    "messages": 1,
    "formats": 1,
    "model": 2,
    "inputs": 3,
    "history": 3,
    "locate": 4,
    "read": 5,
    "rules": 6,
    "audit": 6,
    "summary": 7,
    "render": 8,
    "pipeline": 9,
    "cli": 10,
    "api": 11,  # the public calls
    "__init__": 11,  # the public API re-exports what it needs
    "__main__": 11,
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG_REASON = "Long because"  # a longer function says why in its docstring


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in sorted(PACKAGE.rglob("*.py"))}


def _name(module: str) -> str:
    return module[: -len(".__init__")] if module.endswith(".__init__") else module


def _imports(module: str, path: Path) -> set[str]:
    """The package modules `module` imports, anywhere in its file, resolved to module names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(module).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    known = {_name(m) for m in _modules()}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("disclosure_cli"):
                target = node.module.removeprefix("disclosure_cli").lstrip(".")
            else:
                continue
            for alias in node.names:
                full = f"{target}.{alias.name}" if target else alias.name
                found.add(full if full in known else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("disclosure_cli."):
                    found.add(alias.name.removeprefix("disclosure_cli."))
    return {m for m in found if m in known and m != _name(module)}


def _stage(module: str) -> int:
    return STAGES[module.split(".")[0] or "__init__"]


GRAPH = {_name(m): _imports(m, p) for m, p in _modules().items()}


def test_every_module_belongs_to_a_stage():
    assert {m.split(".")[0] for m in GRAPH if m} <= set(STAGES)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_only_its_stage_and_below(module):
    higher = sorted(m for m in GRAPH[module] if _stage(m) > _stage(module))
    assert higher == [], f"{module} (stage {_stage(module)}) imports a higher stage: {higher}"


def test_no_import_cycle():
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(GRAPH[m]):
            if state.get(n) == 1:
                cycle = path[path.index(n):] + [n]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m)


def test_the_checker_sees_function_level_imports(tmp_path):
    """A cycle closed by an import inside a function is a cycle: the parser must see it."""
    (tmp_path / "m.py").write_text("def f():\n    from ..read import units\n", encoding="utf-8")
    assert "read.units" in _imports("render.m", tmp_path / "m.py")


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_and_functions_are_small(module):
    path = _modules()[module]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_MODULE_LINES, f"{module}: {len(lines)} lines"
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            if size > MAX_FUNCTION_LINES:
                doc = " ".join((ast.get_docstring(node) or "").split())
                assert LONG_REASON in doc, f"{module}.{node.name}: {size} lines and no reason in its docstring"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_every_module_says_what_it_owns(module):
    doc = ast.get_docstring(ast.parse(_modules()[module].read_text(encoding="utf-8")))
    assert doc, f"{module} has no module docstring"
