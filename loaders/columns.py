"""The columns of each node and relationship file, and reading a header row.

Derived from graph/ontology.py: a node file's columns are the kind's
`all_props` plus its `Ref` columns; a relationship file's are `id`
(optional), `source`, `target`, then the relationship kind's `all_props`.
A header may be the English name (`name`), the Chinese label (`名称`), or both
(`名称 name`, `名称(name)`, `name（名称）`); a trailing `*` (a required mark)
is ignored and case does not matter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from graph.ontology import NodeKind, Prop, Ref, RelKind
from loaders.values import Parser, parse_id, parser_for

Role = Literal["id", "prop", "ref", "source", "target"]
TOKEN_SPLIT = re.compile(r"[\s()（）\[\]【】/|:：,，]+")


@dataclass(frozen=True)
class Column:
    name: str
    label_zh: str
    role: Role
    required: bool
    type: str
    parse: Parser
    prop: Prop | None = None
    ref: Ref | None = None
    aliases: tuple[str, ...] = ()

    @property
    def plain(self) -> bool:
        """Text taken as it is (after stripping) when it is short and printable: no parsing needed for a string
        cell. A cell with an invisible or control character, or a long one, goes through `parse`, which checks
        it (graph/types.py)."""
        return self.type == "string" and (self.prop is None or self.prop.enum is None) and not self.multiline

    @property
    def multiline(self) -> bool:
        return self.prop is not None and self.prop.multiline

    @property
    def bilingual(self) -> str:
        """The header the templates write: Chinese label, then the name."""
        return f"{self.label_zh} {self.name}"


def _prop_column(prop: Prop) -> Column:
    role: Role = "id" if prop.name == "id" else "prop"
    return Column(prop.name, prop.label_zh, role, prop.required, prop.type, parser_for(prop), prop=prop)


@cache
def node_columns(kind: NodeKind) -> tuple[Column, ...]:
    columns = [_prop_column(p) for p in kind.all_props]
    columns += [Column(r.column, r.label_zh, "ref", r.required, "string", parse_id, ref=r) for r in kind.refs]
    return tuple(columns)


@cache
def rel_columns(rel: RelKind) -> tuple[Column, ...]:
    columns = [
        Column("id", "编号", "id", False, "string", parse_id, aliases=("关系编号",)),
        Column("source", "起点编号", "source", True, "string", parse_id, aliases=("起点", "source_id", "from")),
        Column("target", "终点编号", "target", True, "string", parse_id, aliases=("终点", "target_id", "to")),
    ]
    columns += [_prop_column(p) for p in rel.all_props]
    return tuple(columns)


def columns_of(spec: NodeKind | RelKind) -> tuple[Column, ...]:
    return node_columns(spec) if isinstance(spec, NodeKind) else rel_columns(spec)


def _clean(header: str) -> str:
    return header.replace("\ufeff", "").replace("\u200b", "").strip().rstrip("*＊").strip().lower()


@cache
def _lookup(spec: NodeKind | RelKind) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in columns_of(spec):
        for key in (column.name, column.label_zh, *column.aliases):
            table[key.lower()] = column
    return table


def match_header(spec: NodeKind | RelKind, header: Any) -> Column | None | str:
    """The column a header names; None for a blank header; an error message when unknown or ambiguous."""
    if header is None:
        return None
    text = _clean(str(header))
    if not text:
        return None
    if len(text) > 200:
        return f"unknown column {str(header)[:80]!r}…; expected one of: {', '.join(c.name for c in columns_of(spec))}"
    lookup = _lookup(spec)
    if text in lookup:
        return lookup[text]
    found = {lookup[token].name: lookup[token] for token in TOKEN_SPLIT.split(text) if token in lookup}
    if len(found) == 1:
        return next(iter(found.values()))
    expected = ", ".join(c.name for c in columns_of(spec))
    if found:
        return f"header {header!r} names several columns ({', '.join(found)}); expected one of: {expected}"
    return f"unknown column {header!r}; expected one of: {expected}"
