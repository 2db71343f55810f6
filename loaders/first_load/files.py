"""A checked plan written as `neo4j-admin database import` files: a CSV per node kind and per group of ties.

The same graph as the transactional writer (loaders/write.py) makes from the same plan:
- a node file per kind, its labels (family and kind, from the ontology) given on the command line, its id
  column `id:ID(<Family>)`: one id space per family, as the family's unique constraint says, so the id is
  stored as the string property `id`;
- a relationship file per (type, source family, target family), `:START_ID(<Family>)`, `:END_ID(<Family>)`,
  the tie's `id:string`, then its properties; an undirected tie (CO_BUILDS) already has its ends in stored
  order (loaders/records.py `ends`), so it is stored once as the writer stores it;
- a typed column per property: `long`, `double`, `boolean`, `date`, `datetime` (ISO 8601 with its offset,
  `2020-03-01T08:30:00+08:00`: neo4j-admin keeps the offset as the server's `datetime()` does),
  `string[]` joined by ARRAY_DELIMITER (U+001F, which no value may contain), `string`;
- a value the writer would leave unset (None) is an empty field, which the importer leaves unset too; an
  empty string is written `""`, which it stores as the empty string;
- derived ties merged on their ends (a Popolo membership's SEATS_ON) are made only where the load has no
  other tie of their type between the same two nodes, the first of them in the writer's order winning.

What a file cannot carry the way the writer stores it — an empty list, a list with an empty or
delimiter-holding item, a datetime with a named zone rather than an offset — raises `Unrepresentable`,
before anything is stopped, and the load takes the transactional path instead.
"""
from __future__ import annotations

import csv
import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from graph import ontology
from graph.ontology import NodeKind, Prop, RelKind
from loaders.records import NodeRecord, RelRecord
from loaders.validate import Plan

ARRAY_DELIMITER = "\x1f"
ADMIN_ARRAY_DELIMITER = "U+001F"  # how neo4j-admin is told
IMPORT_TYPES = {"string": "string", "int": "long", "float": "double", "bool": "boolean", "date": "date",
                "datetime": "datetime", "string_list": "string[]"}


class Unrepresentable(Exception):
    """A value an import file cannot carry as the transactional writer stores it; the message says which."""


