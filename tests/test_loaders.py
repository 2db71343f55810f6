"""Loading the files organisation departments keep, as a user would: examples of use with real answers."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from neo4j import Driver

from loaders import LoadError, load_paths
from loaders.stats import checksum, counts
from tests.cli import govgraph

SMALL_CITY = Path(__file__).parent / "data" / "small_city"
NODES, RELS = 17, 24  # what tests/data/small_city holds


def copy_city(folder: Path, encoding: str = "utf-8") -> Path:
    """The small city re-encoded as a user's spreadsheet program might have saved it."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in SMALL_CITY.glob("*.csv"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding=encoding)
    return folder


def one(driver: Driver, query: str, **params: object) -> object:
    records, _, _ = driver.execute_query(query, params)
    return records[0][0] if records else None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_in_each_encoding_loads_the_same_city(graph: Driver, tmp_path: Path, encoding: str) -> None:
    report = load_paths([copy_city(tmp_path / encoding, encoding)], graph)
    assert (report.node_rows, report.rel_rows) == (NODES, RELS)
    assert report.created == NODES + RELS
    stats = counts(graph)
    assert stats.labels["Compound"] == 3 and stats.labels["Area"] == 8 and stats.labels["Organization"] == 6
    assert stats.types["WITHIN"] == 7 and stats.types["SERVES_IN"] == 4 and stats.types["CO_BUILDS"] == 2
    # Chinese names survive every encoding, and typed values are typed.
    assert one(graph, "MATCH (c:Compound {id: 'c-002'}) RETURN c.name") == "银河院落"
    assert one(graph, "MATCH (d:District) RETURN d.population") == 765_000  # "765,000" in the file
    assert one(graph, "MATCH (p:Person {id: 'p-2'}) RETURN p.party_member") is True  # 是
    assert one(graph, "MATCH (:Compound {id: 'c-001'})-[:WITHIN]->(c:Community) RETURN c.name") == "泰山路社区"
    mechanisms = one(graph, "MATCH (:ResidentUnit {id: 'ru-school'})-[r:CO_BUILDS]-() RETURN r.mechanisms")
    assert mechanisms == ["shared_resources", "joint_assessment"]  # split on 、


def test_undirected_ties_are_stored_once_from_the_smaller_id(graph: Driver, tmp_path: Path) -> None:
    folder = copy_city(tmp_path / "city")
    load_paths([folder], graph)
    ends = one(graph, "MATCH (a)-[:CO_BUILDS]->(b) WHERE 'ru-school' IN [a.id, b.id] RETURN [a.id, b.id]")
    assert ends == ["po-taishan", "ru-school"]  # the file said ru-school → po-taishan
    (folder / "co_builds.csv").write_text(
        (folder / "co_builds.csv").read_text(encoding="utf-8") + "po-taishan,ru-school,shared_resources、joint_assessment,,2020-09-01\n",
        encoding="utf-8")
    load_paths([folder], graph)  # the same tie written the other way round is no second tie
    assert counts(graph).types["CO_BUILDS"] == 2


def test_rerun_gives_the_same_graph(graph: Driver) -> None:
    first = load_paths([SMALL_CITY], graph)
    before = checksum(graph), counts(graph)
    again = load_paths([SMALL_CITY], graph)
    assert (checksum(graph), counts(graph)) == before
    assert again.created == 0 and again.updated == 0
    assert sum(c.unchanged for c in again.nodes.values()) == NODES
    assert again.graph_version == first.graph_version + 1  # analysis caches learn that a load happened


def test_a_changed_row_updates_its_node_and_its_tie(graph: Driver, tmp_path: Path) -> None:
    folder = copy_city(tmp_path / "city")
    load_paths([folder], graph)
    serves_in = folder / "serves_in.csv"
    serves_in.write_text(serves_in.read_text(encoding="utf-8").replace(
        "p-2,po-taishan,兼职委员,true,ru-hospital,2019-03-01,", "p-2,po-taishan,兼职委员,true,ru-hospital,2019-03-01,2021-12-31"),
        encoding="utf-8")
    compounds = folder / "compounds.csv"  # 银河院落 moves to the other community; its population is cleared
    compounds.write_text(compounds.read_text(encoding="utf-8").replace(
        "c-002,银河院落,510603001001,31.133,104.395,640", "c-002,银河院落,510603001002,31.133,104.395,"),
        encoding="utf-8")
    report = load_paths([folder], graph)
    assert report.rels["SERVES_IN"].updated == 1 and report.rels["SERVES_IN"].created == 0
    assert report.nodes["Compound"].updated == 1
    assert report.rels["WITHIN"].removed == 1 and report.rels["WITHIN"].created == 1
    end = one(graph, "MATCH (:Person {id: 'p-2'})-[r:SERVES_IN]->() RETURN r.end_date")
    assert end.to_native() == dt.date(2021, 12, 31)
    assert one(graph, "MATCH (:Person {id: 'p-2'})-[r:SERVES_IN]->() RETURN count(r)") == 1
    assert one(graph, "MATCH (:Compound {id: 'c-002'})-[:WITHIN]->(c) RETURN collect(c.id)") == ["510603001002"]
    assert one(graph, "MATCH (c:Compound {id: 'c-002'}) RETURN c.population") is None
    assert counts(graph).types["WITHIN"] == 7


