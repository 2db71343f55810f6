"""Reading the files organisation departments keep into tables of cells.

- CSV in UTF-8 (BOM or not), GB18030/GBK (what Chinese Excel saves as
  "CSV"), UTF-16 or UTF-32 (BOM or not; Excel's "Unicode text" is UTF-16),
  comma- or tab-separated; told by loaders/encodings.py or named by the user
  (`--encoding`), never guessed.
- Excel `.xlsx` workbooks (openpyxl, read-only), one sheet per kind. The
  workbook is inflated once under a size bound (zip bombs) before openpyxl
  parses it; a damaged sheet is a problem of that sheet; a sheet the
  workbook lists but does not hold is a problem too.

Every read is bounded (loaders/limits.py): rows per file, cells per row,
characters per cell, bytes per file and per workbook, time.

A file or sheet is matched to a kind by name: the kind's file stem
(`compounds`), its name (`Compound`) or its Chinese label (`小区院落`; `/`,
spaces, `-` and `_` are ignored because Excel forbids `/` in sheet names).
Popolo JSON is read by loaders/popolo.py.
"""
from __future__ import annotations

import csv
import html
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.ontology import NODE_KINDS, REL_KINDS, NodeKind, RelKind
from graph.types import MAX_INDEXED_BYTES
from loaders.encodings import BOMS, EncodingUnknown, decode_as, detect
from loaders.limits import EXCEL_MAX_ROWS, Deadline, Limits, bound
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
    max_cell_bytes: int = Limits.cell_bytes  # the bound on a cell's text (loaders/limits.py)

    @property
    def short_text(self) -> int:
        """Characters a text may have and be within every bound, whatever they are (4 UTF-8 bytes at most each)."""
        return min(MAX_INDEXED_BYTES, self.max_cell_bytes) // 4


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
                problems.append(Problem(str(path), None, None, f"cannot read {path.suffix or 'this'} files{hint}; "
                                                               "expected .csv, .xlsx or .json"))
        else:
            problems.append(Problem(str(path), None, None, "no such file or folder"))
    return list(dict.fromkeys(found))


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-16 by BOM, else UTF-8 (BOM or not), else GB18030.

    Lenient: any bytes GB18030 decodes come back as text. Files are read with `loaders.encodings.detect`,
    which refuses what it cannot tell with confidence (a Big5 or Shift-JIS file is not GB18030 garbage).
    """
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


def too_big(path: Path, limits: Limits, problems: list[Problem]) -> bool:
    size = path.stat().st_size
    if size > limits.file_bytes:
        problems.append(Problem(str(path), None, None, f"the file has {size:,} bytes, "
                                + bound("file_bytes", limits.file_bytes, "bytes")))
        return True
    return False


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """A file's text: in the encoding a user named, or the one told with confidence; EncodingUnknown otherwise.

    A byte-order mark says what a file is, whatever --encoding says of the others.
    """
    return decode_as(data, encoding) if encoding and not data.startswith(BOMS) else detect(data)[0]


def read_csv(path: Path, problems: list[Problem], limits: Limits | None = None, encoding: str | None = None,
             deadline: Deadline | None = None) -> Table | None:
    limits = limits or Limits.from_env()
    spec = spec_named(path.stem)
    if spec is None:
        problems.append(Problem(str(path), None, None,
                                f"unknown file name {path.stem!r}; expected a kind's file name: {expected_names()}"))
        return None
    if too_big(path, limits, problems):
        return None
    data = path.read_bytes()
    try:
        text = decode_text(data, encoding)
    except EncodingUnknown as error:
        problems.append(Problem(str(path), None, None, str(error)))
        return None
    del data
    first_line = text.split("\n", 1)[0]
    # The csv module's own bound on a field (characters, checked in C) stops a 10 MB cell while it is read;
    # the value types check the bytes of what is left (graph/types.py).
    csv.field_size_limit(limits.cell_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    number = 1
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(str(path), 1, None, "the file is empty; expected a header row"))
            return None
        if len(header) > limits.columns:
            problems.append(Problem(str(path), 1, None, f"the header has {len(header):,} columns, "
                                    + bound("columns", limits.columns, "cells per row")))
            return None
        table = Table(str(path), None, spec, header, max_cell_bytes=limits.cell_bytes)
        # A spreadsheet counts records, not physical lines, so a quoted multi-line cell is one row.
        for number, cells in enumerate(reader, start=2):
            if len(cells) > limits.columns:
                problems.append(Problem(str(path), number, None, f"the row has {len(cells):,} cells, "
                                        + bound("columns", limits.columns, "cells per row")))
                return None
            if number > limits.rows + 1:
                problems.append(Problem(str(path), number, None,
                                        "the file has " + bound("rows", limits.rows, "rows") + "; split it"))
                return None
            if number % 8192 == 0 and deadline is not None and deadline.passed():
                deadline.check()
            if "".join(cells).strip():  # blank rows (often at the end of an export) are skipped
                table.rows.append((number, cells))
    except csv.Error as error:
        message = str(error)
        if "field larger than field limit" in message:
            message = "a cell has " + bound("cell_bytes", limits.cell_bytes, "characters")
        else:
            message = f"malformed CSV: {message}"
        problems.append(Problem(str(path), reader.line_num if number == 1 else number + 1, None, message))
        return None
    return table


WORKSHEET_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
SHEET_ENTRY = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def workbook_parts(path: Path, limits: Limits, problems: list[Problem]) -> dict[str, int] | None:
    """Rows per worksheet part, counted while the whole workbook is inflated once under the size bound.

    A zip bomb (a small file that inflates to gigabytes, or claims a small size and lies) is stopped at the
    bound, counting the bytes actually inflated; a sheet of millions of rows is known before openpyxl parses
    one of them. None (with a problem) when the workbook cannot be read or is too big.
    """
    file = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            declared = sum(member.file_size for member in members)
            if declared > limits.workbook_bytes:
                problems.append(Problem(file, None, None, f"the workbook inflates to {declared:,} bytes, "
                                        + bound("workbook_bytes", limits.workbook_bytes, "bytes uncompressed")))
                return None
            inflated, rows = 0, {}
            for member in members:
                count, tail = 0, b""
                sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
                with archive.open(member) as part:
                    while chunk := part.read(1 << 20):
                        inflated += len(chunk)
                        if inflated > limits.workbook_bytes:
                            problems.append(Problem(file, None, None, "the workbook inflates to " + bound(
                                "workbook_bytes", limits.workbook_bytes, "bytes uncompressed")))
                            return None
                        if sheet:
                            joined = tail + chunk
                            count += len(WORKSHEET_ROW.findall(joined)) - len(WORKSHEET_ROW.findall(tail))
                            tail = joined[-8:]
                if sheet:
                    rows[member.filename] = count
            return rows
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError) as error:
        problems.append(Problem(file, None, None, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"))
        return None


def _listed_sheets(path: Path) -> list[str]:
    """The sheet names xl/workbook.xml lists (read as text: no XML parser sees a hostile file here)."""
    with zipfile.ZipFile(path) as archive:
        try:
            text = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        except KeyError:
            return []
    return [html.unescape(name) for name in SHEET_ENTRY.findall(text)]


def read_xlsx(path: Path, problems: list[Problem], limits: Limits | None = None,
              deadline: Deadline | None = None) -> list[Table]:
    from openpyxl import load_workbook  # imported here: only Excel users pay for it

    limits = limits or Limits.from_env()
    file = str(path)
    if too_big(path, limits, problems):
        return []
    part_rows = workbook_parts(path, limits, problems)
    if part_rows is None:
        return []
    max_rows = min(limits.rows, EXCEL_MAX_ROWS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of what it cannot read; the problems below say it
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        problems.append(Problem(file, None, None, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"))
        return []
    tables: list[Table] = []
    try:
        present = set(workbook.sheetnames)
        for name in _listed_sheets(path):
            if name not in present:
                problems.append(Problem(file, None, None, "the workbook lists this sheet but holds no readable "
                                        "sheet of that name (the file is damaged; save it again from Excel)", name))
        for sheet in workbook.worksheets:
            title = sheet.title
            if title.strip().lower() in IGNORED_SHEETS:
                continue
            rows_in_part = part_rows.get(getattr(sheet, "_worksheet_path", ""), 0)
            if rows_in_part > max_rows:
                problems.append(Problem(file, None, None, f"the sheet has {rows_in_part:,} rows, "
                                        + bound("rows", max_rows, "rows"), title))
                continue
            try:
                table = _read_sheet(file, sheet, limits, max_rows, deadline, problems)
            except TimeoutError:
                raise
            except Exception as error:  # damaged XML: truncated, an undefined entity, an unclosed tag …
                problems.append(Problem(file, None, None, f"the sheet cannot be read: its XML is damaged "
                                        f"({type(error).__name__}: {error}); save it again from Excel", title))
                continue
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    if not tables and not any(p.file == file for p in problems):
        problems.append(Problem(file, None, None, "no sheet of the workbook holds rows to load; expected sheets "
                                f"named by a kind's file name, kind name or Chinese label: {expected_names()}"))
    return tables


def _read_sheet(file: str, sheet: Any, limits: Limits, max_rows: int, deadline: Deadline | None,
                problems: list[Problem]) -> Table | None:
    rows = _sheet_rows(sheet, max_rows, limits.columns)
    first = next(rows, None)
    if first is None:
        return None
    spec = spec_named(sheet.title)
    if spec is None:
        problems.append(Problem(file, None, None, f"unknown sheet name {sheet.title!r}; expected a kind's "
                                f"file name, kind name or Chinese label: {expected_names()}", sheet.title))
        return None
    _, header = first
    if len(header) > limits.columns:
        if any(v is not None for v in header[limits.columns:]):
            problems.append(Problem(file, 1, None, f"the header has {len(header):,} columns, "
                                    + bound("columns", limits.columns, "cells per row"), sheet.title))
            return None
        del header[limits.columns:]
    table = Table(file, sheet.title, spec, list(header), max_cell_bytes=limits.cell_bytes)
    for number, values in rows:
        if number > max_rows:
            problems.append(Problem(file, number, None, "the sheet has " + bound("rows", max_rows, "rows"),
                                    sheet.title))
            return None
        if len(values) > limits.columns:
            if any(v is not None for v in values[limits.columns:]):
                problems.append(Problem(file, number, None, "the row has " + bound("columns", limits.columns,
                                                                                   "cells per row"), sheet.title))
                return None
            del values[limits.columns:]  # a sheet whose dimension is wider than its cells
        if number % 8192 == 0 and deadline is not None and deadline.passed():
            deadline.check()
        table.rows.append((number, values))
    return table


def _sheet_rows(sheet: Any, max_rows: int, max_columns: int) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows with their spreadsheet numbers; openpyxl reads no row past the bound (+1)."""
    for number, values in enumerate(sheet.iter_rows(max_row=max_rows + 1, values_only=True), start=1):
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            yield number, list(values)
