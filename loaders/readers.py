"""Reading the files organisation departments keep into tables of cells.

- CSV in UTF-8, UTF-8 with BOM, GB18030/GBK (what Chinese Excel saves as
  "CSV") or UTF-16 with BOM (Excel's "Unicode text"), comma- or tab-separated.
- Excel `.xlsx` workbooks (openpyxl, read-only), one sheet per kind.

A file or sheet is matched to a kind by name: the kind's file stem
(`compounds`), its name (`Compound`) or its Chinese label (`小区院落`; `/`,
spaces, `-` and `_` are ignored because Excel forbids `/` in sheet names).
Popolo JSON is read by loaders/popolo.py.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.ontology import NODE_KINDS, REL_KINDS, NodeKind, RelKind
from loaders.problems import Problem

SUFFIXES = (".csv", ".xlsx", ".json")
IGNORED_SHEETS = frozenset({"readme", "说明", "填写说明"})  # the templates' notes sheet
NAME_NOISE = re.compile(r"[\s_\-/、·()（）]+")


@dataclass
class Table:
    """One sheet of cells: a CSV file or a workbook sheet, with spreadsheet row numbers."""

    file: str
    sheet: str | None
    spec: NodeKind | RelKind
    header: list[Any]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # column → the name the user's file used (Popolo keys)


def _name_key(name: str) -> str:
    return NAME_NOISE.sub("", name).lower()


@cache
def _specs_by_name() -> dict[str, NodeKind | RelKind]:
    table: dict[str, NodeKind | RelKind] = {}
    for kind in NODE_KINDS:
        for name in (kind.file, kind.name, kind.label_zh):
            table[_name_key(name)] = kind
    for rel in REL_KINDS:
        if rel.file:
            for name in (rel.file, rel.type, rel.label_zh):
                table[_name_key(name)] = rel
    return table


def spec_named(name: str) -> NodeKind | RelKind | None:
    """The node or relationship kind a file stem or sheet name stands for."""
    return _specs_by_name().get(_name_key(name))


def expected_names() -> str:
    names = [k.file for k in NODE_KINDS] + [r.file for r in REL_KINDS if r.file]
    return ", ".join(names)


def discover(paths: list[Path], problems: list[Problem], notes: list[str]) -> list[Path]:
    """The files to read: files as given; a folder's own .csv/.xlsx/.json files (not its sub-folders)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_dir() or child.name.startswith((".", "~$")):
                    continue  # hidden files and Excel's lock files
                if child.suffix.lower() in SUFFIXES:
                    found.append(child)
                else:
                    notes.append(f"{child}: not a .csv, .xlsx or .json file; skipped")
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                found.append(path)
            else:
                hint = " (save it as .xlsx)" if path.suffix.lower() == ".xls" else ""
                problems.append(Problem(str(path), None, None,
                                        f"cannot read {path.suffix or 'this'} files{hint}; expected .csv, .xlsx or .json"))
        else:
            problems.append(Problem(str(path), None, None, "no such file or folder"))
    return list(dict.fromkeys(found))


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-16 by BOM, else UTF-8 (BOM or not), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
    return data.decode("gb18030"), "gb18030"


def _delimiter(first_line: str) -> str:
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def read_csv(path: Path, problems: list[Problem]) -> Table | None:
    spec = spec_named(path.stem)
    if spec is None:
        problems.append(Problem(str(path), None, None,
                                f"unknown file name {path.stem!r}; expected a kind's file name: {expected_names()}"))
        return None
    try:
        text, _ = decode(path.read_bytes())
    except UnicodeDecodeError as error:
        problems.append(Problem(str(path), None, None,
                                f"not UTF-8, GB18030/GBK or UTF-16 text (byte {error.start}); save it as CSV UTF-8"))
        return None
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(str(path), 1, None, "the file is empty; expected a header row"))
            return None
        table = Table(str(path), None, spec, header)
        # A spreadsheet counts records, not physical lines, so a quoted multi-line cell is one row.
        for number, cells in enumerate(reader, start=2):
            if "".join(cells).strip():  # blank rows (often at the end of an export) are skipped
                table.rows.append((number, cells))
    except csv.Error as error:
        problems.append(Problem(str(path), reader.line_num, None, f"malformed CSV: {error}"))
        return None
    return table


def read_xlsx(path: Path, problems: list[Problem]) -> list[Table]:
    from openpyxl import load_workbook  # imported here: only Excel users pay for it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        problems.append(Problem(str(path), None, None, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"))
        return []
    tables: list[Table] = []
    try:
        for sheet in workbook.worksheets:
            rows = _sheet_rows(sheet)
            first = next(rows, None)
            if first is None or sheet.title.strip().lower() in IGNORED_SHEETS:
                continue
            spec = spec_named(sheet.title)
            if spec is None:
                problems.append(Problem(str(path), None, None, f"unknown sheet name {sheet.title!r}; expected a kind's "
                                        f"file name, kind name or Chinese label: {expected_names()}", sheet.title))
                continue
            header_row, header = first
            table = Table(str(path), sheet.title, spec, list(header))
            table.rows.extend(rows)
            tables.append(table)
    finally:
        workbook.close()
    return tables


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows with their spreadsheet numbers."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            yield number, list(values)
