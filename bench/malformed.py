"""Malformed input made from the templates, as a hostile or careless office would send it.

Each `Mutation` turns the templates (`govgraph templates`: a CSV per kind, one workbook) or a small valid
Popolo file into a case: a folder of files to load, the outcome the loaders must give (`reject`, `accept`,
or `either` for noise such as a random cut, where only a clean outcome is required), and, for a reject,
the file the refusal must name and whether it must name a row and column too.

Used by the fuzz tests (tests/test_loaders_fuzz.py draws mutations and seeds with hypothesis) and by the
larger run a maintainer starts by hand (`python -m bench.fuzz_loaders --count 3000`). Every mutation is
deterministic given its `random.Random`.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from graph import ontology
from loaders.templates import example_id, write_all

Outcome = Literal["reject", "accept", "either"]

WORKBOOK = Path("excel") / "govgraph-template.xlsx"
JAPANESE = ["東京都庁", "さくら市役所", "山田太郎", "横浜みなとみらい管理組合", "大阪府警察本部", "ひまわり保育園"]
TRADITIONAL = ["臺北市政府", "國立臺灣大學附屬醫院", "陳大文", "高雄港務處", "臺灣電力公司", "新竹科學園區管理局"]


@dataclass
class Case:
    name: str  # the mutation's name: its class in the counts
    folder: Path
    paths: list[Path]  # what to load
    outcome: Outcome
    blamed: Path | None = None  # the file a refusal must name
    cell: bool = False  # the refusal must name a row and a column too
    encoding: str | None = None  # --encoding, when the case gives one
    limits: dict[str, float] = field(default_factory=dict)  # bounds lowered for the case


@dataclass(frozen=True)
class Mutation:
    name: str
    make: Callable[[random.Random, Path, Path], Case]  # (rng, templates folder, case folder) → case
    outcome: Outcome


# --- CSV ---------------------------------------------------------------------
def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))


def _copy_csvs(templates: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in templates.glob("*.csv"):
        shutil.copy(path, folder / path.name)


def _node_kind(rng: random.Random, wanted: Callable[[ontology.NodeKind], bool] = lambda k: True) -> ontology.NodeKind:
    return rng.choice([k for k in ontology.NODE_KINDS if wanted(k)])


def _column(rows: list[list[str]], name: str) -> int:
    return next(i for i, header in enumerate(rows[0]) if header.endswith(f" {name}"))


def _csv_case(name: str, outcome: Outcome, *, cell: bool = True,
              kinds: Callable[[ontology.NodeKind], bool] = lambda k: True) -> Callable[..., Any]:
    """A mutation of one cell (or row) of one node kind's template, the other templates beside it."""
    def decorate(change: Callable[[random.Random, ontology.NodeKind, list[list[str]]], None]) -> Mutation:
        def make(rng: random.Random, templates: Path, folder: Path) -> Case:
            _copy_csvs(templates, folder)
            kind = _node_kind(rng, kinds)
            path = folder / f"{kind.file}.csv"
            rows = _read(path)
            change(rng, kind, rows)
            _write(path, rows)
            return Case(name, folder, [folder], outcome, path, cell)
        return Mutation(name, make, outcome)
    return decorate


def _props(kind: ontology.NodeKind, type_: str) -> list[ontology.Prop]:
    return [p for p in kind.all_props if p.type == type_ and p.enum is None]


