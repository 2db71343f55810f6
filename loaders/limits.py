"""Bounds on every input a load reads, so that no file can make it run without end or eat the machine.

Each bound has a default that the files of a whole province stay well under (a kind's file has at
most ~25 columns; Sichuan has some 84 million people, so even a file of every resident unit, facility
or case of a year stays far below five million rows), can be set by an environment variable (or
`govgraph load --limit NAME=VALUE`), and is named by the problem that a file going past it gets, with
the variable that raises it. Checking against a bound costs nothing measurable per cell: the CSV
module bounds a field in C, a workbook is inflated once to count its rows before openpyxl parses it.

| bound | default | variable |
| --- | --- | --- |
| rows per file (CSV, JSON collection) or sheet | 5,000,000 (a sheet: Excel's 1,048,576) | `GOVGRAPH_LOAD_MAX_ROWS` |
| cells per row (columns) | 1,000 | `GOVGRAPH_LOAD_MAX_COLUMNS` |
| bytes per cell | 65,536 | `GOVGRAPH_LOAD_MAX_CELL_BYTES` |
| bytes per file as stored | 4 GB | `GOVGRAPH_LOAD_MAX_FILE_BYTES` |
| bytes of a workbook uncompressed (zip bomb) | 2 GB | `GOVGRAPH_LOAD_MAX_WORKBOOK_BYTES` |
| nesting of a JSON file | 64 levels | `GOVGRAPH_LOAD_MAX_JSON_DEPTH` |
| seconds for reading and checking (the validation pass) | 3,600 | `GOVGRAPH_LOAD_MAX_SECONDS` |
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, fields, replace

EXCEL_MAX_ROWS = 1_048_576  # a worksheet can have no more rows than this (Excel 2007 and later)
EXCEL_MAX_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    rows: int = 5_000_000
    columns: int = 1_000
    cell_bytes: int = 65_536
    file_bytes: int = 4_000_000_000
    workbook_bytes: int = 2_000_000_000
    json_depth: int = 64
    seconds: float = 3_600.0

    @classmethod
    def from_env(cls, **overrides: float) -> Limits:
        """The defaults, then the environment's GOVGRAPH_LOAD_MAX_*, then `overrides` (by field name)."""
        values: dict[str, float] = {}
        for item in fields(cls):
            raw = os.environ.get(variable(item.name))
            if raw:
                values[item.name] = _number(item.name, raw, item.type)
        limits = replace(cls(), **values)
        return replace(limits, **overrides) if overrides else limits

    def parsed(self, name: str, raw: str) -> Limits:
        """These limits with one more set from text (`rows=100000`), or ValueError naming the bounds there are."""
        known = {item.name: item.type for item in fields(self)}
        if name not in known:
            raise ValueError(f"unknown limit {name!r}; expected one of {', '.join(known)}")
        return replace(self, **{name: _number(name, raw, known[name])})


def variable(name: str) -> str:
    return f"GOVGRAPH_LOAD_MAX_{name.upper()}"


def _number(name: str, raw: str, kind: object) -> float:
    try:
        value = float(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise ValueError(f"{variable(name)}: expected a positive number, got {raw!r}") from None
    if not value > 0:
        raise ValueError(f"{variable(name)}: expected a positive number, got {raw!r}")
    return value if kind in (float, "float") else int(value)


def bound(name: str, value: float, what: str) -> str:
    """The end of a problem saying which bound was passed and how to raise it."""
    return f"more than {value:,} {what} (the bound {name}; raise it with {variable(name)} or --limit {name}=N)"


class Deadline:
    """The time a validation pass may take; `check` raises TimeoutError naming the bound once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.ends

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise TimeoutError(f"reading and checking took {bound('seconds', self.seconds, 'seconds')}")
