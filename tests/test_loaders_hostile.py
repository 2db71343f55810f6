"""Files no loader may crash on, hang on or be fooled by: each class of issue 14, refused where it is wrong
(before anything is written, naming file, row and column as the file wrote them) or read where it is right."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from graph.types import INT_MAX, MAX_INDEXED_BYTES, TYPES, graphql_scalar, json_mismatch
from loaders import LoadError, load_paths
from loaders.encodings import EncodingUnknown, detect
from loaders.limits import Limits
from loaders.values import parse_id, parse_int, parse_string
from tests.cli import govgraph

SMALL_CITY = Path(__file__).parent / "data" / "small_city"


def problems_of(paths: list[Path], graph: Any, **options: Any) -> list[Any]:
    with pytest.raises(LoadError) as caught:
        load_paths(paths, graph, **options)
    return caught.value.problems


def nodes(graph: Any) -> int:
    records, _, _ = graph.execute_query("MATCH (n) WHERE NOT n:GraphMeta RETURN count(n) AS n")
    return records[0]["n"]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- the value types ----------------------------------------------------------
def test_integers_are_bounded_to_what_neo4j_stores() -> None:
    assert parse_int(str(INT_MAX)) == INT_MAX
    for raw in (str(INT_MAX + 1), -(2**63) - 1, 1e19, "1" * 30, "9" * 5000):
        with pytest.raises(ValueError, match="64 bits"):
            parse_int(raw)


def test_control_characters_are_refused_and_byte_order_marks_dropped() -> None:
    assert parse_string("\ufeff泰山路社区") == "泰山路社区"
    assert parse_string("泰山\u3000路") == "泰山\u3000路"  # an ideographic space is text
    for raw in ("泰\x00山", "a\x1bb", "名\t称", "两\n行", "a\u2028b", "a\ufffe", "x\ud800"):
        with pytest.raises(ValueError, match="expected"):
            parse_string(raw)
    assert parse_string("两\r\n行", multiline=True) == "两\n行"  # where a cell may hold lines
    with pytest.raises(ValueError, match="visible"):
        parse_id("c-\u200b001")


def test_indexed_text_is_bounded_below_the_index_key_limit() -> None:
    assert parse_id("编" * (MAX_INDEXED_BYTES // 3)) == "编" * (MAX_INDEXED_BYTES // 3)
    with pytest.raises(ValueError, match="4,000 bytes"):
        parse_id("编" * (MAX_INDEXED_BYTES // 3 + 1))


def test_each_property_type_names_its_graphql_scalar_and_json_values() -> None:
    assert {name: graphql_scalar(name) for name in TYPES} == {
        "string": "String", "int": "Int", "float": "Float", "bool": "Boolean", "date": "Date",
        "datetime": "DateTime", "string_list": "[String!]"}
    assert json_mismatch("string", True) == "expected a JSON string, got true"
    assert json_mismatch("string", 7) == "expected a JSON string, got the number '7'"
    assert json_mismatch("int", False) == "expected a JSON number, got false"
    assert json_mismatch("int", "12") is None and json_mismatch("string_list", ["a"]) is None


# --- encodings ----------------------------------------------------------------
TEXT = "编号 id,名称 name\nc-1,泰山路社区\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "utf-32-le", "utf-32-be"])
def test_unicode_and_gb18030_files_are_told_with_or_without_a_byte_order_mark(encoding: str) -> None:
    assert detect(TEXT.encode(encoding))[0] == TEXT


@pytest.mark.parametrize("encoding, text", [("shift_jis", "id,name\nc-1,東京都庁\nc-2,さくら市役所\n"),
                                            ("big5", "id,name\nc-1,臺北市政府\nc-2,國立臺灣大學\n")])
def test_another_east_asian_encoding_is_refused_not_read_as_gb18030_garbage(encoding: str, text: str) -> None:
    with pytest.raises(EncodingUnknown, match="--encoding"):
        detect(text.encode(encoding))


def test_a_big5_file_loads_when_its_encoding_is_named(graph: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "cities.csv", "id,name\nc-tp,臺北市\n", "big5")
    refused = govgraph("load", "--dry-run", str(folder))
    assert refused.returncode == 1 and "--encoding" in refused.stderr and "Traceback" not in refused.stderr
    loaded = govgraph("load", "--encoding", "big5", str(folder))
    assert loaded.returncode == 0, loaded.stderr
    records, _, _ = graph.execute_query("MATCH (c:City {id: 'c-tp'}) RETURN c.name AS name")
    assert records[0]["name"] == "臺北市"


def test_a_byte_order_mark_before_a_rows_id_makes_no_second_node(graph: Any, tmp_path: Path) -> None:
    """Two exports joined with `cat`: the second one's BOM lands in front of an id."""
    path = write(tmp_path / "cities.csv", "\ufeffid,name\nc-1,德阳市\n\ufeffc-2,绵阳市\n")
    load_paths([path], graph)
    write(path, "id,name\nc-1,德阳市\nc-2,绵阳市\n")
    load_paths([path], graph)
    records, _, _ = graph.execute_query("MATCH (c:City) RETURN c.id AS id ORDER BY id")
    assert [r["id"] for r in records] == ["c-1", "c-2"]


