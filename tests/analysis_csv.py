"""Writing small networks as the loaders' CSV files, for the analysis tests.

A file per node kind (`<NodeKind.file>.csv`) or relationship kind
(`<RelKind.file>.csv`); each file's columns are the keys its rows use, which
the loaders accept as long as the required columns are there.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph import ontology
from loaders import load_paths


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(folder: Path, stem: str, rows: list[dict[str, Any]]) -> Path:
    assert stem in ontology.NODE_BY_FILE or stem in ontology.REL_BY_FILE, f"{stem} is no loader file"
    columns = list(dict.fromkeys(key for row in rows for key in row))
    path = folder / f"{stem}.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
    return path


def load(driver: Driver, folder: Path, files: dict[str, list[dict[str, Any]]], database: str | None = None) -> None:
    """Write `files` (stem -> rows) into `folder` and load them through the real loaders."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [write_csv(folder, stem, rows) for stem, rows in files.items()]
    load_paths(paths, driver, database)
