"""Rows to files in the format the loaders read, with every column list taken from the ontology.

A node file per kind, `<NodeKind.file>.csv`: the kind's `all_props` then its
`Ref` columns. A relationship file per RelKind with a `file`: `id`, `source`,
`target`, then the RelKind's `all_props`. Values: string lists joined by `;`,
booleans `true`/`false`, dates `YYYY-MM-DD`, datetimes `YYYY-MM-DDTHH:MM:SS`,
an empty cell for an absent value. Output is byte-for-byte reproducible.
"""
from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from graph import ontology
from graph.ontology import Prop

REL_FILE_HEAD = ("id", "source", "target")


def node_columns(kind: ontology.NodeKind) -> list[str]:
    return [p.name for p in kind.all_props] + [r.column for r in kind.refs]


def rel_columns(rel: ontology.RelKind) -> list[str]:
    return list(REL_FILE_HEAD) + [p.name for p in rel.all_props]


def cell(prop: Prop | None, value: object) -> str:
    """One value as the loaders expect it; `prop` is None for id and reference columns."""
    if value is None or value == "" or value == []:
        return ""
    if prop is None:
        return str(value)
    if prop.type == "bool":
        return "true" if value else "false"
    if prop.type == "string_list":
        return ";".join(str(v) for v in value)
    if prop.type == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if prop.type == "datetime":
        return value.replace(microsecond=0).isoformat() if isinstance(value, dt.datetime) else str(value)
    if prop.type == "float":
        text = f"{float(value):.6f}".rstrip("0").rstrip(".")
        return text if text not in ("", "-0") else "0"
    if prop.type == "int":
        return str(int(value))
    return str(value)


def _write(path: Path, columns: list[str], props: Mapping[str, Prop | None], rows: Iterable[dict]) -> int:
    count = 0
    known = set(columns)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            unknown = [key for key in row if key not in known]
            if unknown:  # a generator bug, not user input: fail loudly
                raise ValueError(f"{path.name}: columns {unknown} are not in the ontology")
            writer.writerow([cell(props.get(c), row.get(c)) for c in columns])
            count += 1
    return count


def write_all(out_dir: Path, nodes: Mapping[str, list[dict]], rels: Mapping[str, list[dict]]) -> dict[str, int]:
    """Write one file per node kind and per relationship kind with a file; rows written per file stem."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for kind in ontology.NODE_KINDS:
        props = {p.name: p for p in kind.all_props}
        written[kind.file] = _write(out_dir / f"{kind.file}.csv", node_columns(kind), props, nodes.get(kind.name, []))
    for rel in ontology.REL_KINDS:
        if rel.file is None:
            if rels.get(rel.type):
                raise ValueError(f"{rel.type} has no file of its own; write it through a Ref column")
            continue
        props = {p.name: p for p in rel.all_props}
        written[rel.file] = _write(out_dir / f"{rel.file}.csv", rel_columns(rel), props, rels.get(rel.type, []))
    return written


def expected_counts(folder: Path) -> dict[str, int]:
    """What a folder of these files puts in the graph: `label:<Kind>` nodes and `type:<TYPE>` relationships."""
    counts: dict[str, int] = {}
    for kind in ontology.NODE_KINDS:
        path = folder / f"{kind.file}.csv"
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                counts[f"label:{kind.name}"] = counts.get(f"label:{kind.name}", 0) + 1
                for ref in kind.refs:
                    if row.get(ref.column):
                        counts[f"type:{ref.rel}"] = counts.get(f"type:{ref.rel}", 0) + 1
    for rel in ontology.REL_KINDS:
        if rel.file and (folder / f"{rel.file}.csv").exists():
            with open(folder / f"{rel.file}.csv", encoding="utf-8", newline="") as handle:
                rows = sum(1 for _ in csv.DictReader(handle))
            if rows:
                counts[f"type:{rel.type}"] = counts.get(f"type:{rel.type}", 0) + rows
    return counts


def count_rows(folder: Path) -> tuple[int, int]:
    """Nodes and relationships a folder of these files describes."""
    counts = expected_counts(folder)
    return (sum(v for k, v in counts.items() if k.startswith("label:")),
            sum(v for k, v in counts.items() if k.startswith("type:")))