# --- bounds -------------------------------------------------------------------
def test_every_bound_is_named_with_the_variable_that_raises_it(graph: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "cities.csv", "id,name\n" + "".join(f"c-{i},市{i}\n" for i in range(11)))
    monkeypatch.setenv("GOVGRAPH_LOAD_MAX_ROWS", "10")
    [problem] = problems_of([path], graph)
    assert problem.row == 12 and "more than 10 rows (the bound rows; raise it with GOVGRAPH_LOAD_MAX_ROWS" \
        in problem.message
    monkeypatch.delenv("GOVGRAPH_LOAD_MAX_ROWS")
    assert load_paths([path], graph, dry_run=True).node_rows == 11

    wide = write(tmp_path / "districts.csv", "id,name," + ",".join(f"c{i}" for i in range(1_000)) + "\n")
    [problem] = problems_of([wide], graph)
    assert "1,002 columns" in problem.message and "the bound columns" in problem.message

    big = write(tmp_path / "streets.csv", "id,name,admin_code\ns-1,城北街道," + "码" * 70_000 + "\n")
    [problem] = problems_of([big], graph)
    assert problem.row == 2 and "the bound cell_bytes" in problem.message

    [problem] = problems_of([path], graph, limits=Limits(seconds=1e-9))
    assert "the bound seconds" in problem.message and "GOVGRAPH_LOAD_MAX_SECONDS" in problem.message
    assert nodes(graph) == 0


