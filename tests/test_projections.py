"""Projections of a small hand-built city: tie kinds and weights, dates, areas, people, and what is never pulled.

The city (loaded through the real loaders):

    c1 city > d1 district > s1 street > cm1 community > cp1, cp2, cp3 compounds
                          > s2 street > cm2 community > cp4 compound

    sp1  grand party committee, based in s1        sp2  grand party committee, based in s2
    cpc1 community party committee in cm1, under sp1   so2  street office, based in s2
    b1   compound party organisation under cpc1, covers cp1
    oc2  owners' committee, based in and representing cp2
    pc   property company (district-wide), manages cp1 and cp2
    hosp hospital based in s1; seats on sp1's and sp2's committees
    p1   a cadre serving in sp1 and so2 (phone number: personal data)

    co-building: sp1–hosp (3 mechanisms), cpc1–oc2, sp1–oc2 from 2021, so2–sp2 until 2019
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from neo4j import Driver

from graph import ontology
from graph.algorithms.cutpoints import network_cuts
from graph.analysis import network_export
from graph.analysis.analyst import Analyst
from graph.analysis.cache import AnalysisCache
from graph.analysis.projections import (
    MECHANISM_BONUS,
    SECTOR_OF_ASSOCIATION,
    SECTOR_OF_KIND,
    TIE_WEIGHTS,
    AnalysisError,
    Scope,
    pull,
    sector,
)
from graph.store.settings import Connection
from tests.analysis_csv import load
from tests.cli import govgraph
from tests.conftest import clear

PHONES = ("13800000000", "13900000000")
BEFORE_2021, AFTER_2021 = date(2020, 6, 1), date(2022, 1, 1)


def area(id: str, name: str, parent: str | None = None, **props) -> dict:
    return {"id": id, "name": name, **({"parent": parent} if parent else {}), **props}


CITY = {
    "cities": [area("c1", "德阳市")],
    "districts": [area("d1", "旌阳区", "c1")],
    "streets": [area("s1", "旌阳街道", "d1"), area("s2", "城北街道", "d1")],
    "communities": [area("cm1", "珠江社区", "s1"), area("cm2", "北街社区", "s2")],
    "compounds": [area("cp1", "长江小区", "cm1", population=1200, lat=31.13, lon=104.39),
                  area("cp2", "黄河小区", "cm1", population=800, lat=31.131, lon=104.391),
                  area("cp3", "三无院落", "cm1", population=150, lat=31.132, lon=104.392),
                  area("cp4", "北街小区", "cm2", population=600, lat=31.15, lon=104.40)],
    "party_organizations": [
        {"id": "sp1", "name": "旌阳街道大党委", "kind": "grand_party_committee", "based_in": "s1"},
        {"id": "sp2", "name": "城北街道大党委", "kind": "grand_party_committee", "based_in": "s2"},
        {"id": "cpc1", "name": "珠江社区党委", "kind": "community_party_committee", "based_in": "cm1",
         "parent_org": "sp1"},
        {"id": "b1", "name": "长江小区党支部", "kind": "compound_party_organization", "parent_org": "cpc1"}],
    "government_bodies": [{"id": "so2", "name": "城北街道办事处", "kind": "street_office", "based_in": "s2"}],
    "owners_committees": [{"id": "oc2", "name": "黄河小区业委会", "based_in": "cp2"}],
    "property_companies": [{"id": "pc", "name": "安居物业", "based_in": "d1", "phone": PHONES[0]}],
    "resident_units": [{"id": "hosp", "name": "德阳市人民医院", "kind": "hospital", "based_in": "s1"}],
    "persons": [{"id": "p1", "name": "王芳", "phone": PHONES[1]}],
    "covers": [{"source": "b1", "target": "cp1"}],
    "represents": [{"source": "oc2", "target": "cp2"}],
    "manages": [{"source": "pc", "target": "cp1"}, {"source": "pc", "target": "cp2"}],
    "seats_on": [{"source": "hosp", "target": "sp1"}, {"source": "hosp", "target": "sp2"}],
    "serves_in": [{"source": "p1", "target": "sp1", "role": "委员"}, {"source": "p1", "target": "so2", "role": "主任"}],
    "co_builds": [
        {"source": "sp1", "target": "hosp", "mechanisms": ["branch_co_building", "joint_work", "shared_resources"]},
        {"source": "cpc1", "target": "oc2", "mechanisms": ["joint_decisions"]},
        {"source": "sp1", "target": "oc2", "start_date": date(2021, 1, 1)},
        {"source": "so2", "target": "sp2", "start_date": date(2018, 1, 1), "end_date": date(2019, 12, 31)}],
}


def org(id: str) -> tuple[str, str]:
    return ("Organization", id)


@pytest.fixture(scope="module")
def city(session_driver: Driver, neo4j_conn: Connection, tmp_path_factory: pytest.TempPathFactory) -> Analyst:
    clear(session_driver, neo4j_conn.database)
    load(session_driver, tmp_path_factory.mktemp("city"), CITY, neo4j_conn.database)
    return Analyst(session_driver, neo4j_conn.database, cache=AnalysisCache())


def test_every_organisation_kind_has_a_sector() -> None:
    for kind in ontology.KINDS_OF_FAMILY["Organization"]:
        assert kind.name in SECTOR_OF_KIND, kind.name
    association = next(p for p in ontology.NODE_BY_NAME["Association"].props if p.name == "kind")
    assert set(SECTOR_OF_ASSOCIATION) == set(association.enum)
    assert sector("Association", "property_company_association") == "property"
    assert sector("Person", None) == "people" and sector("Compound", None) == "area"


def test_the_organisation_network_weighs_each_kind_of_tie(city: Analyst) -> None:
    graph = city.graph("organizations", Scope.of(None, AFTER_2021))
    assert graph.number_of_nodes() == 8  # every organisation, tied or not
    agreement = graph.edges[org("sp1"), org("hosp")]
    assert agreement["kinds"] == ["agreement"] and agreement["mechanisms"] == 3
    assert agreement["weight"] == TIE_WEIGHTS["agreement"] + 2 * MECHANISM_BONUS == 1.5
    shared_unit = graph.edges[org("sp1"), org("sp2")]  # the hospital seats on both committees
    assert shared_unit["kinds"] == ["shared_unit"] and shared_unit["shared_units"] == 1
    assert shared_unit["weight"] == TIE_WEIGHTS["shared_unit"] == 0.5
    shared_person = graph.edges[org("sp1"), org("so2")]  # p1 serves in both
    assert shared_person["kinds"] == ["shared_person"] and shared_person["weight"] == 1.0
    assert graph.has_edge(org("sp1"), org("oc2")) and graph.has_edge(org("cpc1"), org("oc2"))
    assert not graph.has_edge(org("so2"), org("sp2"))  # that agreement ended in 2019
    assert graph.number_of_edges() == 5
    assert graph.nodes[org("hosp")] | {} == {"id": "hosp", "name": "德阳市人民医院", "kind": "ResidentUnit",
                                              "family": "Organization", "sector": "resident_unit",
                                              "subkind": "hospital"}


def test_ties_count_only_while_valid(city: Analyst) -> None:
    before = city.graph("organizations", Scope.of(None, BEFORE_2021))
    assert not before.has_edge(org("sp1"), org("oc2"))
    in_2019 = city.graph("organizations", Scope.of(None, date(2019, 6, 1)))
    assert in_2019.has_edge(org("so2"), org("sp2"))


def test_an_area_keeps_the_organisations_based_in_or_covering_it_and_below(city: Analyst) -> None:
    community = city.graph("organizations", Scope.of("cm1", AFTER_2021))
    assert set(community) == {org("cpc1"), org("b1"), org("oc2")}  # based in cm1, covering cp1, based in cp2
    assert list(community.edges) == [(org("cpc1"), org("oc2"))]
    street = city.graph("organizations", Scope.of("s2", date(2019, 6, 1)))
    assert set(street) == {org("sp2"), org("so2")} and street.has_edge(org("so2"), org("sp2"))


def test_people_and_areas(city: Analyst) -> None:
    people = city.graph("people", Scope.of())
    person = ("Person", "p1")
    assert people.nodes[person]["bipartite"] == 1 and people.nodes[org("sp1")]["bipartite"] == 0
    assert set(people[person]) == {org("sp1"), org("so2")} and people.edges[person, org("so2")]["roles"] == ["主任"]
    assert nx.is_bipartite(people)
    areas = city.graph("areas", Scope.of())
    assert nx.is_tree(areas) and areas.number_of_nodes() == 10
    assert areas.nodes[("Area", "cp1")]["population"] == 1200 and areas.nodes[("Area", "cp1")]["kind"] == "Compound"
    assert set(city.graph("areas", Scope.of("s1"))) == {("Area", a) for a in ("s1", "cm1", "cp1", "cp2", "cp3")}


def test_personal_data_is_never_pulled(city: Analyst) -> None:
    for name in ("organizations", "people", "governance"):
        graph = city.graph(name, Scope.of())
        for _, data in graph.nodes(data=True):
            assert not set(data) & {"phone", "id_number"}
            assert not set(map(str, data.values())) & set(PHONES)


def test_an_unknown_area_or_projection_is_a_clear_error(city: Analyst) -> None:
    with pytest.raises(AnalysisError, match="no area with id 'nowhere'"):
        city.ask("centrality", "organizations", "nowhere", metric="degree")
    with pytest.raises(AnalysisError, match="unknown projection 'friends'"):
        pull(city.driver, city.database, "friends", Scope.of())


def test_single_points_of_failure_between_compounds_and_their_street(city: Analyst) -> None:
    found = city.ask("single_points", "governance", None, BEFORE_2021).value
    cuts = {p.node: p.compounds_cut_off for p in found.points if p.compounds_cut_off}
    # Only through the street committee, then the community committee, do cp1 and cp2 reach street s1;
    # b1 and oc2 each have a way round (cp1 - property company - cp2).
    assert cuts == {org("sp1"): ("cp1", "cp2"), org("cpc1"): ("cp1", "cp2")}
    assert next(p for p in found.points if p.node == org("cpc1")).residents_cut_off == 2000
    ties = {(t.source, t.target): t.compounds_cut_off for t in found.ties if t.compounds_cut_off}
    assert ties == {(org("cpc1"), org("sp1")): ("cp1", "cp2")}
    assert found.compounds_unreached == ("cp3", "cp4")  # no organisation reaches them at all
    assert found.streets == 2


def test_a_new_agreement_removes_a_single_point_of_failure(city: Analyst) -> None:
    found = city.ask("single_points", "governance", None, AFTER_2021).value
    cuts = {p.node: p.compounds_cut_off for p in found.points if p.compounds_cut_off}
    assert cuts == {org("sp1"): ("cp1", "cp2")}  # sp1–oc2 since 2021 gives a way round the community committee
    assert not [t for t in found.ties if t.compounds_cut_off]


def test_articulation_points_and_bridges_equal_networkx_on_the_governance_network(city: Analyst) -> None:
    graph = city.graph("governance", Scope.of(None, BEFORE_2021))
    points, bridges = network_cuts(graph)
    assert set(points) == set(nx.articulation_points(graph))
    assert set(bridges) == {tuple(sorted(e)) for e in nx.bridges(graph)}


@pytest.mark.parametrize("fmt", network_export.FORMATS)
def test_export_carries_measures_and_no_personal_data(city: Analyst, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"people.{fmt}"
    network_export.write(city.driver, city.database, fmt, out, "people", None, AFTER_2021)
    text = out.read_text(encoding="utf-8")
    assert "王芳" in text and not any(phone in text for phone in PHONES)
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert graph.number_of_nodes() == 9  # 8 organisations and p1
    p1 = graph.nodes["p1"]
    assert p1["label"] == "王芳" and p1["sector"] == "people" and float(p1["betweenness"]) > 0
    assert {"pagerank", "constraint", "community", "brokerage_liaison"} <= set(graph.nodes["sp1"])
    if fmt == "graphml":  # GEXF has no graph attributes
        assert set(graph.graph) >= {"projection", "as_of", "graph_version", "methods"}
    assert "_structure" not in graph.graph and "Structure" not in text
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]  # no temporary file left behind


def test_export_refuses_an_unknown_format_and_writes_nothing(city: Analyst, tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match="unknown export format 'pajek'"):
        network_export.write(city.driver, city.database, "pajek", tmp_path / "x.net", "organizations", None, None)
    with pytest.raises(AnalysisError, match="does not exist"):
        network_export.write(city.driver, city.database, "gexf", tmp_path / "no" / "x.gexf", "organizations", None,
                             None)
    assert list(tmp_path.iterdir()) == []


def test_govgraph_cut_points_and_brokers(city: Analyst) -> None:
    done = govgraph("cut-points", "--as-of", "2020-06-01")
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("│")]
    assert "珠江社区党委" in rows[0] and "2000" in rows[0]  # cpc1 first: as many compounds as sp1, more nodes hang on it
    assert "2 compounds have no path to their street at all" in done.stdout
    brokers = govgraph("brokers", "--as-of", "2022-01-01", "--role", "liaison")
    assert brokers.returncode == 0, brokers.stderr
    assert "旌阳街道大党委" in brokers.stdout and "黄河小区业委会" not in brokers.stdout
