"""How the loader writes: the fast paths give the same graph as the careful ones.

A first load of a family or relationship type CREATEs its rows; a load into a graph that already has some
compares each batch with the graph and MERGEs only what differs. Whichever path a row takes, the graph
must come out the same — ids, kinds, every value (datetimes with their offsets included) — and the
summary must count what was created, updated and left alone.
"""
from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest
from neo4j import Driver

from graph import ontology
from loaders import load_paths
from loaders.demo import city as demo
from loaders.demo.fingerprint import fingerprint
from loaders.write import Counts, _Batch, _next_ready
from tests.conftest import clear

SCALE = 0.05  # every kind and type of the demo city, a few thousand rows


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.generate(tmp_path_factory.mktemp("city"), scale=SCALE)


def _first_rows(city: Path, out: Path, rows: int, rename: dict[str, str] | None = None) -> Path:
    """The first rows of every file of the city (and the nodes their ties need), with some names changed."""
    out.mkdir()
    nodes = {kind.file for kind in ontology.NODE_KINDS}
    for path in city.glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
        # Node files whole (ties need their ends), tie files cut short.
        body = table[1:] if path.stem in nodes else table[1:rows + 1]
        if rename and "name" in table[0]:
            at, by = table[0].index("name"), table[0].index("id")
            body = [[rename.get(row[by], row[at]) if i == at else cell for i, cell in enumerate(row)] for row in body]
        with open(out / path.name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([table[0], *body])
    return out


def _first_id(path: Path) -> str:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.DictReader(handle))["id"]


def test_a_load_over_part_of_the_graph_equals_a_first_load(graph: Driver, city: Path, tmp_path: Path) -> None:
    clean_report = load_paths([city], graph)
    clean = fingerprint(graph)
    assert clean.duplicate_ids == 0
    assert clean_report.created == clean_report.node_rows + clean_report.rel_rows  # every row created

    # A graph holding every node (two of them under an old name) and the first ties of every type:
    # now every family and type has something, so every row is compared and merged.
    clear(graph)
    renamed = {_first_id(city / "cities.csv"): "旧德阳市", _first_id(city / "persons.csv"): "old name"}
    partial = load_paths([_first_rows(city, tmp_path / "partial", 3, renamed)], graph)
    assert partial.rel_rows < clean_report.rel_rows
    assert fingerprint(graph).nodes != clean.nodes  # the old names

    rerun = load_paths([city], graph)
    assert fingerprint(graph) == clean
    # Created: the ties the partial graph lacked; updated: the renamed nodes; the rest left alone.
    assert rerun.created == clean_report.rel_rows - partial.rel_rows
    assert sum(c.updated for c in rerun.nodes.values()) == len(renamed)
    assert sum(c.updated for c in rerun.rels.values()) == 0
    assert sum(c.unchanged for c in rerun.nodes.values()) == rerun.node_rows - len(renamed)


def test_datetimes_keep_their_offset_on_either_path(graph: Driver, tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "cities.csv").write_text("id,name\ncity-1,德阳市\n", encoding="utf-8")
    (folder / "cases.csv").write_text(
        "id,name,status,reported_at,accepted_at,area\n"
        "case-1,噪音扰民,accepted,2020-03-01 08:30,2020-03-01T09:05:30+00:00,city-1\n", encoding="utf-8")
    query = "MATCH (c:Case {id: 'case-1'}) RETURN toString(c.reported_at) AS r, toString(c.accepted_at) AS a"

    load_paths([folder], graph)  # created
    first = graph.execute_query(query).records[0]
    assert (first["r"], first["a"]) == ("2020-03-01T08:30:00+08:00", "2020-03-01T09:05:30Z")

    (folder / "cases.csv").write_text(
        "id,name,status,reported_at,accepted_at,area\n"
        "case-1,噪音扰民,accepted,2020-03-01 08:45,2020-03-01T09:05:30+00:00,city-1\n", encoding="utf-8")
    report = load_paths([folder], graph)  # merged: one datetime changed
    assert report.nodes["Case"].updated == 1 and report.nodes["City"].unchanged == 1
    again = graph.execute_query(query).records[0]
    assert (again["r"], again["a"]) == ("2020-03-01T08:45:00+08:00", "2020-03-01T09:05:30Z")


def test_the_two_writers_never_wait_on_each_other(graph: Driver, city: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """MERGEd ties sharing an end family never run at once, and CREATEd ones (sorted by target) share few nodes:
    no write deadlocks and is retried."""
    with caplog.at_level(logging.INFO, logger="neo4j"):
        load_paths([city], graph)
    retried = [r.getMessage() for r in caplog.records if "retried" in r.getMessage()]
    assert retried == []


def test_a_batch_waits_only_for_batches_sharing_a_family() -> None:
    def batch(name: str, *families: str) -> _Batch:
        return _Batch(name, "", [], list, Counts(), frozenset(families))

    serves_in, within = batch("SERVES_IN", "Person", "Organization"), batch("WITHIN", "Area")
    based_in, nodes = batch("BASED_IN", "Organization", "Area"), batch("Person")
    # SERVES_IN runs: BASED_IN shares Organization, so WITHIN (Area only) goes first.
    assert _next_ready([based_in, within], [serves_in]) is within
    assert _next_ready([based_in], [serves_in, within]) is None
    assert _next_ready([based_in, within], []) is based_in  # nothing running: the next in order
    assert _next_ready([nodes, based_in], [serves_in, nodes]) is nodes  # node batches lock nothing
