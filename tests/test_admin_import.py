"""The first-load path through neo4j-admin import (loaders/first_load): the same graph as the transactional
writer, chosen only where it may run, and an empty database (server running) when the import fails.

The import stops and restarts its server, so this module runs its own local Neo4j in its own home, never the
session's. No test asserts a time.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph import ontology
from graph.errors import BadInput
from graph.store import db, queries
from graph.store.neo4j_server import LocalServer, ServerError
from loaders import load_paths
from loaders.demo import generate
from loaders.demo.fingerprint import fingerprint
from loaders.first_load import ImportFailed, choose
from loaders.first_load import files as import_files
from loaders.first_load.files import ARRAY_DELIMITER, Unrepresentable, write_files
from loaders.first_load.importer import graph_size
from loaders.records import NodeRecord, RelRecord, Where
from loaders.validate import Plan
from loaders.values import CHINA

SCALE = 0.05


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    # Without the session server's NEO4J_* (set once any earlier test started it): its password would become
    # this server's too (LocalServer.password prefers NEO4J_PASSWORD), and the command line, run as govgraph
    # with its own home, would read another from the home's password file.
    saved = {key: os.environ.pop(key) for key in list(os.environ) if key.startswith("NEO4J_")}
    server = LocalServer(tmp_path_factory.mktemp("govgraph-import-home"), heap="512m", pagecache="256m")
    try:
        try:
            server.start(timeout=180)
        except ServerError as error:
            pytest.fail(f"could not start the import test's Neo4j:\n{error}", pytrace=False)
        try:
            yield server
        finally:
            server.stop()
    finally:
        os.environ.update(saved)


@pytest.fixture(scope="module")
def own_driver(own_server: LocalServer) -> Iterator[Driver]:
    with db.driver(own_server.connection()) as driver:
        yield driver


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("city"), SCALE)


def _clear(driver: Driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def _types(driver: Driver) -> dict[str, int]:
    records, _, _ = driver.execute_query(queries.query("bench_property_types"))
    return {f"{r['scope']}.{r['key']}:{r['type']}": r["count"] for r in records}


def _meta(driver: Driver) -> dict:
    records, _, _ = driver.execute_query("MATCH (m:GraphMeta) RETURN m.id AS id, m.version AS version, "
                                         "valueType(m.updated_at) AS stamp")
    return [dict(r) for r in records]


def _schema(driver: Driver) -> set[str]:
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name, state RETURN name, state")
    assert {r["state"] for r in records} == {"ONLINE"}
    return {r["name"] for r in records}


def test_both_paths_give_the_same_graph(own_server: LocalServer, own_driver: Driver, city: Path) -> None:
    _clear(own_driver)
    ordinary = load_paths([city], own_driver, method="transactional", server=own_server)
    assert ordinary.method == "transactional"
    expected, expected_types, expected_meta = fingerprint(own_driver), _types(own_driver), _meta(own_driver)
    expected_schema = _schema(own_driver)

    _clear(own_driver)
    imported = load_paths([city], own_driver, method="import", server=own_server)
    assert imported.method == "import", imported.why
    assert set(imported.steps) >= {"files", "stop", "import", "start", "schema"}
    assert fingerprint(own_driver) == expected
    assert expected.duplicate_ids == 0
    assert _types(own_driver) == expected_types  # a datetime stays zoned, a date a date, a list a list
    assert _meta(own_driver) == expected_meta  # GraphMeta version 1, stamped, as the writer leaves it
    assert _schema(own_driver) == expected_schema  # constraints, indexes and the full-text index, online
    assert imported.node_rows == ordinary.node_rows and imported.rel_rows == ordinary.rel_rows
    assert {k: c.created for k, c in imported.nodes.items()} == {k: c.created for k, c in ordinary.nodes.items()}
    assert {k: c.created for k, c in imported.rels.items()} == {k: c.created for k, c in ordinary.rels.items()}
    hits, _, _ = own_driver.execute_query("CALL db.index.fulltext.queryNodes($index, $text) YIELD node "
                                          "RETURN count(node) AS hits", index=ontology.FULLTEXT_INDEX, text="社区")
    assert hits[0]["hits"] > 0, "the CJK full-text index answers after an import"


def test_auto_chooses_only_an_empty_local_database_and_a_load_that_pays(
        own_server: LocalServer, own_driver: Driver, city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(own_driver)
    small = load_paths([city], own_driver, server=own_server)  # ×0.05: a few thousand rows
    assert small.method == "transactional" and "below" in small.why
    person = ontology.NODE_BY_NAME["Person"]
    plan = Plan(nodes={person: [NodeRecord(person, "p-1", {}, _where())]})
    assert "no nodes" in choose("auto", Plan(), own_driver, None, own_server).why
    monkeypatch.setattr("loaders.first_load.THRESHOLD_ROWS", 0)
    assert "holds" in choose("auto", plan, own_driver, None, own_server).why  # not empty
    with pytest.raises(BadInput, match="only fills an empty one"):
        choose("import", plan, own_driver, None, own_server)
    _clear(own_driver)
    assert choose("auto", plan, own_driver, None, own_server).method == "import"
    other = LocalServer(own_server.home / "elsewhere")  # not the server the driver talks to
    monkeypatch.setattr(LocalServer, "pid", lambda self: 1)
    assert "not govgraph's local Neo4j" in choose("auto", plan, own_driver, None, other).why
    monkeypatch.undo()
    monkeypatch.setenv("NEO4J_URI", own_server.connection().uri)
    monkeypatch.setattr("loaders.first_load.THRESHOLD_ROWS", 0)
    assert "NEO4J_URI" in choose("auto", plan, own_driver, None).why
    assert choose("transactional", plan, own_driver, None, own_server).method == "transactional"
    with pytest.raises(BadInput, match="unknown load method"):
        choose("fast", plan, own_driver, None, own_server)


def test_a_failed_import_leaves_an_empty_database_and_a_running_server(
        own_server: LocalServer, own_driver: Driver, city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(own_driver)
    real = import_files.write_files

    def spoiled(plan: Plan, folder: Path) -> import_files.ImportFiles:
        written = real(plan, folder)
        path = next(folder.glob("*-community.csv"))
        lines = path.read_text(encoding="utf-8").splitlines()
        # A row the importer refuses: a duplicate id in the Area id space (the checks would never let one by).
        path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
        return written

    monkeypatch.setattr("loaders.first_load.write_files", spoiled)
    with pytest.raises(ImportFailed) as failure:
        load_paths([city], own_driver, method="import", server=own_server)
    message = failure.value.message
    assert "left empty" in message and "community.csv" in message, message
    assert own_server.pid() is not None
    assert graph_size(own_driver, None)["nodes"] == 0
    assert "area_id" in _schema(own_driver)  # the schema is back on the empty database
    assert not list(own_server.root.glob("import-staging-*"))


def _where() -> Where:
    return Where("test.csv", None, 2)


def test_import_files_carry_each_value_as_the_writer_stores_it(tmp_path: Path) -> None:
    person = ontology.NODE_BY_NAME["Person"]
    props = {p.name: p for p in person.all_props}
    text = next(n for n, p in props.items() if p.type == "string" and n not in ("id",))
    lists = [n for n, p in props.items() if p.type == "string_list"]
    record = NodeRecord(person, "p-1", {text: 'say "hi", then\nleave \\ ok'}, _where())
    empty = NodeRecord(person, "p-2", {text: ""}, _where())
    files = write_files(Plan(nodes={person: [record, empty]}), tmp_path)
    assert files.multiline  # a value with a line break: the importer is told
    rows = list(csv.reader(next(tmp_path.glob("*-person.csv")).open(encoding="utf-8", newline="")))
    assert rows[0][0] == "id:ID(Person)" and rows[1][1] == record.props[text]
    assert '""' in next(tmp_path.glob("*-person.csv")).read_text(encoding="utf-8").splitlines()[-1]
    if lists:
        for bad in ([], ["a" + ARRAY_DELIMITER + "b"], [""]):
            with pytest.raises(Unrepresentable):
                write_files(Plan(nodes={person: [NodeRecord(person, "p-3", {lists[0]: bad}, _where())]}),
                            tmp_path / f"l{len(bad)}{len(str(bad))}")


def test_datetimes_keep_their_offset_and_derived_ties_are_made_once(tmp_path: Path) -> None:
    case = next(k for k in ontology.NODE_KINDS if any(p.type == "datetime" for p in k.all_props))
    name = next(p.name for p in case.all_props if p.type == "datetime")
    at = dt.datetime(2024, 5, 1, 8, 30, tzinfo=CHINA)
    write_files(Plan(nodes={case: [NodeRecord(case, "c-1", {name: at}, _where())]}), tmp_path)
    assert "2024-05-01T08:30:00+08:00" in next(tmp_path.glob("n*.csv")).read_text(encoding="utf-8")

    seats = ontology.REL_BY_TYPE["SEATS_ON"]
    source = next(iter(ontology.kinds_matching(seats.sources))).family
    target = next(iter(ontology.kinds_matching(seats.targets))).family
    explicit = RelRecord(seats, "s-1", "u-1", "g-1", {}, _where())
    derived = [RelRecord(seats, "d-1", "u-1", "g-1", {}, _where(), optional=True),
               RelRecord(seats, "d-2", "u-2", "g-1", {}, _where(), optional=True),
               RelRecord(seats, "d-3", "u-2", "g-1", {}, _where(), optional=True)]
    plan = Plan(rels={(seats, source, target, False): [explicit], (seats, source, target, True): derived})
    files = write_files(plan, tmp_path / "ties")
    assert files.rels == {"SEATS_ON": 2}  # s-1, and d-2 (d-1 duplicates s-1; d-3 comes after d-2)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "ties").glob("r*.csv")))
    assert "s-1" in text and "d-2" in text and "d-1" not in text and "d-3" not in text


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(GOVGRAPH_HOME=str(home), COLUMNS="200", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "govgraph", "load", *args], capture_output=True, text=True,
                          timeout=600, env=env)


def test_the_command_line_reports_the_path_and_takes_a_method(own_server: LocalServer, own_driver: Driver,
                                                               city: Path) -> None:
    _clear(own_driver)
    forced = _cli(own_server.home, str(city), "--method", "import")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "path: import, asked for (--method import)" in forced.stdout
    assert "neo4j-admin import:" in forced.stdout
    again = _cli(own_server.home, str(city))  # auto: a rerun of a few thousand rows onto a full database
    assert again.returncode == 0, again.stdout + again.stderr
    assert "path: transactional" in again.stdout
    refused = _cli(own_server.home, str(city), "--method", "import")
    assert refused.returncode != 0 and "only fills an empty one" in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stdout + refused.stderr
    unknown = _cli(own_server.home, str(city), "--method", "fast")
    assert unknown.returncode != 0 and "unknown load method" in unknown.stdout + unknown.stderr


def test_an_import_error_is_located_as_well_as_neo4j_admin_allows(tmp_path: Path) -> None:
    from loaders.first_load.importer import _located

    files = import_files.ImportFiles(tmp_path)
    (tmp_path / "n000-community.csv").write_text("id:ID(Area),name:string\na1,x\na2,y\na1,z\n", encoding="utf-8")
    duplicate = ("IMPORT FAILED in 1s 777ms.\norg.neo4j.cli.CommandFailedException: Error importing csv file.\n"
                 "Caused by: org.neo4j.internal.batchimport.cache.idmapping.string.DuplicateInputIdException: "
                 "Id 'a1' is defined more than once in group 'Area'\n\t... 1 more\n")
    assert _located(duplicate, files).splitlines() == [
        "Id 'a1' is defined more than once in group 'Area'",
        "found at n000-community.csv line 2; n000-community.csv line 4"]
    bad = ("Caused by: org.neo4j.internal.batchimport.input.InputException: ERROR in input\n"
           "  data source: BufferedCharSeeker[source:/x/n001-person.csv, position:15, line:2]\n"
           "  in field: age:long:3\n  raw field value: zz\n  original error: Not an integer: \"zz\"\n"
           "Caused by: java.lang.NumberFormatException: Not an integer: \"zz\"\n")
    located = _located(bad, files)
    assert "in n001-person.csv, line 3" in located and "raw field value: zz" in located


def test_the_bench_sets_the_import_beside_both_loaders_of_the_same_files(own_server: LocalServer) -> None:
    """bench/runner.py's first-load section on this module's server: the import, then the loader and LOAD CSV
    (bench/loading.py), each into a fresh database, and the import's graph found equal to the loader's."""
    from bench import first_load as bench_first_load
    from bench import loading
    from bench.target import Target

    target = Target(own_server.connection(), own_server.import_dir, own_server)
    try:
        data = bench_first_load.data_for(target, SCALE)
        first = bench_first_load.import_alone(target, data)
        load = loading.compare(target, data)
        bench_first_load.against_loaders(first, load, target)
    finally:
        target.close()
    assert first["import"]["path"] == "import"
    assert {"files", "stop", "import", "start", "schema"} <= set(first["import"]["steps_s"])
    assert first["same_graph_as_loader"], first["differences"]
    assert first["import"]["nodes"] == load["govgraph"]["nodes"] == load["load_csv"]["nodes"] > 0
    assert first["import_vs_load_csv"] > 0 and first["import_vs_transactional"] > 0
    assert first["import"]["peak_rss_mb"] > 0 and "_graph" not in first