@dataclass
class ImportFiles:
    """The files written, as neo4j-admin arguments, and what they hold."""

    folder: Path
    args: list[str] = field(default_factory=list)  # --nodes=… and --relationships=…
    nodes: dict[str, int] = field(default_factory=dict)  # rows per node kind
    rels: dict[str, int] = field(default_factory=dict)  # rows per relationship type
    multiline: bool = False  # a value holds a line break: the importer must be told
    bytes: int = 0
    seconds: float = 0.0

    @property
    def node_count(self) -> int:
        return sum(self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(self.rels.values())


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _date(value: dt.date) -> str:
    return value.isoformat()


def _datetime(value: dt.datetime) -> str:
    # The writer sends a datetime with a fixed offset as this very text to the server's datetime().
    if value.tzinfo.__class__ is not dt.timezone:
        raise Unrepresentable(f"the datetime {value!r} has no fixed offset")
    return value.isoformat()


def _list(value: Sequence[str]) -> str:
    if not value:
        raise Unrepresentable("an empty list (the importer would leave the property unset)")
    for item in value:
        if item.__class__ is not str or not item or ARRAY_DELIMITER in item:
            raise Unrepresentable(f"the list item {item!r}")
    return ARRAY_DELIMITER.join(value)


CONVERT: dict[str, Callable[[Any], Any] | None] = {
    "string": None, "int": None, "float": None,  # the csv module writes str and repr as they are
    "bool": _bool, "date": _date, "datetime": _datetime, "string_list": _list,
}


def _columns(props_of: Iterable[dict[str, Any]], declared: tuple[Prop, ...],
             what: str) -> list[tuple[str, Callable[[Any], Any] | None, str]]:
    """(name, converter, header) for each property any record has, in the ontology's order."""
    present: dict[str, None] = {}
    for props in props_of:
        present.update(dict.fromkeys(props))
    types = {p.name: p.type for p in declared}
    unknown = [name for name in present if name not in types or name == "id"]
    if unknown:
        raise Unrepresentable(f"{what} has properties outside the ontology: {', '.join(sorted(unknown))}")
    return [(p.name, CONVERT[p.type], f"{p.name}:{IMPORT_TYPES[p.type]}") for p in declared if p.name in present]


def _quoted(value: Any) -> str:
    """One field by hand, for the rare row holding an empty string (the csv module would write nothing)."""
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    if text == "" or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


class _Writer:
    def __init__(self, path: Path, header: list[str]) -> None:
        self.path = path
        self.handle = open(path, "w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.handle, lineterminator="\n")
        self.csv.writerow(header)
        self.rows = 0

    def write_all(self, rows: Iterable[list[Any]]) -> None:
        handle, writerow, count = self.handle, self.csv.writerow, 0
        for row in rows:
            if "" in row:  # rare: an empty string, which the csv module would write as nothing
                handle.write(",".join(_quoted(v) for v in row) + "\n")
            else:
                writerow(row)
            count += 1
        self.rows += count

    def close(self) -> tuple[int, bool]:
        """(bytes, whether a value spans lines): one line per row and the header, unless a value has a break."""
        self.handle.close()
        lines = breaks = 0
        with open(self.path, "rb") as handle:
            while chunk := handle.read(1 << 22):
                lines += chunk.count(b"\n")
                breaks += chunk.count(b"\r")
        return self.path.stat().st_size, bool(breaks) or lines != self.rows + 1


def _labels(kind: NodeKind) -> str:
    if not all(ontology.is_label(label) for label in kind.labels):
        raise ValueError(f"{kind.labels} are not labels of the ontology")
    return ":".join(kind.labels)


def _type(rel: RelKind) -> str:
    if not ontology.is_rel_type(rel.type):
        raise ValueError(f"{rel.type!r} is not a relationship type of the ontology")
    return rel.type


def _family(family: str) -> str:
    if family not in ontology.FAMILIES:
        raise ValueError(f"{family!r} is not a family of the ontology")
    return family


def _rows(items: Sequence[Any], ends: Callable[[Any], list[Any]],
          columns: list[tuple[str, Callable[[Any], Any] | None, str]]) -> Iterator[list[Any]]:
    """Each record's row: its ends (id, or start, end and id), then its property cells in header order."""
    plain = tuple(name for name, convert, _ in columns if convert is None)
    converted = tuple((name, convert) for name, convert, _ in columns if convert is not None)
    for item in items:
        props = item.props
        row = ends(item)
        row += map(props.get, plain)
        for name, convert in converted:
            value = props.get(name)
            row.append(None if value is None else convert(value))
        yield row


def _ordered(columns: list[tuple[str, Callable[[Any], Any] | None, str]]
             ) -> list[tuple[str, Callable[[Any], Any] | None, str]]:
    """Plain columns first, then the converted ones: the order `_rows` fills a row in."""
    return [c for c in columns if c[1] is None] + [c for c in columns if c[1] is not None]


def _node_ends(record: NodeRecord) -> list[Any]:
    return [record.id]


def _tie_ends(tie: RelRecord) -> list[Any]:
    return [tie.source, tie.target, tie.id]


def _node_file(files: ImportFiles, number: int, kind: NodeKind, records: list[NodeRecord]) -> None:
    columns = _ordered(_columns((r.props for r in records), kind.all_props, kind.name))
    path = files.folder / f"n{number:03d}-{kind.name.lower()}.csv"
    writer = _Writer(path, [f"id:ID({_family(kind.family)})"] + [header for _, _, header in columns])
    writer.write_all(_rows(records, _node_ends, columns))
    _close(files, writer)
    files.args.append(f"--nodes={_labels(kind)}={path}")
    files.nodes[kind.name] = files.nodes.get(kind.name, 0) + writer.rows


def _rel_file(files: ImportFiles, number: int, rel: RelKind, source: str, target: str,
              ties: Sequence[RelRecord]) -> None:
    if not ties:
        return
    columns = _ordered(_columns((t.props for t in ties), rel.all_props, rel.type))
    path = files.folder / f"r{number:03d}-{rel.type.lower()}.csv"
    writer = _Writer(path, [f":START_ID({_family(source)})", f":END_ID({_family(target)})", "id:string"]
                     + [header for _, _, header in columns])
    writer.write_all(_rows(ties, _tie_ends, columns))
    _close(files, writer)
    files.args.append(f"--relationships={_type(rel)}={path}")
    files.rels[rel.type] = files.rels.get(rel.type, 0) + writer.rows


def _close(files: ImportFiles, writer: _Writer) -> None:
    size, multiline = writer.close()
    files.bytes += size
    files.multiline |= multiline


def _by_ends(plan: Plan) -> dict[tuple[RelKind, str, str], list[RelRecord]]:
    """The derived ties the writer's MERGE on both ends would create: none where the load makes another tie of
    the type between the same nodes, and of several between the same nodes the first in the writer's order."""
    taken: set[tuple[str, str, str, str, str]] = set()
    for (rel, source, target, by_ends), ties in plan.rels.items():
        if not by_ends:
            taken.update((rel.type, source, tie.source, target, tie.target) for tie in ties)
    kept: dict[tuple[RelKind, str, str], list[RelRecord]] = {}
    # The writer runs the groups biggest first, each sorted by target then source, in batches one at a time.
    groups = sorted(((key, ties) for key, ties in plan.rels.items() if key[3]), key=lambda item: -len(item[1]))
    for (rel, source, target, _), ties in groups:
        out = kept.setdefault((rel, source, target), [])
        for tie in sorted(ties, key=attrgetter("target", "source")):
            key = (rel.type, source, tie.source, target, tie.target)
            if key not in taken:
                taken.add(key)
                out.append(tie)
    return kept


def write_files(plan: Plan, folder: Path) -> ImportFiles:
    """Every node and tie of the plan into import files under folder (which must exist and be empty)."""
    began = time.perf_counter()
    if plan.unlinks:
        raise Unrepresentable("the load replaces ties already in the graph")
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles(folder)
    for number, (kind, records) in enumerate(plan.nodes.items()):
        _node_file(files, number, kind, records)
    number = 0
    for (rel, source, target, by_ends), ties in plan.rels.items():
        if not by_ends:
            _rel_file(files, number, rel, source, target, ties)
            number += 1
    for (rel, source, target), ties in _by_ends(plan).items():
        _rel_file(files, number, rel, source, target, ties)
        number += 1
    files.seconds = time.perf_counter() - began
    return files
