"""Templates users fill in: a CSV per kind and one Excel workbook, derived from the ontology.

Every template has bilingual headers (`名称 name`) and one example row; the
example rows of all kinds refer to one another, so the templates load as they
are (a test loads them back). CSVs are written in UTF-8 with a BOM so that
Excel shows the Chinese headers correctly when a user opens them.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from graph import ontology
from graph.ontology import NodeKind, Prop, RelKind
from graph.types import TYPES
from loaders.columns import Column, columns_of
from loaders.values import CHINA, format_value

WORKBOOK = "govgraph-template.xlsx"
WORKBOOK_FOLDER = "excel"  # beside the CSVs, so `govgraph load DIR` does not read the examples twice

# Plausible example values for a few properties; any other property gets one made from its type.
EXAMPLES: dict[str, Any] = {
    "admin_code": "510603001001", "population": 12000, "households": 4200, "lat": 31.127, "lon": 104.398,
    "department": "公安", "sector": "医疗卫生", "members": 25, "focus": "助老助残", "staff_grade": "2-07",
    "phone": "13800000000", "id_number": "510603199001010000", "services": 53, "cost_yuan": 25_000_000.0,
    "budget_yuan": 1_500_000.0, "award_yuan": 300_000.0, "party_building_rating": 4, "category": "物业纠纷",
    "role": "兼职委员", "status": "closed", "programme": "领航行动", "agreement": "支部共建协议",
    "on_behalf_of": "example-resident_units",
    "reported_at": dt.datetime(2020, 6, 1, 9, 0, tzinfo=CHINA),
    "accepted_at": dt.datetime(2020, 6, 1, 10, 30, tzinfo=CHINA),
    "handled_at": dt.datetime(2020, 6, 2, 9, 0, tzinfo=CHINA),
    "closed_at": dt.datetime(2020, 6, 5, 17, 0, tzinfo=CHINA),
}
LEFT_EMPTY = frozenset({"end_date"})  # an empty end_date means "current", the usual case


def example_id(kind: NodeKind) -> str:
    return f"example-{kind.file}"


def _example_value(prop: Prop) -> Any:
    if prop.name in EXAMPLES and (prop.enum is None or EXAMPLES[prop.name] in prop.enum):
        return EXAMPLES[prop.name]
    if prop.enum is not None:
        return list(prop.enum[:2]) if prop.type == "string_list" else prop.enum[0]
    sample = TYPES[prop.type].sample  # graph/types.py: one sample per type
    if prop.type in ("int", "float") and prop.minimum is not None and sample < prop.minimum:
        return type(sample)(prop.minimum)
    return list(sample) if isinstance(sample, list) else sample


def _pick(names: tuple[str, ...], avoid: NodeKind | None = None) -> NodeKind:
    kinds = ontology.kinds_matching(names)
    return next((k for k in kinds if k is not avoid), kinds[0])


def _example_ref(kind: NodeKind | RelKind, column: Column) -> str | None:
    """The example id a reference column names. A tie to a parent of the kind's own family (an organisation's
    parent_org) points only to a kind listed before it, so that the examples make no cycle; the first is empty."""
    kinds = ontology.kinds_matching(column.ref.targets)
    if isinstance(kind, NodeKind) and any(k.family == kind.family for k in kinds):
        earlier = [k for k in kinds if ontology.NODE_KINDS.index(k) < ontology.NODE_KINDS.index(kind)]
        return example_id(earlier[0]) if earlier else None
    return example_id(_pick(column.ref.targets, avoid=kind))


def example_row(spec: NodeKind | RelKind) -> dict[str, Any]:
    """Column name → example value (typed), for one kind's template."""
    row: dict[str, Any] = {}
    for column in columns_of(spec):
        if column.prop is not None and column.prop.name in LEFT_EMPTY:
            row[column.name] = None
        elif column.role == "prop":
            row[column.name] = _example_value(column.prop)
        elif column.role == "ref":
            row[column.name] = _example_ref(spec, column)
    if isinstance(spec, NodeKind):
        row.update(id=example_id(spec), name=f"示例{spec.label_zh}", name_en=f"Example {spec.name}")
    else:
        target = _pick(spec.targets)
        row.update(id=None, source=example_id(_pick(spec.sources, avoid=target)), target=example_id(target))
    return row


def _specs() -> list[NodeKind | RelKind]:
    return [*ontology.NODE_KINDS, *(r for r in ontology.REL_KINDS if r.file)]


def _file(spec: NodeKind | RelKind) -> str:
    return spec.file or ""


def write_csvs(folder: Path) -> list[Path]:
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in _specs():
        path = folder / f"{_file(spec)}.csv"
        columns = columns_of(spec)
        row = example_row(spec)
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([c.bilingual for c in columns])
            out.writerow([format_value(c.type, row[c.name]) for c in columns])
        written.append(path)
    return written


def _note(column: Column) -> str:
    lines = [f"{column.label_zh} / {column.name}: {column.type}" + (", required 必填" if column.required else "")]
    if column.prop is not None:
        if column.prop.description:
            lines.append(column.prop.description)
        if column.prop.enum:
            lines.append("one of: " + ", ".join(column.prop.enum))
        if column.prop.personal:
            lines.append("personal data 个人信息: never exported to analysis")
    if column.ref is not None:
        lines.append(f"id of a {' or '.join(column.ref.targets)} ({column.ref.rel})")
    if column.role in ("source", "target"):
        lines.append("id of the node at this end")
    return "\n".join(lines)


def write_workbook(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    notes = workbook.active
    notes.title = "说明"
    for line in (
        "govgraph template: one sheet per kind. Row 1 is the header (Chinese or English); "
        "fill one row per node or tie.",
        "每个工作表对应一类对象；第1行为表头，每行填写一条记录。示例行可删除或覆盖。",
        "Dates YYYY-MM-DD; date-times YYYY-MM-DDTHH:MM:SS (China time unless an offset is given); "
        "lists separated by ; ; true/false for yes/no.",
        "Bold red headers are required. Hover a header for its type, allowed values and meaning.",
        "Load with: govgraph load govgraph-template.xlsx   (govgraph load --dry-run only checks)",
    ):
        notes.append([line])
    for spec in _specs():
        sheet = workbook.create_sheet(_file(spec))
        columns = columns_of(spec)
        row = example_row(spec)
        sheet.append([c.bilingual for c in columns])
        sheet.append([_cell(c, row[c.name]) for c in columns])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True, color="C00000" if column.required else None)
            cell.comment = Comment(_note(column), "govgraph", width=320, height=140)
            sheet.column_dimensions[cell.column_letter].width = max(12, len(column.bilingual) + 4)
            if column.prop is not None and column.prop.enum and column.type != "string_list":
                choices = ",".join(column.prop.enum)
                if len(choices) <= 255:  # Excel's limit for an inline list
                    check = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=not column.required)
                    sheet.add_data_validation(check)
                    check.add(f"{cell.column_letter}2:{cell.column_letter}10000")
        sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _cell(column: Column, value: Any) -> Any:
    """Typed cells where Excel has the type (numbers, booleans, dates), canonical text otherwise."""
    if value is None:
        return None
    if column.type in ("int", "float", "bool", "date"):
        return value
    return format_value(column.type, value)


def write_all(folder: Path) -> list[Path]:
    """The CSV templates in `folder` and the workbook in `folder/excel/`."""
    return write_csvs(folder) + [write_workbook(folder / WORKBOOK_FOLDER / WORKBOOK)]
