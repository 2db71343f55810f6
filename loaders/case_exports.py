"""Case files as offices have them: 12345-hotline and grid-platform exports, through a header mapping.

A mapping (graph/mappings/<system>.toml, beside the ontology) names the headers a source system exports
(工单编号, 诉求来源, 上报时间, 承办部门, 所属网格 …) and the values it writes (满意/基本满意/不满意 …), and the
Case property, handler or area each stands for. Any .csv (UTF-8, GBK/GB18030, UTF-16) or .xlsx file whose
header row holds a mapping's `detect` headers is read as that system's export (a file named after a kind —
`cases.csv` — is govgraph's own and read as usual). Each row becomes a Case record like any other file's, with
the same located problems (file, sheet, row, column as the file writes it).

A handler or area named by its name is resolved after reading (`resolve`, called by loaders/load.py before
the cross checks): among the nodes of the files loaded with it first, else in the graph; an unknown or
ambiguous name is a problem on its row and column. `check_cases` then checks every Case record of the load,
exports or not: the times in order (accepted ≥ reported, handled ≥ accepted, closed ≥ accepted), a handled
or closed case has been accepted, and a status that says no more than its times.

    records = read(Path("12345工单导出.xlsx"), problems, notes)   # None: not an export
"""
from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graph import ontology
from graph.store import queries
from loaders.encodings import EncodingUnknown
from loaders.limits import Limits
from loaders.problems import Problem
from loaders.readers import decode_text, spec_named, too_big, workbook_parts
from loaders.records import NodeRecord, Where
from loaders.values import is_blank, parser_for

MAPPINGS_DIR = Path(ontology.__file__).parent / "mappings"
CASE = ontology.NODE_BY_NAME["Case"]
PROPS = {p.name: p for p in CASE.all_props}
REFS = {r.column: r for r in CASE.refs}
AREA_ORDER = ("Grid", "Compound", "Community", "Street", "District", "City")  # most specific first
ORDER = (("accepted_at", "reported_at"), ("handled_at", "accepted_at"), ("closed_at", "accepted_at"),
         ("closed_at", "reported_at"))
STATUS_NEEDS = {"accepted": "accepted_at", "handled": "handled_at", "closed": "closed_at"}


class ByName(str):
    """A handler or area cell naming a node by its name, to be resolved to an id (`resolve`)."""

    where: Where
    column: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    file: str
    system: str
    detect: tuple[str, ...]
    columns: dict[str, str]  # header → target
    values: dict[str, dict[str, str]]  # property → {their value: our code ("" = blank)}

    def matches(self, header: Sequence[Any]) -> bool:
        names = {_clean(h) for h in header}
        return all(d in names for d in self.detect)


def _clean(header: Any) -> str:
    return "" if header is None else str(header).replace("\ufeff", "").strip().rstrip("*＊").strip()


@cache
def mappings() -> tuple[Mapping, ...]:
    """Every mapping shipped beside the ontology, checked against it."""
    found = []
    for path in sorted(MAPPINGS_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        columns = {str(k): str(v) for k, v in data.get("columns", {}).items()}
        for header, target in columns.items():
            name, _, kind = target.partition(":")
            ok = name in PROPS or name in REFS or name in ("handler_name", "area_name")
            if name == "area_name":
                ok = kind in AREA_ORDER
            if not ok:
                raise ValueError(f"{path}: column {header!r} maps to {target!r}, which is no Case property, "
                                 f"handler, handler_name, area or area_name:<Area kind>")
        values = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.get("values", {}).items()}
        for prop, table in values.items():
            allowed = PROPS[prop].enum if prop in PROPS else None
            if prop not in PROPS:
                raise ValueError(f"{path}: values for {prop!r}, which is no Case property")
            bad = [code for code in table.values() if code and allowed and code not in allowed]
            if bad:
                raise ValueError(f"{path}: values for {prop} map to {bad}, expected codes of {', '.join(allowed)}")
        system = data.get("system", {})
        found.append(Mapping(path.name, str(system.get("name", path.stem)), tuple(system.get("detect", ())),
                             columns, values))
    return tuple(found)


def mapping_for(header: Sequence[Any]) -> Mapping | None:
    return next((m for m in mappings() if m.detect and m.matches(header)), None)


