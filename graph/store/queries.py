"""Named Cypher queries: one query per `.cypher` file in this folder.

Each file starts with a `//` header saying what it answers and its parameters.
Python code asks for a query by its file name (`query("co_builders")`) and
passes values only as parameters.

Some queries must vary by label or relationship type, which Cypher takes only
as text. Their files are templates with `{{PLACEHOLDER}}`s, and `fill` is the
one way to fill them: with a label or relationship type of graph/ontology.py,
`|`-joined alternatives of those, a `Pattern` built from them or a `Slot` (a
variable name the code generates, checked against its shape); anything
else is refused, so no text from a user or a file can ever become Cypher.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import cypher
from graph import ontology

FOLDER = cypher.FOLDER
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


class Pattern(str):
    """A path fragment assembled from ontology names that `checked_name` has passed (api/placement.py), a
    query assembled from filled templates (api/folding.py), or lines of a `.cypher` file (api/filters.py)."""


class Slot(str):
    """A variable name the code generates (`n`, `m`, `f0` …): lower-case letters, digits and `_`, checked."""

    SHAPE = re.compile(r"[a-z][a-z0-9_]{0,15}")

    def __new__(cls, value: str) -> Slot:
        if not cls.SHAPE.fullmatch(value):
            raise ValueError(f"{value!r} is not a generated variable name")
        return super().__new__(cls, value)


@cache
def query(name: str) -> str:
    path = FOLDER / f"{name}.cypher"
    if not path.exists():
        raise KeyError(f"no named query {name!r} in {FOLDER}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.cypher"))


def statements(name: str) -> list[str]:
    """A multi-statement file (like schema.cypher) split on `;`, comments dropped."""
    lines = [line for line in query(name).splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def checked_name(value: str) -> str:
    """`value` if it is an ontology label or relationship type, or `|`-joined alternatives of those."""
    parts = value.split("|")
    if not all(ontology.is_label(p) or ontology.is_rel_type(p) for p in parts):
        raise ValueError(f"{value!r} is not made of ontology labels or relationship types")
    return value


def projection(variable: Slot, props: Sequence[str] | None) -> Pattern:
    """`properties(v)` (props None), or the map projection `v {.a, .b}` of these ontology properties only."""
    if props is None:
        return Pattern(f"properties({variable})")
    for name in props:
        if not ontology.is_prop(name):
            raise ValueError(f"{name!r} is not an ontology property")
    return Pattern(f"{variable} {{{', '.join('.' + name for name in props)}}}")


@cache
def fill(name: str, **values: str) -> str:
    """The named template with every `{{KEY}}` replaced by the checked value given for KEY."""
    text = query(name)
    wanted = set(PLACEHOLDER.findall(text))
    if wanted != set(values):
        raise ValueError(f"template {name} needs {sorted(wanted)}, was given {sorted(values)}")
    for key, value in values.items():
        if not isinstance(value, (Pattern, Slot)):
            checked_name(value)
        text = text.replace("{{" + key + "}}", value)
    return text