def _bomb(path: Path, rows: int, dimension: str) -> Path:
    """A workbook of one persons sheet whose rows are written straight into its XML (compressed: small)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "persons"
    sheet.append(["id", "name"])
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>p%d</t></is></c></row>' % (i, i, i)
                    for i in range(2, rows + 2))
    sheet_xml = parts["xl/worksheets/sheet1.xml"].replace(b"</sheetData>", body + b"</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace(b'<dimension ref="A1:B1"', b'<dimension ref="' +
                                                          dimension.encode() + b'"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_small_workbook_of_millions_of_rows_is_refused_before_it_is_parsed(graph: Any, tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.xlsx", 2_000_000, "A1:A2")  # its dimension lies
    assert path.stat().st_size < 20_000_000
    [problem] = problems_of([path], graph, dry_run=True)
    assert (problem.sheet, problem.row) == ("persons", None)
    assert "the sheet has 2,000,001 rows, more than 1,048,576 rows (the bound rows" in problem.message
    [problem] = problems_of([path], graph, dry_run=True, limits=Limits(workbook_bytes=10_000_000))
    assert "the bound workbook_bytes" in problem.message


# --- workbooks ----------------------------------------------------------------
def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    cities = workbook.active
    cities.title = "cities"
    cities.append(["id", "name"])
    cities.append(["c-1", "德阳市"])
    districts = workbook.create_sheet("区县")
    districts.append(["编号", "名称", "上级区域"])
    districts.append(["d-1", "旌阳区", "c-1"])
    workbook.save(path)
    return path


def _rewritten(path: Path, part: str, change: Any) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    data = change(parts.pop(part))
    if data is not None:
        parts[part] = data
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


@pytest.mark.parametrize("damage", [lambda xml: xml[:len(xml) // 2], lambda xml: xml.replace(b"<v>", b"<v>&nope;"),
                                    lambda xml: xml.replace(b"</row>", b"", 1)],
                         ids=["truncated", "undefined entity", "unclosed tag"])
def test_damaged_sheet_xml_is_a_problem_of_that_sheet(graph: Any, tmp_path: Path, damage: Any) -> None:
    path = _rewritten(_workbook(tmp_path / "城北.xlsx"), "xl/worksheets/sheet2.xml",
                      lambda xml: damage(xml.replace(b't="inlineStr"><is><t>', b"><v>1</v><is><t>")))
    [problem] = problems_of([path], graph)
    assert (problem.file, problem.sheet) == (str(path), "区县") and "XML is damaged" in problem.message


def test_a_sheet_the_workbook_lists_but_does_not_hold_is_reported(graph: Any, tmp_path: Path) -> None:
    path = _rewritten(_workbook(tmp_path / "城北.xlsx"), "xl/worksheets/sheet2.xml", lambda xml: None)
    [problem] = problems_of([path], graph)
    assert problem.sheet == "区县" and "lists this sheet" in problem.message


def test_a_workbook_with_no_sheet_named_for_a_kind_is_refused(graph: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["只是说明"])
    workbook.save(tmp_path / "notes.xlsx")
    [problem] = problems_of([tmp_path / "notes.xlsx"], graph)
    assert "no sheet of the workbook holds rows to load" in problem.message


# --- hierarchies and ties -----------------------------------------------------
ORGS = "id,name,kind,parent_org\n"


def test_an_organisation_under_itself_or_in_a_cycle_is_refused(graph: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "party_organizations.csv", "编号,名称,类型,上级组织\n"
                 "po-a,甲,grand_party_committee,po-a\n"
                 "po-b,乙,grand_party_committee,po-c\n"
                 "po-c,丙,grand_party_committee,po-b\n")
    own, cycle = problems_of([path], graph)
    assert (own.row, own.column) == (2, "上级组织 (parent_org)") and "cannot be its own parent_org" in own.message
    assert (cycle.row, cycle.column) == (3, "上级组织 (parent_org)")
    assert "po-b → po-c → po-b would be a cycle of SUB_ORGANIZATION_OF" in cycle.message
    assert nodes(graph) == 0


def test_a_file_may_not_move_an_existing_parent_under_its_own_child(graph: Any, tmp_path: Path) -> None:
    load_paths([SMALL_CITY], graph)  # po-street ← po-taishan ← po-jinshan
    path = write(tmp_path / "party_organizations.csv", ORGS + "po-street,城北街道大工委,grand_working_committee,"
                 "po-jinshan\n")
    [problem] = problems_of([path], graph)
    assert problem.row == 2 and problem.column == "parent_org"
    assert "po-street → po-jinshan → po-taishan → po-street would be a cycle" in problem.message
    assert "under their parent in the graph" in problem.message


def test_moving_a_node_elsewhere_in_its_hierarchy_is_fine(graph: Any, tmp_path: Path) -> None:
    load_paths([SMALL_CITY], graph)
    path = write(tmp_path / "party_organizations.csv", ORGS + "po-jinshan,金山小区党支部,compound_party_organization,"
                 "po-street\npo-taishan,泰山路社区大党委,grand_party_committee,po-jinshan\n")
    load_paths([path], graph)  # jinshan moves up to the street, taishan below it: a tree still


def test_co_building_with_itself_is_refused(graph: Any, tmp_path: Path) -> None:
    load_paths([SMALL_CITY], graph)
    path = write(tmp_path / "co_builds.csv", "起点编号,终点编号\npo-taishan,po-taishan\n")
    [problem] = problems_of([path], graph)
    assert (problem.row, problem.column) == (2, "终点编号 (target)") and "cannot tie a node to itself" in problem.message


# --- Popolo -------------------------------------------------------------------
def popolo(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_popolo_file_of_persons_only_loads(graph: Any, tmp_path: Path) -> None:
    report = load_paths([popolo(tmp_path / "p.json", {"persons": [{"id": "p-9", "name": "赵敏"}]})], graph)
    assert report.node_rows == 1 and report.rel_rows == 0


@pytest.mark.parametrize("data, where, message", [
    ({"persons": [{"id": True, "name": "赵敏"}]}, ("persons", 1, "id"), "expected a JSON string, got true"),
    ({"persons": [{"id": "p-1", "name": 7}]}, ("persons", 1, "name"), "expected a JSON string, got the number"),
    ({"persons": [], "organizations": None}, ("organizations", None, None), "expected a list of organizations, got null"),
    ({"areas": [{"id": "a", "name": "市", "classification": "City", "population": 2**64}]}, ("areas", 1, "population"),
     "64 bits"),
])
def test_popolo_values_of_the_wrong_json_type_are_refused_in_place(graph: Any, tmp_path: Path, data: Any,
                                                                   where: tuple[Any, ...], message: str) -> None:
    [problem] = problems_of([popolo(tmp_path / "p.json", data)], graph)
    assert (problem.sheet, problem.row, problem.column) == where and message in problem.message


def test_popolo_nested_thousands_of_levels_is_refused_without_recursing(graph: Any, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"persons": [{"id": "p", "name": ' + "[" * 100_000 + "]" * 100_000 + "}]}")
    [problem] = problems_of([path], graph)
    assert "nests 100,003 levels deep" in problem.message and "the bound json_depth" in problem.message