# --- reading ----------------------------------------------------------------------------------------------
def read(path: Path, problems: list[Problem], notes: list[str], limits: Limits | None = None,
         encoding: str | None = None) -> list[NodeRecord] | None:
    """The Case records of a hotline or grid export; None when `path` is not one (then it is read as usual).

    A file over a bound, in an encoding not told with confidence, or damaged, is left to the ordinary readers,
    which refuse it with their located messages (loaders/readers.py): nothing here reads past a bound.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx") or spec_named(path.stem) is not None:
        return None
    limits = limits or Limits.from_env()
    if too_big(path, limits, []) or (suffix == ".xlsx" and workbook_parts(path, limits, []) is None):
        return None
    tables = _csv_table(path, limits, encoding) if suffix == ".csv" else _xlsx_tables(path, limits)
    if not tables:
        return None
    records: list[NodeRecord] = []
    for sheet, header, rows, mapping in tables:
        notes.append(f"{path}{f', sheet {sheet}' if sheet else ''}: read as a case export of {mapping.system} "
                     f"(mapping graph/mappings/{mapping.file})")
        records += _records(str(path), sheet, header, rows, mapping, problems)
    return records


def _csv_table(path: Path, limits: Limits,
               encoding: str | None) -> list[tuple[str | None, list[Any], list[tuple[int, list[Any]]], Mapping]]:
    data = path.read_bytes()
    try:
        text = decode_text(data, encoding)
    except (EncodingUnknown, UnicodeDecodeError):
        return []
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if first.count("\t") > first.count(",") else ",")
    try:
        header = next(reader, None)
        mapping = mapping_for(header or [])
        if header is None or mapping is None:
            return []
        rows = [(n, cells) for n, cells in enumerate(reader, start=2) if "".join(cells).strip()]
    except csv.Error:
        return []
    if len(rows) > limits.rows or any(len(cells) > limits.columns for _, cells in rows):
        return []
    return [(None, header, rows, mapping)]


def _xlsx_tables(path: Path,
                 limits: Limits) -> list[tuple[str | None, list[Any], list[tuple[int, list[Any]]], Mapping]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not readable here: the ordinary reader says why
        return []
    found = []
    try:
        for sheet in workbook.worksheets:
            rows = [(n, list(v)) for n, v in enumerate(sheet.iter_rows(values_only=True, max_row=limits.rows,
                                                                        max_col=limits.columns), start=1)
                    if any(not is_blank(c) for c in v)]
            if not rows:
                continue
            mapping = mapping_for(rows[0][1])
            if mapping is None:
                if spec_named(sheet.title) is None:
                    continue
                return []  # a govgraph workbook (a sheet per kind): not an export
            found.append((sheet.title, rows[0][1], rows[1:], mapping))
    except Exception:  # damaged sheet XML (truncated, an undefined entity …): the ordinary reader locates it
        return []
    finally:
        workbook.close()
    return found


def _records(file: str, sheet: str | None, header: list[Any], rows: list[tuple[int, list[Any]]], mapping: Mapping,
             problems: list[Problem]) -> list[NodeRecord]:
    active = [(i, _clean(h), mapping.columns[_clean(h)]) for i, h in enumerate(header)
              if _clean(h) in mapping.columns]
    targets = {t for _, _, t in active}
    if "id" not in targets or "reported_at" not in targets:
        problems.append(Problem(file, 1, None, "a case export needs its case number (工单编号, id) and report time "
                                               "(上报时间, reported_at) columns", sheet))
        return []
    records = []
    for number, cells in rows:
        where = Where(file, sheet, number)
        props: dict[str, Any] = {}
        refs: dict[str, str | None] = {}
        areas: dict[str, tuple[str, str]] = {}  # kind → (name, column)
        ok = True
        for index, column, target in active:
            raw = cells[index] if index < len(cells) else None
            name, _, area_kind = target.partition(":")
            if isinstance(raw, str):
                raw = raw.strip()
            if name in mapping.values and not is_blank(raw):
                table = mapping.values[name]
                if str(raw) in table:
                    raw = table[str(raw)] or None
                elif PROPS[name].enum and str(raw) not in PROPS[name].enum:
                    problems.append(where.problem(column, f"{raw!r} is not a value of {column}; expected one of "
                                                          f"{', '.join(table)}"))
                    ok = False
                    continue
            if is_blank(raw):
                continue
            if name == "area_name":
                areas.setdefault(area_kind, (str(raw), column))
            elif name == "handler_name":
                refs["handler"] = _by_name(str(raw), where, column, ("Organization",))
            elif name in REFS:
                refs[name] = str(raw)
            else:
                try:
                    props[name] = parser_for(PROPS[name])(raw)
                except ValueError as error:
                    problems.append(where.problem(column, str(error)))
                    ok = False
        if "area" not in refs:
            for kind in AREA_ORDER:
                if kind in areas:
                    refs["area"] = _by_name(areas[kind][0], where, areas[kind][1], (kind,))
                    break
        if "id" not in props:  # a row with a bad cell is kept (it is refused anyway) so its other checks run
            if ok:
                problems.append(where.problem(None, "no case number (工单编号)"))
            continue
        case_id = str(props.pop("id"))
        props.setdefault("status", _status(props))
        props.setdefault("name", f"{props.get('category') or '诉求'}（{case_id}）")
        if "area" not in refs:
            problems.append(where.problem(None, "no area: give the grid, compound, community or street (所属网格 …)"))
            continue
        records.append(NodeRecord(CASE, case_id, props, where, [(REFS[k], v) for k, v in refs.items()]))
    return records


def _by_name(name: str, where: Where, column: str, targets: tuple[str, ...]) -> ByName:
    value = ByName(name)
    value.where, value.column, value.targets = where, column, targets
    return value


def _status(props: dict[str, Any]) -> str:
    for status, prop in (("closed", "closed_at"), ("handled", "handled_at"), ("accepted", "accepted_at")):
        if props.get(prop) is not None:
            return status
    return "reported"


# --- resolving names and checking cases -------------------------------------------------------------------
def resolve(nodes: list[NodeRecord], driver: Any, database: str | None, problems: list[Problem]) -> None:
    """Replace every handler or area given by name with its node's id (files first, then the graph)."""
    pending = [(record, i, value) for record in nodes for i, (_, value) in enumerate(record.refs)
               if isinstance(value, ByName)]
    if not pending:
        return
    in_files: dict[tuple[str, str], set[str]] = {}
    for record in nodes:
        name = record.props.get("name")
        if name:
            for label in (record.kind.name, record.kind.family):
                in_files.setdefault((label, str(name)), set()).add(record.id)
    wanted = sorted({str(v) for _, _, v in pending})
    in_graph: dict[tuple[str, str], set[str]] = {}
    if driver is not None and wanted:
        found, _, _ = driver.execute_query(queries.query("case_export_names"), names=wanted, database_=database)
        for row in found:
            for label in row["labels"]:
                in_graph.setdefault((label, row["name"]), set()).add(row["id"])
    unresolved: list[tuple[NodeRecord, int]] = []
    for record, i, value in pending:
        ids: set[str] = set()
        for label in value.targets:
            ids |= in_files.get((label, str(value)), set())
        if not ids:
            for label in value.targets:
                ids |= in_graph.get((label, str(value)), set())
        what = " or ".join(value.targets)
        if len(ids) == 1:
            record.refs[i] = (record.refs[i][0], next(iter(ids)))
            continue
        unresolved.append((record, i))  # said here, by name: not again as a dangling id
        if not ids:
            problems.append(value.where.problem(value.column, f"no {what} named {str(value)!r} in the files or the "
                                                              "graph"))
        else:
            problems.append(value.where.problem(value.column, f"{len(ids)} nodes of kind {what} are named "
                                                              f"{str(value)!r} ({', '.join(sorted(ids)[:5])}); "
                                                              "give its id instead"))
    for record, i in sorted(unresolved, key=lambda u: -u[1]):
        del record.refs[i]


def check_cases(nodes: list[NodeRecord], problems: list[Problem]) -> None:
    """Every Case record's times in order and its status backed by them."""
    for record in nodes:
        if record.kind is not CASE:
            continue
        props = record.props
        for later, earlier in ORDER:
            if props.get(later) is not None and props.get(earlier) is not None and props[later] < props[earlier]:
                problems.append(record.where.problem(
                    PROPS[later].label_zh, f"{PROPS[later].label_zh} ({later}) {props[later].isoformat()} is before "
                                           f"{PROPS[earlier].label_zh} ({earlier}) {props[earlier].isoformat()}"))
        if props.get("accepted_at") is None and (props.get("handled_at") or props.get("closed_at")):
            problems.append(record.where.problem(PROPS["accepted_at"].label_zh,
                                                 "a handled or closed case must have been accepted (受理时间)"))
        needed = STATUS_NEEDS.get(props.get("status") or "")
        if needed and props.get(needed) is None and "status" in props:
            problems.append(record.where.problem(PROPS["status"].label_zh, f"status {props['status']} needs "
                                                                          f"{PROPS[needed].label_zh} ({needed})"))
