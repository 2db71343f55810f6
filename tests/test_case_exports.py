"""Case files as hotlines and grid platforms export them (graph/mappings/hotline_12345.toml): an Excel export and
a GBK CSV export load, naming departments and grids by name; a wrong one is refused with its row and column."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from neo4j import Driver
from openpyxl import Workbook

from loaders import LoadError, load_paths
from loaders.case_exports import mappings

SMALL_CITY = Path(__file__).parent / "data" / "small_city"
HEADER = ["工单编号", "诉求来源", "诉求类别", "上报时间", "受理时间", "办理时间", "办结时间", "承办部门", "所属网格",
          "所属小区", "回访满意度", "联系电话", "诉求内容"]
ROWS = [
    ["GD2024030001", "12345热线", "噪音扰民", "2024-03-01 09:00", "2024-03-01 09:40", "2024-03-01 15:00",
     "2024-03-03 10:00", "城北街道公安下沉力量", "泰山路1号网格", "", "满意", "13800000001", "楼下夜市噪音"],
    ["GD2024030002", "网格员上报", "占道经营", "2024/03/02 08:15", "2024/03/02 11:30", "", "",
     "城北街道城管下沉力量", "", "金山小区", "", "", "路口占道"],
    ["GD2024030003", "微信", "物业服务纠纷", "2024-03-04 10:00", "", "", "", "", "", "银河院落", "", "", ""],
]
GOVERNMENT = [["id", "name", "kind", "department", "based_in"],
              ["gov-cb-dispatch-police", "城北街道公安下沉力量", "functional_department", "police", "510603001"],
              ["gov-cb-dispatch-urban", "城北街道城管下沉力量", "functional_department", "urban_management",
               "510603001"]]
GRIDS = [["id", "name", "parent"], ["g-001", "泰山路1号网格", "510603001001"]]


def _city(folder: Path) -> Path:
    shutil.copytree(SMALL_CITY, folder)
    for name, rows in (("government_bodies", GOVERNMENT), ("grids", GRIDS)):
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "工单明细"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _gbk_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def _cases(graph: Driver) -> dict[str, dict]:
    records, _, _ = graph.execute_query(
        "MATCH (c:Case)-[:REPORTED_IN]->(a) OPTIONAL MATCH (c)-[:HANDLED_BY]->(h) "
        "RETURN c.id AS id, c {.*} AS props, a.id AS area, h.id AS handler")
    return {r["id"]: {**r["props"], "area": r["area"], "handler": r["handler"]} for r in records}


def test_the_shipped_mapping_is_checked_against_the_ontology() -> None:
    (hotline,) = [m for m in mappings() if m.file == "hotline_12345.toml"]
    assert hotline.columns["处置时间"] == hotline.columns["办理时间"] == "handled_at"
    assert hotline.values["satisfaction"]["基本满意"] == "basically_satisfied"


def test_an_excel_export_loads_with_the_files_it_names(graph: Driver, tmp_path: Path) -> None:
    folder = _city(tmp_path / "city")
    _xlsx(folder / "12345工单导出.xlsx", ROWS)
    report = load_paths([folder], graph)
    assert any("case export" in note for note in report.notes)
    cases = _cases(graph)
    assert set(cases) == {"GD2024030001", "GD2024030002", "GD2024030003"}
    first = cases["GD2024030001"]
    assert (first["area"], first["handler"], first["source"], first["satisfaction"], first["status"]) == \
        ("g-001", "gov-cb-dispatch-police", "hotline_12345", "satisfied", "closed")
    assert first["reporter_phone"] == "13800000001" and first["category"] == "噪音扰民"
    assert first["accepted_at"].iso_format().startswith("2024-03-01T09:40:00")
    second = cases["GD2024030002"]
    assert (second["area"], second["handler"], second["status"], second["source"]) == \
        ("c-001", "gov-cb-dispatch-urban", "accepted", "grid_inspection")
    assert cases["GD2024030003"]["status"] == "reported" and cases["GD2024030003"]["handler"] is None


def test_a_gbk_csv_export_resolves_names_in_the_graph(graph: Driver, tmp_path: Path) -> None:
    load_paths([_city(tmp_path / "city")], graph)
    export = _gbk_csv(tmp_path / "网格事件导出.csv", ROWS[:2])
    load_paths([export], graph)
    cases = _cases(graph)
    assert cases["GD2024030001"]["handler"] == "gov-cb-dispatch-police"
    assert cases["GD2024030002"]["area"] == "c-001"


def test_a_wrong_export_is_refused_with_its_row_and_column(graph: Driver, tmp_path: Path) -> None:
    load_paths([_city(tmp_path / "city")], graph)
    wrong = [list(r) for r in ROWS]
    wrong[0][4] = "2024-03-01 08:00"  # accepted before it was reported
    wrong[1][7] = "城北街道市场监管下沉力量"  # no such department
    wrong[2][10] = "还行"  # not a satisfaction the mapping knows
    wrong[2][6] = "2024-03-05 10:00"  # closed, never accepted
    export = _xlsx(tmp_path / "12345工单导出.xlsx", wrong)
    with pytest.raises(LoadError) as caught:
        load_paths([export], graph)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert {(2, "受理时间"), (3, "承办部门"), (4, "回访满意度"), (4, "受理时间")} <= found, caught.value.report()
    assert all(p.sheet == "工单明细" for p in caught.value.problems)
    assert "城北街道市场监管下沉力量" in caught.value.report()
    assert _cases(graph) == {}  # nothing written
