"""The shapes of the ontology's entries: a property, a reference column, a node kind, a relationship kind.

graph/ontology.py holds the entries themselves (what govgraph knows about a city); this module only says
what an entry is made of, and the properties every node and every dated tie share.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PropType = Literal["string", "int", "float", "bool", "date", "datetime", "string_list"]


@dataclass(frozen=True)
class Prop:
    name: str
    type: PropType
    label_zh: str
    required: bool = False
    personal: bool = False  # phone, ID number: never exported to analysis or logs
    sensitive: bool = False  # party membership (PIPL art. 28): shown only to roles holding sensitive-data
    enum: tuple[str, ...] | None = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    api: str | None = None  # its name in the API where the stored name would mislead (`kind` is a `subtype`)
    refers_to: str | None = None  # a tie property holding the id of a node of this kind or family
    multiline: bool = False  # a string that may hold tabs and line breaks (a note); any other is one line

    @property
    def api_name(self) -> str:
        return self.api or self.name


@dataclass(frozen=True)
class Ref:
    """A single-valued tie written as a column of a node's own file.

    `parent` on a Compound's row becomes (Compound)-[:WITHIN]->(parent).
    """

    column: str
    rel: str
    label_zh: str
    targets: tuple[str, ...]  # kind or family names the id may point to
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class NodeKind:
    name: str  # Neo4j kind label, also the GraphQL type name
    family: str  # Neo4j family label carrying the id constraint
    label_zh: str
    file: str  # CSV file stem / sheet name
    description: str
    props: tuple[Prop, ...] = ()
    refs: tuple[Ref, ...] = ()
    # The sector an organisation speaks for, for brokerage across sectors (Gould & Fernandez); an
    # association takes the sector it federates, by subtype (`sector_by_subtype`).
    sector: str | None = None
    sector_by_subtype: tuple[tuple[str, str], ...] = ()
    # How a node with no tie of its own to an area is placed in one: a person is where the organisations
    # they serve in are based, (relationship, kind or family at its other end).
    placed_via: tuple[str, str] | None = None

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return COMMON_PROPS + self.props

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.family,) if self.family == self.name else (self.family, self.name)


@dataclass(frozen=True)
class RelKind:
    type: str  # Neo4j relationship type
    label_zh: str
    sources: tuple[str, ...]  # kind or family names
    targets: tuple[str, ...]
    file: str | None  # its own CSV file (None: only written through a Ref column)
    description: str
    props: tuple[Prop, ...] = ()
    dated: bool = False  # carries start_date / end_date
    undirected: bool = False  # stored once, read both ways (CO_BUILDS)
    key: tuple[str, ...] = ()  # props that, with both ends, identify one tie
    # Its name seen from each end (source, target), snake_case: an area's `children`, an organisation's
    # `members`. `{plural}` stands for the other end's plural where several kinds share the end.
    fields: tuple[str, str] = ("", "")

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return self.props + (DATED_PROPS if self.dated else ())


# --- shared properties -----------------------------------------------------
COMMON_PROPS = (
    Prop("id", "string", "编号", required=True,
         description="stable id from the source system (never Neo4j's internal id)"),
    Prop("name", "string", "名称", required=True, description="name, Chinese first"),
    Prop("name_en", "string", "英文名称", description="English name, if any"),
)
DATED_PROPS = (
    Prop("start_date", "date", "开始日期"),
    Prop("end_date", "date", "结束日期", description="empty while current"),
)