@_csv_case("int beyond 64 bits", "reject", kinds=lambda k: bool(_props(k, "int")))
def _big_int(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    prop = rng.choice(_props(kind, "int"))
    rows[1][_column(rows, prop.name)] = rng.choice(["9223372036854775808", "-9223372036854775809", "1" * 30,
                                                    "1e30", "9" * 5000])


@_csv_case("id too long for the index", "reject")
def _long_id(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    rows[1][0] = "编" * rng.randint(1334, 3000)  # 3 bytes each: over 4,000 bytes


@_csv_case("name too long for the index", "reject")
def _long_name(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    rows[1][1] = rng.choice(["名", "a", "𠀀"]) * rng.randint(4001, 6000)


@_csv_case("control character in a cell", "reject")
def _control(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    column = rng.choice([0, 1, 2])
    ch = rng.choice(["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\ufffe", "\x0b", "\t", "\n", "\u2028"])
    text = rows[1][column]
    at = rng.randint(1, max(1, len(text) - 1))
    rows[1][column] = text[:at] + ch + text[at:]


@_csv_case("invisible character in an id", "reject")
def _invisible(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    rows[1][0] = rows[1][0][:3] + rng.choice(["\u200b", "\u3000", "\u00a0", "\u202e", "\u2060"]) + rows[1][0][3:]


@_csv_case("byte-order mark before a second row's id", "reject")
def _bom_row(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    rows.append(["\ufeff" + rows[1][0], *rows[1][1:]])  # the same id again, behind a BOM: a duplicate


@_csv_case("impossible date", "reject", kinds=lambda k: bool(_props(k, "date") or _props(k, "datetime")))
def _date(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    props = _props(kind, "date") + _props(kind, "datetime")
    prop = rng.choice(props)
    rows[1][_column(rows, prop.name)] = rng.choice(["2020-02-30", "2020-13-01", "31/12/2020", "昨天", "99999-01-01",
                                                    "2020-01-01T25:00"])


@_csv_case("number out of range", "reject", kinds=lambda k: any(p.minimum is not None for p in k.all_props))
def _range(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    prop = rng.choice([p for p in kind.all_props if p.minimum is not None])
    wrong = [f"{prop.minimum - 1:g}", "inf", "nan", "-inf", "不详"]
    wrong += [f"{prop.maximum + 1:g}"] if prop.maximum else []
    rows[1][_column(rows, prop.name)] = rng.choice(wrong)


@_csv_case("code not in the enumeration", "reject", kinds=lambda k: any(p.enum for p in k.all_props))
def _enum(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    prop = rng.choice([p for p in kind.all_props if p.enum])
    rows[1][_column(rows, prop.name)] = rng.choice(["其他", "unknown_kind", "grand party", "0"])


@_csv_case("dangling reference", "reject", kinds=lambda k: bool(k.refs))
def _dangling(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    ref = rng.choice(kind.refs)
    rows[1][_column(rows, ref.column)] = f"nowhere-{rng.randint(0, 10**6)}"


@_csv_case("organisation its own parent", "reject", kinds=lambda k: k.family == "Organization")
def _own_parent(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    rows[1][_column(rows, "parent_org")] = rows[1][0]


@_csv_case("duplicate id", "reject")
def _duplicate(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    rows.append(list(rows[1]))
    rows[-1][1] = rows[-1][1] + "二"


@_csv_case("values beyond the header", "reject")
def _ragged(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    rows[1] += ["", "多余"] * rng.randint(1, 3)


@_csv_case("unknown column", "reject", cell=False)
def _typo(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    at = rng.randrange(len(rows[0]))
    rows[0][at] = rows[0][at].split(" ")[-1][::-1] + "x"


@_csv_case("required column missing", "reject", cell=False)
def _missing(rng: random.Random, kind: ontology.NodeKind, rows: list[list[str]]) -> None:
    required = [i for i, h in enumerate(rows[0]) if h.split(" ")[-1] in
                {p.name for p in kind.all_props if p.required} | {r.column for r in kind.refs if r.required}]
    at = rng.choice(required)
    for row in rows:
        del row[at]


def _cycle(rng: random.Random, templates: Path, folder: Path) -> Case:
    """Two organisations each under the other (the template's government body is under its party organisation)."""
    _copy_csvs(templates, folder)
    path = folder / "party_organizations.csv"
    rows = _read(path)
    rows[1][_column(rows, "parent_org")] = example_id(ontology.NODE_BY_NAME["GovernmentBody"])
    _write(path, rows)
    return Case("organisations in a cycle", folder, [folder], "reject", path, True)


def _cycle_with_graph(rng: random.Random, templates: Path, folder: Path) -> Case:
    """The graph holds the templates: a party organisation moved under its own child, the government body."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "party_organizations.csv"
    rows = _read(templates / "party_organizations.csv")
    rows[1][_column(rows, "parent_org")] = example_id(ontology.NODE_BY_NAME["GovernmentBody"])
    _write(path, rows)
    return Case("parent moved under its own child (in the graph)", folder, [path], "reject", path, True)


def _self_co_building(rng: random.Random, templates: Path, folder: Path) -> Case:
    _copy_csvs(templates, folder)
    path = folder / "co_builds.csv"
    rows = _read(path)
    rows[1][2] = rows[1][1]
    _write(path, rows)
    return Case("co-building with itself", folder, [folder], "reject", path, True)


def _encoded(rng: random.Random, templates: Path, folder: Path, encoding: str, names: list[str]) -> Path:
    """persons.csv with English headers and names of another script, in that script's encoding."""
    _copy_csvs(templates, folder)
    path = folder / "persons.csv"
    rows = _read(path)
    rows[0] = [h.split(" ")[-1] for h in rows[0]]
    rows[1][1] = rng.choice(names)
    for extra in range(rng.randint(0, 3)):
        rows.append([f"{rows[1][0]}-{extra}", rng.choice(names), *rows[1][2:]])
    _write(path, rows, encoding)
    return path


def _shift_jis(rng: random.Random, templates: Path, folder: Path) -> Case:
    path = _encoded(rng, templates, folder, "shift_jis", JAPANESE)
    return Case("Shift-JIS file", folder, [folder], "reject", path)


def _big5(rng: random.Random, templates: Path, folder: Path) -> Case:
    path = _encoded(rng, templates, folder, "big5", TRADITIONAL)
    return Case("Big5 file", folder, [folder], "reject", path)


def _big5_named(rng: random.Random, templates: Path, folder: Path) -> Case:
    path = _encoded(rng, templates, folder, "big5", TRADITIONAL)
    case = Case("Big5 file with --encoding big5", folder, [folder], "accept", path)
    case.encoding = "big5"
    return case


def _unicode(rng: random.Random, templates: Path, folder: Path) -> Case:
    """A template re-saved as UTF-16 or UTF-32, with or without a BOM, or GB18030: all of them read."""
    _copy_csvs(templates, folder)
    kind = _node_kind(rng)
    path = folder / f"{kind.file}.csv"
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "gb18030",
                           "utf-8", "utf-8-sig"])
    _write(path, _read(path), encoding)
    return Case(f"re-saved as {encoding}", folder, [folder], "accept", path)


def _garbage(rng: random.Random, templates: Path, folder: Path) -> Case:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_node_kind(rng).file}.csv"
    path.write_bytes(rng.randbytes(rng.randint(1, 4000)))
    return Case("random bytes as CSV", folder, [path], "reject", path)


def _cut(rng: random.Random, templates: Path, folder: Path) -> Case:
    _copy_csvs(templates, folder)
    path = folder / f"{_node_kind(rng).file}.csv"
    data = path.read_bytes()
    path.write_bytes(data[:rng.randrange(len(data))])
    return Case("CSV cut short", folder, [folder], "either", path)


def _flips(rng: random.Random, templates: Path, folder: Path) -> Case:
    _copy_csvs(templates, folder)
    path = folder / f"{_node_kind(rng).file}.csv"
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return Case("bytes flipped in a CSV", folder, [folder], "either", path)


def _too_many_rows(rng: random.Random, templates: Path, folder: Path) -> Case:
    _copy_csvs(templates, folder)
    path = folder / "persons.csv"
    rows = _read(path)
    rows += [[f"p-{i}", f"人员{i}", *[""] * (len(rows[0]) - 2)] for i in range(60)]
    _write(path, rows)
    return Case("rows beyond the bound", folder, [folder], "reject", path, limits={"rows": 50})


def _too_many_columns(rng: random.Random, templates: Path, folder: Path) -> Case:
    _copy_csvs(templates, folder)
    path = folder / "persons.csv"
    rows = _read(path)
    width = rng.choice([1_001, 5_000, 100_000])
    rows[0] += [f"c{i}" for i in range(width)]
    _write(path, rows)
    return Case("columns beyond the bound", folder, [folder], "reject", path)


def _huge_cell(rng: random.Random, templates: Path, folder: Path) -> Case:
    _copy_csvs(templates, folder)
    kind = _node_kind(rng, lambda k: any(p.type == "string" and p.name not in ("id", "name") and not p.enum
                                         for p in k.all_props))
    path = folder / f"{kind.file}.csv"
    rows = _read(path)
    prop = next(p for p in kind.all_props if p.type == "string" and p.name not in ("id", "name") and not p.enum)
    rows[1][_column(rows, prop.name)] = "长" * rng.randint(66_000, 400_000)
    _write(path, rows)
    return Case("a cell beyond the byte bound", folder, [folder], "reject", path)


def _file_too_big(rng: random.Random, templates: Path, folder: Path) -> Case:
    _copy_csvs(templates, folder)
    path = folder / "persons.csv"
    return Case("file beyond the byte bound", folder, [folder], "reject", path, limits={"file_bytes": 100})


# --- Excel -------------------------------------------------------------------
def _workbook_case(name: str, outcome: Outcome, cell: bool = False) -> Callable[..., Mutation]:
    def decorate(change: Callable[[random.Random, Path], None]) -> Mutation:
        def make(rng: random.Random, templates: Path, folder: Path) -> Case:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "区县报送.xlsx"
            shutil.copy(templates / WORKBOOK, path)
            change(rng, path)
            return Case(name, folder, [path], outcome, path, cell)
        return Mutation(name, make, outcome)
    return decorate


def _edit_cells(path: Path, sheet_name: str, edit: Callable[[Any], None]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    edit(workbook[sheet_name])
    workbook.save(path)


def _header_index(sheet: Any, name: str) -> int:
    return next(c.column for c in sheet[1] if str(c.value).endswith(f" {name}"))


@_workbook_case("workbook: organisation its own parent", "reject", cell=True)
def _wb_own_parent(rng: random.Random, path: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.cell(2, _header_index(sheet, "parent_org")).value = sheet.cell(2, 1).value
    _edit_cells(path, rng.choice(["party_organizations", "government_bodies", "resident_units"]), edit)


@_workbook_case("workbook: organisations in a cycle", "reject", cell=True)
def _wb_cycle(rng: random.Random, path: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.cell(2, _header_index(sheet, "parent_org")).value = example_id(ontology.NODE_BY_NAME["GovernmentBody"])
    _edit_cells(path, "party_organizations", edit)


@_workbook_case("workbook: int beyond 64 bits", "reject", cell=True)
def _wb_big_int(rng: random.Random, path: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.cell(2, _header_index(sheet, "population")).value = rng.choice([2**63, -(2**63) - 1, 10**30, 1e300])
    _edit_cells(path, rng.choice(["compounds", "communities", "streets"]), edit)


@_workbook_case("workbook: id too long for the index", "reject", cell=True)
def _wb_long_id(rng: random.Random, path: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.cell(2, 1).value = "编" * rng.randint(1400, 3000)
    _edit_cells(path, rng.choice(["persons", "compounds", "party_organizations"]), edit)


@_workbook_case("workbook: sheet of an unknown name", "reject")
def _wb_unknown_sheet(rng: random.Random, path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook[rng.choice(["persons", "compounds", "facilities"])].title = rng.choice(["Sheet1", "人员名单", "附表"])
    workbook.save(path)


def _rewrite_part(path: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """The workbook with each part replaced by change(name, data) (None drops the part)."""
    parts = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data = change(info.filename, archive.read(info))
            if data is not None:
                parts.append((info.filename, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)


def _sheet_part(rng: random.Random, path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
    return rng.choice(sorted(sheets)[1:])  # not the notes sheet (sheet1)


@_workbook_case("workbook: sheet XML truncated", "reject")
def _wb_truncated(rng: random.Random, path: Path) -> None:
    part = _sheet_part(rng, path)
    _rewrite_part(path, lambda name, data: data[:rng.randint(60, len(data) - 20)] if name == part else data)


@_workbook_case("workbook: undefined entity in sheet XML", "reject")
def _wb_entity(rng: random.Random, path: Path) -> None:
    part = _sheet_part(rng, path)
    _rewrite_part(path, lambda name, data: data.replace(b"<sheetData>", b"<sheetData>&undefined;", 1)
                  .replace(b"<v>", b"<v>&bogus;", 1) if name == part else data)


@_workbook_case("workbook: entity expansion (billion laughs)", "reject")
def _wb_laughs(rng: random.Random, path: Path) -> None:
    part = _sheet_part(rng, path)
    dtd = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
                      for i in range(1, 10)) + b"]>")

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        body = data.split(b"?>", 1)[-1]
        return dtd + body.replace(b"<v>", b"<v>&lol9;", 1)
    _rewrite_part(path, change)


@_workbook_case("workbook: unclosed tag in sheet XML", "reject")
def _wb_unclosed(rng: random.Random, path: Path) -> None:
    part = _sheet_part(rng, path)
    _rewrite_part(path, lambda name, data: data.replace(b"</row>", b"", 1) if name == part else data)


@_workbook_case("workbook: control character in sheet XML", "reject")
def _wb_control(rng: random.Random, path: Path) -> None:
    part = _sheet_part(rng, path)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        at = data.rfind(b"<t>")
        return data[:at] + b"<t>" + rng.choice([b"&#1;", b"&#x1b;", b"\x00"]) + data[at + 3:]
    _rewrite_part(path, change)


@_workbook_case("workbook: a listed sheet missing", "reject")
def _wb_missing_sheet(rng: random.Random, path: Path) -> None:
    part = _sheet_part(rng, path)
    _rewrite_part(path, lambda name, data: None if name == part else data)


@_workbook_case("workbook: cut short", "reject")
def _wb_cut(rng: random.Random, path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:rng.randrange(len(data) - 200)])


@_workbook_case("workbook: random bytes", "reject")
def _wb_garbage(rng: random.Random, path: Path) -> None:
    path.write_bytes(rng.choice([b"PK\x03\x04", b""]) + rng.randbytes(rng.randint(0, 5000)))


def _zip_bomb(rng: random.Random, templates: Path, folder: Path) -> Case:
    """A workbook of a few hundred kilobytes whose persons sheet holds some two million rows."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bomb.xlsx"
    shutil.copy(templates / WORKBOOK, path)
    rows = rng.choice([1_100_000, 2_000_000, 3_000_000])
    lie = rng.random() < 0.5  # a dimension claiming one row, so that only counting finds them

    def change(name: str, data: bytes) -> bytes:
        if name != _persons_part(path):
            return data
        head, _, tail = data.partition(b"<sheetData>")
        body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>p%d</t></is></c></row>' % (i, i, i)
                        for i in range(3, rows + 3))
        if lie:
            head = head.replace(b'<dimension ref="', b'<dimension ref="A1:A2" old="')
        return head + b"<sheetData>" + tail.replace(b"</sheetData>", body + b"</sheetData>", 1)
    _rewrite_part(path, change)
    return Case("workbook expanding to millions of rows", folder, [path], "reject", path)


def _persons_part(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = sorted((n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")),
                       key=lambda n: int(n.removeprefix("xl/worksheets/sheet").removesuffix(".xml")))
    index = [k.file for k in ontology.NODE_KINDS].index("persons") + 2  # after the notes sheet
    return names[index - 1]


# --- Popolo ------------------------------------------------------------------
def popolo_base() -> dict[str, Any]:
    """A small valid Popolo file: a city and a district, two organisations, two persons, memberships, a post."""
    return {
        "areas": [{"id": "pa-city", "name": "德阳市", "classification": "City"},
                  {"id": "pa-jy", "name": "旌阳区", "classification": "District", "parent_id": "pa-city",
                   "population": 120000}],
        "organizations": [
            {"id": "po-1", "name": "旌阳区委", "classification": "grand_party_committee", "area_id": "pa-jy"},
            {"id": "po-2", "name": "城北街道党工委", "classification": "grand_working_committee", "parent_id": "po-1"},
            {"id": "pu-1", "name": "德阳市人民医院", "classification": "hospital", "area_id": "pa-jy"}],
        "persons": [{"id": "pp-1", "name": "张伟", "gender": "男", "party_member": True},
                    {"id": "pp-2", "name": "李娜", "gender": "female"}],
        "posts": [{"id": "post-1", "organization_id": "po-2", "role": "书记"}],
        "memberships": [{"person_id": "pp-1", "post_id": "post-1", "start_date": "2021-01-01"},
                        {"person_id": "pp-2", "organization_id": "po-1", "role": "兼职委员",
                         "on_behalf_of_id": "pu-1"}],
    }


def _popolo_case(name: str, outcome: Outcome, cell: bool = True) -> Callable[..., Mutation]:
    def decorate(change: Callable[[random.Random, dict[str, Any]], Any]) -> Mutation:
        def make(rng: random.Random, templates: Path, folder: Path) -> Case:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "popolo.json"
            data = popolo_base()
            changed = change(rng, data)
            if isinstance(changed, bytes):
                path.write_bytes(changed)
            else:
                value = data if changed is None else changed
                try:
                    path.write_bytes(json.dumps(value, ensure_ascii=False).encode("utf-8"))
                except UnicodeEncodeError:  # a lone surrogate: JSON escapes it (\ud800), as other tools do
                    path.write_bytes(json.dumps(value).encode("ascii"))
            return Case(name, folder, [path], outcome, path, cell)
        return Mutation(name, make, outcome)
    return decorate


def _item(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    collection = rng.choice(["areas", "organizations", "persons"])
    return rng.choice(data[collection])


@_popolo_case("Popolo: a value of the wrong JSON type", "reject")
def _pp_types(rng: random.Random, data: dict[str, Any]) -> None:
    item = _item(rng, data)
    item[rng.choice(["id", "name"])] = rng.choice([True, False, 7, 3.5, {"zh": "名"}, ["a"], 10**20])


@_popolo_case("Popolo: a collection not a list", "reject", cell=False)
def _pp_collection(rng: random.Random, data: dict[str, Any]) -> None:
    data[rng.choice(["organizations", "persons", "areas", "memberships", "posts"])] = rng.choice(
        [None, {}, "persons", 3, True])


@_popolo_case("Popolo: nested thousands of levels", "reject", cell=False)
def _pp_deep(rng: random.Random, data: dict[str, Any]) -> bytes:
    levels = rng.choice([100, 5_000, 100_000])
    opening, closing = rng.choice([("[", "]"), ('{"a":', "}")])
    text = json.dumps(data, ensure_ascii=False)
    return text.replace('"name": "张伟"', '"name": ' + opening * levels + "1" + closing * levels, 1).encode()


@_popolo_case("Popolo: int beyond 64 bits", "reject")
def _pp_big_int(rng: random.Random, data: dict[str, Any]) -> bytes:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace('"population": 120000', '"population": ' + rng.choice(
        ["9223372036854775808", "1" + "0" * 40, "1e400", "-" + "9" * 25]), 1).encode()


@_popolo_case("Popolo: huge number literal", "reject", cell=False)
def _pp_huge_literal(rng: random.Random, data: dict[str, Any]) -> bytes:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace('"population": 120000', '"population": ' + "7" * rng.randint(5_000, 50_000), 1).encode()


@_popolo_case("Popolo: organisation its own parent", "reject")
def _pp_own_parent(rng: random.Random, data: dict[str, Any]) -> None:
    organization = rng.choice(data["organizations"])
    organization["parent_id"] = organization["id"]


@_popolo_case("Popolo: organisations in a cycle", "reject")
def _pp_cycle(rng: random.Random, data: dict[str, Any]) -> None:
    data["organizations"][0]["parent_id"] = "po-2"


@_popolo_case("Popolo: areas in a cycle or own parent", "reject")
def _pp_area_cycle(rng: random.Random, data: dict[str, Any]) -> None:
    data["areas"][1]["parent_id"] = "pa-jy"


@_popolo_case("Popolo: control character in a name", "reject")
def _pp_control(rng: random.Random, data: dict[str, Any]) -> None:
    item = _item(rng, data)
    item["name"] = item["name"][:1] + rng.choice(["\x00", "\x08", "\x1f", "\ud800", "\ufffe", "\n"]) + item["name"][1:]


@_popolo_case("Popolo: not valid JSON", "reject", cell=False)
def _pp_cut(rng: random.Random, data: dict[str, Any]) -> bytes:
    text = json.dumps(data, ensure_ascii=False).encode()
    return text[:rng.randrange(1, len(text) - 1)]


@_popolo_case("Popolo: not UTF-8", "reject", cell=False)
def _pp_encoding(rng: random.Random, data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode(rng.choice(["gb18030", "big5", "utf-16-le"]), "replace")


@_popolo_case("Popolo: sections left out", "accept", cell=False)
def _pp_sections(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    keep = rng.choice([("persons",), ("areas",), ("areas", "organizations"), ("persons", "areas"), ()])
    return {key: data[key] for key in keep}


MUTATIONS: tuple[Mutation, ...] = (
    _big_int, _long_id, _long_name, _control, _invisible, _bom_row, _date, _range, _enum, _dangling, _own_parent,
    _duplicate, _ragged, _typo, _missing,
    Mutation("organisations in a cycle", _cycle, "reject"),
    Mutation("parent moved under its own child (in the graph)", _cycle_with_graph, "reject"),
    Mutation("co-building with itself", _self_co_building, "reject"),
    Mutation("Shift-JIS file", _shift_jis, "reject"),
    Mutation("Big5 file", _big5, "reject"),
    Mutation("Big5 file with --encoding big5", _big5_named, "accept"),
    Mutation("re-saved in another Unicode encoding or GB18030", _unicode, "accept"),
    Mutation("random bytes as CSV", _garbage, "reject"),
    Mutation("CSV cut short", _cut, "either"),
    Mutation("bytes flipped in a CSV", _flips, "either"),
    Mutation("rows beyond the bound", _too_many_rows, "reject"),
    Mutation("columns beyond the bound", _too_many_columns, "reject"),
    Mutation("a cell beyond the byte bound", _huge_cell, "reject"),
    Mutation("file beyond the byte bound", _file_too_big, "reject"),
    _wb_own_parent, _wb_cycle, _wb_big_int, _wb_long_id, _wb_unknown_sheet, _wb_truncated, _wb_entity, _wb_laughs,
    _wb_unclosed, _wb_control, _wb_missing_sheet, _wb_cut, _wb_garbage,
    Mutation("workbook expanding to millions of rows", _zip_bomb, "reject"),
    _pp_types, _pp_collection, _pp_deep, _pp_big_int, _pp_huge_literal, _pp_own_parent, _pp_cycle, _pp_area_cycle,
    _pp_control, _pp_cut, _pp_encoding, _pp_sections,
)
SLOW = frozenset({"workbook expanding to millions of rows", "a cell beyond the byte bound"})


def templates(folder: Path) -> Path:
    """The templates every case is made from."""
    write_all(folder)
    return folder


def make(mutation: Mutation, seed: int, templates_folder: Path, folder: Path) -> Case:
    case = mutation.make(random.Random(seed), templates_folder, folder)
    case.name = mutation.name
    return case


__all__ = ["Case", "MUTATIONS", "Mutation", "make", "popolo_base", "templates", "codecs"]
