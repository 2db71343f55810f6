"""Reading and writing cell values of each ontology property type.

What a type means — how it is parsed and bounded, its canonical text — lives in graph/types.py; this module
adds what one property adds to its type (an enumeration, a range, whether it is indexed) and keeps the names
the rest of the loaders import.

A parser takes what a reader produced (a string from CSV, or the typed value openpyxl or JSON gives) and
returns the value to store, or raises ValueError whose message says what was expected.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from graph.ontology import Prop
from graph.types import (  # noqa: F401 — re-exported: the loaders' names for the types' functions
    CHINA,
    FALSE,
    LIST_SEPARATORS,
    MAX_INDEXED_BYTES,
    TRUE,
    TYPES,
    clean_text,
    format_value,
    is_blank,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_float,
    parse_int,
    parse_string,
    split_list,
)
from graph.types import (
    text_of as _text,
)

Parser = Callable[[Any], Any]

# Properties Neo4j keeps in a range index (cypher/schema.cypher): their strings are held under the index key limit.
INDEXED = frozenset({"id", "name", "kind"})


def normalise_code(text: str) -> str:
    """`Grand Party Committee`, `grand-party-committee` → `grand_party_committee`."""
    return re.sub(r"[\s\-]+", "_", text.strip()).lower()


BASE_PARSERS: dict[str, Parser] = {name: t.parse for name, t in TYPES.items()}

# An id cell, or a cell naming the id of another node (a reference, a tie's end): one visible line, indexed.
parse_id: Parser = partial(parse_string, identifier=True, max_bytes=MAX_INDEXED_BYTES)


def _split(raw: Any) -> list[str]:
    """The items of a list cell, as they are: for an enumeration, whose codes are the only values let through."""
    if isinstance(raw, (list, tuple)):
        return [item for item in (_text(x) for x in raw if x is not None) if item]
    return [item for item in (part.strip() for part in LIST_SEPARATORS.split(_text(raw))) if item]


def _base(prop: Prop) -> Parser:
    if prop.enum is not None:  # the codes bound the text: no control character or long text is one of them
        return _split if prop.type == "string_list" else (_text if prop.type == "string" else BASE_PARSERS[prop.type])
    if prop.type == "string":
        if prop.name == "id":
            return parse_id
        multiline = prop.multiline
        if prop.name in INDEXED:
            return partial(parse_string, max_bytes=MAX_INDEXED_BYTES, multiline=multiline)
        return partial(parse_string, multiline=multiline) if multiline else parse_string
    if prop.type == "string_list":
        return partial(split_list, max_bytes=MAX_INDEXED_BYTES) if prop.name in INDEXED else split_list
    return BASE_PARSERS[prop.type]


def parser_for(prop: Prop) -> Parser:
    """The parser of one property: its type, then its enumeration and bounds."""
    base = _base(prop)
    checks: list[Callable[[Any], Any]] = []
    if prop.enum is not None:
        allowed = frozenset(prop.enum)
        shown = ", ".join(prop.enum)

        def code(value: str) -> str:
            if value in allowed:
                return value
            normal = normalise_code(value)
            if normal in allowed:
                return normal
            raise ValueError(f"expected one of {shown}, got {value[:80]!r}")

        if prop.type == "string_list":
            checks.append(lambda values: list(dict.fromkeys(code(v) for v in values)))
        else:
            checks.append(code)
    if prop.minimum is not None or prop.maximum is not None:
        low, high = prop.minimum, prop.maximum

        def bounded(value: float) -> float:
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValueError(f"expected a value from {_num(low)} to {_num(high)}, got {_num(value)}")
            return value

        checks.append(bounded)
    if not checks:
        return base

    def parse(raw: Any) -> Any:
        value = base(raw)
        for check in checks:
            value = check(value)
        return value

    return parse


def _num(value: float | None) -> str:
    if value is None:
        return "∞"
    return str(int(value)) if float(value).is_integer() else str(value)


def to_python(value: Any) -> Any:
    """A value read back from Neo4j (neo4j.time types) as plain Python."""
    if hasattr(value, "to_native"):
        return value.to_native()
    return value
