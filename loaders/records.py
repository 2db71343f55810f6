"""Rows turned into node and relationship records, checked cell by cell.

A record keeps where it came from (file, sheet, spreadsheet row) so that any
later problem (a duplicate id, a dangling reference) can name that place.
A blank cell in a column the file has becomes `None`: on an existing node it
removes the property, because the columns a file has are its truth; columns a
file does not have are left alone.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.ontology import NodeKind, Ref, RelKind
from loaders.columns import Column, columns_of, match_header
from loaders.limits import bound
from loaders.problems import Problem
from loaders.readers import Table
from loaders.values import TYPES, format_value, is_blank


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    sheet: str | None
    row: int | None
    # column name → the header as the file wrote it (`上级区域 (parent)`), so that every problem found later
    # (a duplicate id, a dangling reference, a cycle) names the column the way the office named it
    headers: Mapping[str, str] | None = field(default=None, compare=False, hash=False)

    def problem(self, column: str | None, message: str) -> Problem:
        if column is not None and self.headers is not None:
            column = self.headers.get(column, column)
        return Problem(self.file, self.row, column, message, self.sheet)

    def __str__(self) -> str:
        parts = [self.file] + ([f"sheet {self.sheet}"] if self.sheet else []) + (
            [f"row {self.row}"] if self.row is not None else [])
        return ", ".join(parts)


@dataclass(slots=True)
class NodeRecord:
    kind: NodeKind
    id: str
    props: dict[str, Any]  # without id; None removes a property
    where: Where
    refs: list[tuple[Ref, str | None]] = field(default_factory=list)  # only the Ref columns the file has


@dataclass(slots=True)
class RelRecord:
    rel: RelKind
    id: str
    source: str
    target: str
    props: dict[str, Any]
    where: Where
    explicit_id: bool = False
    ref: Ref | None = None  # written through a node file's Ref column: the node's one tie of this type
    optional: bool = False  # derived (Popolo SEATS_ON): dropped, not reported, when the target does not fit
    shown_ends: tuple[str, str] = ("source", "target")  # the columns the ends came from, for problems
    ref_family: str | None = None  # for a Ref tie: the family of the node whose column it is


def rel_id(rel: RelKind, source: str, target: str, props: dict[str, Any]) -> str:
    """A stable id for a tie the file gave no id: the type, both ends, the key props and start_date.

    So a rerun MERGEs the same tie, and a changed row (an end_date added) updates it.
    """
    parts = [rel.type, source, target]
    by_name = {p.name: p for p in rel.all_props}
    for name in rel.key + (("start_date",) if rel.dated else ()):
        parts.append(format_value(by_name[name].type, props.get(name)))
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=10).hexdigest()
    return f"{rel.type.lower()}-{digest}"


def ends(rel: RelKind, source: str, target: str) -> tuple[str, str]:
    """An undirected tie (CO_BUILDS) is stored once, from the smaller id to the larger."""
    if rel.undirected and target < source:
        return target, source
    return source, target


def _header_text(header: Any) -> str:
    text = str(header)
    return text if len(text) <= 80 else text[:80] + "…"


def _resolve_header(table: Table, problems: list[Problem]) -> tuple[list[tuple[int, Column, str, bool]],
                                                                     dict[str, str]]:
    """The recognised columns, and each one's header as the file wrote it; problems with the others are
    reported, and rows are still read with the rest so that one bad header does not drown the report in
    dangling references."""
    where = Where(table.file, table.sheet, 1)
    active: list[tuple[int, Column, str, bool]] = []
    seen: dict[str, str] = {}
    headers: dict[str, str] = {}
    for index, header in enumerate(table.header):
        column = match_header(table.spec, header)
        if column is None:
            if any(index < len(cells) and not is_blank(cells[index]) for _, cells in table.rows):
                problems.append(where.problem(f"#{index + 1}", "values in a column without a header"))
            continue
        if isinstance(column, str):
            problems.append(where.problem(_header_text(header), column))
            continue
        if column.name in seen:
            problems.append(where.problem(_header_text(header), f"column {column.name} appears twice (also as "
                                          f"{seen[column.name]!r})"))
            continue
        seen[column.name] = _header_text(header)
        if column.name in table.shown:
            shown = table.shown[column.name]
        elif str(header).strip() == column.name:
            shown = column.name
        else:
            shown = f"{_header_text(header).strip()} ({column.name})"
        headers[column.name] = shown
        active.append((index, column, shown, column.plain))
    for column in columns_of(table.spec):
        if column.required and column.name not in seen:
            problems.append(where.problem(column.name, f"required column {column.name} ({column.label_zh}) is missing"))
    width = len(table.header)
    for number, cells in table.rows:
        if len(cells) > width and any(not is_blank(c) for c in cells[width:]):
            problems.append(Where(table.file, table.sheet, number).problem(
                f"#{width + 1}", "values beyond the last header column"))
    return active, headers


def _cells(table: Table, active: list[tuple[int, Column, str, bool]], headers: dict[str, str], short: int,
           number: int, cells: list[Any], problems: list[Problem]) -> tuple[dict[str, Any], Where, bool]:
    values: dict[str, Any] = {}
    ok = True
    size = len(cells)
    where = Where(table.file, table.sheet, number, headers)
    for index, column, shown, plain in active:  # the hot loop of a load: kept lean on purpose
        raw = cells[index] if index < size else None
        if raw.__class__ is str:
            raw = raw.strip()
            # Short printable text needs no look: it is within every bound, with no control character.
            if raw and plain and len(raw) <= short and raw.isprintable():
                values[column.name] = raw
                continue
            blank = not raw
            if not blank and len(raw) > short and len(raw.encode("utf-8", "surrogatepass")) > table.max_cell_bytes:
                problems.append(where.problem(shown, "the cell has " + bound(
                    "cell_bytes", table.max_cell_bytes, "bytes")))
                ok = False
                continue
        else:
            blank = is_blank(raw)
        if blank:
            if column.required:
                problems.append(where.problem(shown, f"required; expected {_expected(column)}"))
                ok = False
            values[column.name] = None
            continue
        try:
            values[column.name] = column.parse(raw)
        except ValueError as error:
            problems.append(where.problem(shown, str(error)))
            ok = False
    return values, where, ok


def _expected(column: Column) -> str:
    if column.prop is not None and column.prop.enum:
        return "one of " + ", ".join(column.prop.enum)
    return TYPES[column.type].expected


def node_records(table: Table, problems: list[Problem]) -> list[NodeRecord]:
    kind = table.spec
    assert isinstance(kind, NodeKind)
    active, headers = _resolve_header(table, problems)
    short = table.short_text
    ref_columns = [(column.name, column.ref) for _, column, _, _ in active if column.role == "ref"]
    records: list[NodeRecord] = []
    for number, cells in table.rows:
        values, where, ok = _cells(table, active, headers, short, number, cells, problems)
        node_id = values.pop("id", None)
        if node_id is None:
            continue
        # A row with a problem is still recorded (it is never written, since any problem stops the load)
        # so that rows referring to it are not reported as dangling too.
        refs = [(ref, values.pop(name, None)) for name, ref in ref_columns]
        records.append(NodeRecord(kind, node_id, values, where, refs))
    return records


def rel_records(table: Table, problems: list[Problem]) -> list[RelRecord]:
    rel = table.spec
    assert isinstance(rel, RelKind)
    active, headers = _resolve_header(table, problems)
    short = table.short_text
    records: list[RelRecord] = []
    shown_ends = (table.shown.get("source", "source"), table.shown.get("target", "target"))
    for number, cells in table.rows:
        values, where, ok = _cells(table, active, headers, short, number, cells, problems)
        if not ok:
            continue
        given = values.pop("id", None)
        start, end = values.get("start_date"), values.get("end_date")
        if start is not None and end is not None and end < start:
            problems.append(where.problem(table.shown.get("end_date", "end_date"),
                                          f"expected an end_date on or after start_date {start}, got {end}"))
            continue
        records.append(make_rel(rel, given, values.pop("source"), values.pop("target"), values, where,
                                shown_ends=shown_ends))
    return records


def make_rel(rel: RelKind, given_id: str | None, source: str, target: str, props: dict[str, Any], where: Where,
             **extra: Any) -> RelRecord:
    source, target = ends(rel, source, target)
    if given_id:
        return RelRecord(rel, given_id, source, target, props, where, explicit_id=True, **extra)
    return RelRecord(rel, rel_id(rel, source, target, props), source, target, props, where, **extra)