def test_references_resolve_against_the_graph(graph: Driver, tmp_path: Path) -> None:
    load_paths([SMALL_CITY / "cities.csv", SMALL_CITY / "districts.csv", SMALL_CITY / "streets.csv",
                SMALL_CITY / "communities.csv"], graph)
    report = load_paths([SMALL_CITY / "compounds.csv"], graph)  # their communities are already in the graph
    assert report.rels["WITHIN"].created == 3
    grids = tmp_path / "grids.csv"
    grids.write_text("id,name,parent\ng-1,一网格,c-001\ng-2,二网格,510603001\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:  # a grid lies in a community or compound, never a street
        load_paths([grids], graph)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (str(grids), 3, "parent")
    assert "is a Street; expected a Community or Compound" in problem.message


def test_xlsx_with_chinese_headers_and_sheet_names(graph: Driver, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"  # a notes sheet is skipped
    book.active.append(["填写说明"])
    sheets = {"市": ("cities.csv",), "区县": ("districts.csv",), "streets": ("streets.csv",),
              "Community": ("communities.csv",), "小区院落": ("compounds.csv",)}
    zh = {"id": "编号", "name": "名称", "name_en": "英文名称", "parent": "上级区域", "lat": "纬度", "lon": "经度",
          "population": "人口", "households": "户数", "admin_code": "区划代码"}
    for title, (file,) in sheets.items():
        sheet = book.create_sheet(title)
        with (SMALL_CITY / file).open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        sheet.append([f"{zh.get(h, h)}({h})" if title == "Community" else zh.get(h, h) for h in rows[0]])
        for row in rows[1:]:  # numbers typed as numbers, as Excel would store them
            sheet.append([float(c) if c.replace(".", "").isdigit() and "." in c else c for c in row])
    path = tmp_path / "城北街道.xlsx"
    book.save(path)
    report = load_paths([path], graph)
    assert report.nodes["Compound"].created == 3 and report.rels["WITHIN"].created == 7
    assert one(graph, "MATCH (c:Compound {id: 'c-001'}) RETURN c.lat") == pytest.approx(31.131)


def write_bad_city(folder: Path) -> Path:
    copy_city(folder)
    (folder / "compounds.csv").write_text(
        "id,name,parent,lat,lon,popluation\n"          # row 1: a typo'd column
        "c-001,金山小区,510603001001,131.0,104.391,\n"   # row 2: latitude out of range
        "c-002,,510603001001,31.133,104.395,\n"         # row 3: missing required name
        "c-003,三无院落,nowhere,31.140,abc,\n",         # row 4: dangling parent, lon not a number
        encoding="utf-8")
    (folder / "party_organizations.csv").write_text(
        "id,name,kind,based_in\npo-x,某党委,grand_committee,510603001\n", encoding="utf-8")  # bad enum
    return folder


def test_bad_input_names_every_problem_and_writes_nothing(graph: Driver, tmp_path: Path) -> None:
    folder = write_bad_city(tmp_path / "bad")
    result = govgraph("load", str(folder))
    assert result.returncode == 1
    report = result.stderr
    compounds = folder / "compounds.csv"
    for expected in (
        f"{compounds}, row 1, column popluation: unknown column 'popluation'",
        f"{compounds}, row 2, column lat: expected a value from -90 to 90, got 131",
        f"{compounds}, row 3, column name: required",
        f"{compounds}, row 4, column lon: expected a number, got 'abc'",
        f"{compounds}, row 4, column parent: no Community with id 'nowhere' in the files or the graph",
        f"{folder / 'party_organizations.csv'}, row 2, column kind: expected one of grand_party_committee",
    ):
        assert expected in report, report
    assert "Traceback" not in report
    assert one(graph, "MATCH (n) WHERE NOT n:GraphMeta RETURN count(n)") == 0


def test_wrong_types_and_dates_are_named(graph: Driver, tmp_path: Path) -> None:
    folder = copy_city(tmp_path / "city")
    (folder / "serves_in.csv").write_text(
        "source,target,role,part_time,start_date,end_date\n"
        "p-1,po-taishan,书记,perhaps,2018-13-01,\n"
        "p-1,po-jinshan,委员,true,2020-01-01,2019-01-01\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_paths([folder], graph)
    found = {(p.row, p.column): p.message for p in caught.value.problems}
    assert found[(2, "part_time")].startswith("expected true or false")
    assert found[(2, "start_date")].startswith("expected a date YYYY-MM-DD, got '2018-13-01'")
    assert found[(3, "end_date")] == "expected an end_date on or after start_date 2020-01-01, got 2019-01-01"
    assert one(graph, "MATCH (n) RETURN count(n)") == 0


def test_duplicate_ids_within_a_family_and_unknown_files(graph: Driver, tmp_path: Path) -> None:
    folder = copy_city(tmp_path / "city")
    (folder / "resident_units.csv").write_text(  # the same id as a party organisation: one family, one id
        "id,name,kind\npo-jinshan,金山物业,firm\n", encoding="utf-8")
    (folder / "compunds.csv").write_text("id,name\n", encoding="utf-8")  # a typo: not a kind's file name
    with pytest.raises(LoadError) as caught:
        load_paths([folder], graph)
    messages = [str(p) for p in caught.value.problems]
    assert any("resident_units.csv, row 2, column id: duplicate id 'po-jinshan': already a PartyOrganization" in m
               for m in messages), messages
    assert any("compunds.csv: unknown file name 'compunds'" in m for m in messages), messages


def test_many_problems_are_capped_in_the_report(graph: Driver, tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    path.write_text("id,name,gender\n" + "".join(f"p{i},某人,unknown\n" for i in range(250)), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_paths([path], graph)
    assert len(caught.value.problems) == 250
    assert "… and 50 more" in caught.value.report()


def test_dry_run_checks_against_the_graph_and_writes_nothing(graph: Driver) -> None:
    result = govgraph("load", "--dry-run", str(SMALL_CITY))
    assert result.returncode == 0, result.stderr
    assert "nothing written" in result.stdout
    assert one(graph, "MATCH (n) WHERE NOT n:GraphMeta RETURN count(n)") == 0


def test_cli_load_prints_created_and_updated_per_kind(graph: Driver) -> None:
    result = govgraph("load", str(SMALL_CITY))
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "Compound" in line)
    assert row.split("│")[2:4] == [" 3 ".rjust(len(row.split("│")[2])), " 3 ".rjust(len(row.split("│")[3]))]
    assert f"{NODES} nodes and {RELS} relationships" in result.stdout
    stats = govgraph("stats")
    assert stats.returncode == 0
    assert any("Compound" in line and line.rstrip(" │").endswith("3") for line in stats.stdout.splitlines())


def test_templates_load_back(graph: Driver, tmp_path: Path) -> None:
    result = govgraph("templates", str(tmp_path / "tpl"))
    assert result.returncode == 0, result.stderr
    header = (tmp_path / "tpl" / "compounds.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("编号 id,名称 name,英文名称 name_en")
    from graph import ontology

    from_csv = load_paths([tmp_path / "tpl"], graph)
    kinds_with_files = [r.type for r in ontology.REL_KINDS if r.file]
    assert set(from_csv.nodes) == {k.name for k in ontology.NODE_KINDS}
    assert set(kinds_with_files) <= set(from_csv.rels)
    snapshot = checksum(graph)
    from_xlsx = load_paths([tmp_path / "tpl" / "excel" / "govgraph-template.xlsx"], graph)
    assert from_xlsx.created == 0 and from_xlsx.updated == 0  # the workbook says exactly what the CSVs say
    assert checksum(graph) == snapshot


def test_export_to_graphml_needs_out_and_a_known_format(graph: Driver) -> None:
    result = govgraph("export", "--format", "pdf")
    assert result.returncode == 1 and "unknown --format 'pdf'" in result.stderr
    result = govgraph("export", "--format", "graphml")
    assert result.returncode == 1 and "--out FILE is required" in result.stderr
