"""docs/model.md, the reference page of the ontology, rendered from graph/ontology.py.

`govgraph model-doc --write` regenerates it; tests/test_model_doc.py fails when it drifts.
"""
from __future__ import annotations

from pathlib import Path

from graph import ontology
from graph.ontology import NodeKind, Prop, RelKind
from graph.types import TYPES
from loaders.columns import rel_columns

PATH = Path(__file__).resolve().parent.parent / "docs" / "model.md"

INTRO = """\
# The govgraph model

<!-- Generated from graph/ontology.py by `govgraph model-doc --write`; do not edit by hand
     (tests/test_model_doc.py fails when this page and the ontology drift apart). -->

Every node has a *family* label (`Area`, `Organization`, `Person`, `Facility`,
`Project`, `Case`) carrying the unique `id` constraint, and one *kind* label
within its family (a `Compound` is an `Area`). Relationships follow Popolo and
the W3C Organization Ontology; memberships are `SERVES_IN` relationships.

## Files

- **Node files**: one per kind, `<file>.csv` (or a sheet of that name, or named
  by the kind or its Chinese label, in an `.xlsx` workbook). Columns: the
  properties below, then the reference columns, each of which becomes a
  relationship from the node (a node has at most one of each).
- **Relationship files**: one per relationship kind that has a file:
  `id` (optional; 编号), `source` (起点编号), `target` (终点编号), then its
  properties. Without an `id`, a tie's id is derived from its type, both ends,
  its key properties and its `start_date`, so a rerun updates the same tie.
  Undirected ties (`CO_BUILDS`) are stored once, from the smaller id to the larger.
- **Headers** may be the name (`name`), the Chinese label (`名称`) or both
  (`名称 name`, `名称(name)`); a trailing `*` is ignored. Unknown columns,
  sheets and files are problems, so a typo never loses data.
- **Encodings**: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 and UTF-32
  (with or without BOM), told with confidence or refused; `govgraph load
  --encoding big5` (or any other) reads a file as the user says.
- **Values**: an empty cell is absent (and, on a node or tie that exists, removes
  that property: the columns a file has are its truth; columns it lacks are left
  alone). Enumerations take the codes listed (case, spaces and hyphens are
  forgiven: `Grand Party Committee`). Per type:
{TYPE_LINES}
- **Bounds**: every input is bounded (rows per file, cells per row, bytes per
  cell and per file, a workbook's uncompressed size, JSON nesting, time); see
  `loaders/limits.py` for the defaults and the `GOVGRAPH_LOAD_MAX_*` variables.
- **Popolo JSON** (`persons`, `organizations`, `memberships`, `posts`,
  `areas`): see the mapping in `loaders/popolo.py`; `govgraph export --format
  popolo` writes it back.
- **Personal data** (marked below) is never exported to analysis outputs or
  logs, and is left out of exports unless asked for (`--include-personal`).

`govgraph templates DIR` writes a CSV template per file below and an Excel
workbook, each with bilingual headers and an example row.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _prop_row(prop: Prop) -> str:
    bounds = ""
    if prop.minimum is not None or prop.maximum is not None:
        low = "" if prop.minimum is None else f"{prop.minimum:g}"
        high = "" if prop.maximum is None else f"{prop.maximum:g}"
        bounds = f"{low}…{high}"
    enum = ", ".join(f"`{code}`" for code in prop.enum) if prop.enum else ""
    return (f"| `{prop.name}` | {prop.label_zh} | {prop.type} | {'yes' if prop.required else ''} | "
            f"{'**personal**' if prop.personal else ''} | {enum}{' ' if enum and bounds else ''}{bounds} | "
            f"{_cell(prop.description)} |")


PROP_HEADER = ("| column | 中文 | type | required | personal | values | description |\n"
               "| --- | --- | --- | --- | --- | --- | --- |")


def _node(kind: NodeKind) -> list[str]:
    lines = [f"### {kind.name} — {kind.label_zh}", "",
             f"{kind.description}. Family `{kind.family}`; labels {', '.join(f'`{label}`' for label in kind.labels)}; "
             f"file `{kind.file}.csv`.", "", PROP_HEADER]
    lines += [_prop_row(p) for p in kind.all_props]
    for ref in kind.refs:
        lines.append(f"| `{ref.column}` | {ref.label_zh} | id of {' or '.join(ref.targets)} | "
                     f"{'yes' if ref.required else ''} |  | → `{ref.rel}` | {_cell(ref.description)} |")
    return lines + [""]


def _rel(rel: RelKind) -> list[str]:
    shape = "undirected, " if rel.undirected else ""
    where = f"file `{rel.file}.csv`" if rel.file else "written through a node file's reference column"
    key = f"; a tie is identified by its ends, {', '.join(rel.key)}" if rel.key else ""
    lines = [f"### {rel.type} — {rel.label_zh}", "",
             f"({' | '.join(rel.sources)})-[:{rel.type}]->({' | '.join(rel.targets)}): {rel.description}. "
             f"{shape}{where}{key}{'; dated' if rel.dated else ''}.", ""]
    if rel.file:
        lines.append(PROP_HEADER)
        for column in rel_columns(rel):
            if column.prop is not None:
                lines.append(_prop_row(column.prop))
            else:
                lines.append(f"| `{column.name}` | {column.label_zh} | id | {'yes' if column.required else ''} |  |  | "
                             f"{'the tie' if column.role == 'id' else 'the ' + column.role + ' node'} |")
        lines.append("")
    return lines


def _type_lines() -> str:
    return "\n".join(f"  - `{t.name}`: {t.doc}" for t in TYPES.values())


def render() -> str:
    lines = [INTRO.replace("{TYPE_LINES}", _type_lines()), "## Node kinds", ""]
    for family in ontology.FAMILIES:
        kinds = ontology.KINDS_OF_FAMILY[family]
        links = ", ".join(f"[{k.name}](#{k.name.lower()}--{_anchor(k.label_zh)})" for k in kinds)
        lines.append(f"Family **{family}**: {links}")
        lines.append("")
    for kind in ontology.NODE_KINDS:
        lines += _node(kind)
    lines += ["## Relationship kinds", ""]
    for rel in ontology.REL_KINDS:
        lines += _rel(rel)
    return "\n".join(lines).rstrip() + "\n"


def _anchor(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def write(path: Path = PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
