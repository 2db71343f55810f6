"""The layout of the code (issue 10's "Done when"), checked by reading the source, not by importing it.

The layers, bottom to top; a module may import its own layer and the layers below it, never one above:

    graph.*  (the modules directly in graph/: the ontology, its vocabularies and check, the errors)
      ← graph.store, cypher           (settings, connection, local server, schema, the .cypher files;
                                       graph.access, accounts and roles, sits here too)
      ← loaders | graph.analysis      (side by side: neither imports the other; analysis may use graph.algorithms)
      ← api
      ← bench                         (measures everything below the command line)
      ← govgraph                      (the command line: the composition root)

`graph.algorithms` stands apart: plain NetworkX/NumPy/SciPy code that imports nothing of govgraph.

Imports are read with `ast`, those inside functions included (a deferred import is still a dependency);
only the ones under `if TYPE_CHECKING:` are left out, since they never run.
"""
from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "cypher", "loaders", "api", "bench", "govgraph")  # every top-level package of the project
MAX_LINES = 400
LIMITED = ("api", "graph", "loaders")  # the folders whose Python files must stay under MAX_LINES

# Which layers each layer may import (its own included).
ONTOLOGY, ALGORITHMS, STORE, LOADERS, ANALYSIS, API, BENCH, CLI = (
    "ontology", "algorithms", "store", "loaders", "analysis", "api", "bench", "govgraph")
MAY_IMPORT: dict[str, frozenset[str]] = {
    ONTOLOGY: frozenset({ONTOLOGY}),
    ALGORITHMS: frozenset({ALGORITHMS}),
    STORE: frozenset({ONTOLOGY, STORE}),
    LOADERS: frozenset({ONTOLOGY, STORE, LOADERS}),
    ANALYSIS: frozenset({ONTOLOGY, STORE, ALGORITHMS, ANALYSIS}),
    API: frozenset({ONTOLOGY, STORE, ALGORITHMS, LOADERS, ANALYSIS, API}),
    BENCH: frozenset({ONTOLOGY, STORE, ALGORITHMS, LOADERS, ANALYSIS, API, BENCH}),
    CLI: frozenset({ONTOLOGY, STORE, ALGORITHMS, LOADERS, ANALYSIS, API, BENCH, CLI}),
}
ALGORITHM_DEPENDENCIES = frozenset({"networkx", "numpy", "scipy"})  # besides the standard library


# The subpackages of graph/ and the layer of each; a module directly in graph/ is in the bottom layer.
GRAPH_SUBPACKAGES = {"store": STORE, "access": STORE, "algorithms": ALGORITHMS, "analysis": ANALYSIS}
TOP_PACKAGES = {"cypher": STORE, "loaders": LOADERS, "api": API, "bench": BENCH, "govgraph": CLI}


def layer_of(module: str) -> str | None:
    """The layer a project module belongs to; None for a subpackage of graph/ that no layer names yet."""
    top, _, rest = module.partition(".")
    if top != "graph":
        return TOP_PACKAGES[top]
    sub, _, inner = rest.partition(".")
    if not sub or (not inner and (ROOT / "graph" / f"{sub}.py").exists()):
        return ONTOLOGY
    return GRAPH_SUBPACKAGES.get(sub)


@dataclass(frozen=True)
class Import:
    importer: str  # the module whose code imports
    imported: str  # the module imported, as written (absolute)
    names: tuple[str, ...]  # for `from x import a, b`: a, b
    line: int

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.imported}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every Python module of the project's packages, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, except those under `if TYPE_CHECKING:` (its `else:` still runs)."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If) and _is_type_checking(statement.test):
            yield from _statements(statement.orelse)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(statement, field, None) or []:
                if isinstance(child, ast.stmt):
                    yield from _statements([child])
                else:  # an except handler or a match case: its own body
                    yield from _statements(child.body)


def read_imports(source: str, module: str, is_package: bool = False) -> list[Import]:
    """The imports a module's source runs (relative ones made absolute), in the order written."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in _statements(ast.parse(source).body):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, (), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the package, one level up per extra dot
                parts = package.split(".")
                imported = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                imported = node.module or ""
            found.append(Import(module, imported, tuple(alias.name for alias in node.names), node.lineno))
    return found


@cache
def imports_of(module: str) -> tuple[Import, ...]:
    path = modules()[module]
    return tuple(read_imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"))


def targets(imp: Import) -> list[str]:
    """The project modules an import names: `from pkg import sub` names the module pkg.sub if there is one."""
    known = modules()
    if imp.names:
        subs = [f"{imp.imported}.{name}" for name in imp.names if f"{imp.imported}.{name}" in known]
        if len(subs) < len(imp.names) and imp.imported in known:
            subs.append(imp.imported)  # some names are attributes of the package or module itself
        return subs
    return [imp.imported] if imp.imported in known else []


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(modules())
    for module in modules():
        for imp in imports_of(module):
            for target in targets(imp):
                if target != module:
                    graph.add_edge(module, target, line=imp.line)
    return graph


# -- (a) layers ----------------------------------------------------------------------------------------------
def test_every_module_belongs_to_a_layer():
    unplaced = sorted(module for module in modules() if layer_of(module) not in MAY_IMPORT)
    assert not unplaced, "in no layer (name their subpackage in GRAPH_SUBPACKAGES):\n  " + "\n  ".join(unplaced)


def upward(imp: Import) -> list[str]:
    """What is wrong with an import that reaches a layer its module may not import; nothing if it is fine."""
    layer = layer_of(imp.importer)
    allowed = MAY_IMPORT.get(layer or "", frozenset())
    return [f"{imp} ({layer} may not import {layer_of(target)}: {target})" for target in targets(imp)
            if layer_of(target) not in allowed]


def test_no_module_imports_from_a_layer_above_it():
    wrong = [problem for module in modules() for imp in imports_of(module) for problem in upward(imp)]
    assert not wrong, "imports pointing up (or sideways):\n  " + "\n  ".join(wrong)


def test_nothing_under_loaders_imports_the_api():
    wrong = [str(imp) for module in modules() if module.startswith("loaders")
             for imp in imports_of(module) if imp.imported == "api" or imp.imported.startswith("api.")]
    assert not wrong, "\n  ".join(wrong)


# -- (b) cycles ----------------------------------------------------------------------------------------------
def test_no_import_cycle_between_modules():
    graph = import_graph()
    cycles = [sorted(component) for component in nx.strongly_connected_components(graph) if len(component) > 1]
    described = []
    for component in sorted(cycles):
        cycle = nx.find_cycle(graph.subgraph(component))
        described.append(" → ".join([a for a, _ in cycle] + [cycle[0][0]]) +
                         (f"  (and {len(component)} modules in all: {', '.join(component)})"
                          if len(component) > len(cycle) else ""))
    assert not described, "import cycles:\n  " + "\n  ".join(described)


# -- (c) file size -------------------------------------------------------------------------------------------
def test_no_python_file_under_api_graph_or_loaders_is_over_400_lines():
    long = []
    for folder in LIMITED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not long, f"files over {MAX_LINES} lines:\n  " + "\n  ".join(long)


# -- (d) every .cypher file has a user -----------------------------------------------------------------------
def string_literals(path: Path) -> set[str]:
    """Every whole string constant in a module (an f-string's pieces are not names: they are concatenation)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pieces = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces}


def test_every_cypher_file_is_named_by_a_literal_string_in_the_code():
    """Named in full (`"entity_list_text"` or `"entity_list_text.cypher"`), so a grep for the file's name
    finds who runs it. The tests count: a query the tests ask (the demo's structure, the area chain) lives in
    cypher/ like any other (DESIGN.md, principle 2), and a test is a user."""
    literals: set[str] = set()
    for path in [*modules().values(), *sorted((ROOT / "tests").rglob("*.py"))]:
        literals |= string_literals(path)
    unnamed = [path.name for path in sorted((ROOT / "cypher").glob("*.cypher"))
               if path.stem not in literals and path.name not in literals]
    assert not unnamed, "no literal string names these query files:\n  " + "\n  ".join(unnamed)


# -- (e) errors are not classified by their message ------------------------------------------------------------
def test_no_error_is_classified_by_its_message_text_in_the_api():
    """`grep -rn "startswith(" api/ | grep -i message` finds nothing."""
    found = []
    for path in sorted((ROOT / "api").rglob("*")):
        if path.is_file() and path.suffix != ".pyc":
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if "startswith(" in line and "message" in line.lower():
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n  ".join(found)


# -- (f) the algorithms are plain NetworkX -------------------------------------------------------------------
def test_graph_algorithms_imports_only_networkx_numpy_scipy_and_the_standard_library():
    allowed = ALGORITHM_DEPENDENCIES | set(sys.stdlib_module_names)
    wrong = []
    for module in modules():
        if layer_of(module) != ALGORITHMS:
            continue
        for imp in imports_of(module):
            top = imp.imported.partition(".")[0]
            if top not in allowed and not (imp.imported == "graph.algorithms"
                                           or imp.imported.startswith("graph.algorithms.")):
                wrong.append(str(imp))
    assert not wrong, "\n  ".join(wrong)


# -- the checks check ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("source", "expected"), [
    ("import api.schema", ["api.schema"]),
    ("from graph import ontology", ["graph"]),
    ("def f():\n    from loaders.demo import city\n", ["loaders.demo"]),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from api.context import Context\n", ["typing"]),
    ("import typing\nif typing.TYPE_CHECKING:\n    import api\nelse:\n    import graph.errors\n",
     ["typing", "graph.errors"]),
    ("try:\n    import api.server\nexcept ImportError:\n    import graph.store.db\n", ["api.server", "graph.store.db"]),
    ("from . import rows\nfrom .geo import place_near\nfrom .. import load",
     ["loaders.demo", "loaders.demo.geo", "loaders"]),
])
def test_imports_are_read_inside_functions_and_blocks_but_not_under_type_checking(source, expected):
    assert [imp.imported for imp in read_imports(source, "loaders.demo.build")] == expected


def test_an_upward_import_a_sideways_one_and_a_cycle_are_caught():
    assert upward(Import("loaders.demo.city", "api.server", (), 1))  # loaders may not import the api
    assert upward(Import("loaders.load", "graph.analysis", ("projections",), 1))  # nor the analysis beside it
    assert upward(Import("graph.algorithms", "graph.store", ("db",), 1))  # the algorithms import nothing of ours
    assert not upward(Import("api.schema", "graph", ("ontology",), 1))
    assert layer_of("graph.ontology") == ONTOLOGY and layer_of("graph.store.db") == STORE
    assert layer_of("graph.newpart.module") is None  # a new subpackage must be placed in a layer
    assert targets(Import("loaders.demo.build", "loaders.demo", ("rows", "DEFAULT_SEED"), 1)) == [
        "loaders.demo.rows", "loaders.demo"]
