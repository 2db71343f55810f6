"""Where to build next: greedy maximum coverage, on a street worked by hand.

Five compounds on one parallel (31.13° N), 0.001° of longitude apart = 95.3 m there:

    compound   lon       residents   distance from the canteen
    A          104.400   1000        0 (the canteen stands here)
    B          104.403    800        286 m
    C          104.410   3000        953 m   (C–D 381 m, B–C 666 m)
    D          104.414    200        1334 m
    E          104.430    100        2859 m
    F          no coordinates

With a 500 m radius the canteen covers A and B. A canteen at C (or D) would cover C and D, 3200 residents;
C is the smaller id. Then only E is left: a canteen at E covers 100 more. A third pick gains nothing.
"""
from __future__ import annotations

import pytest
from neo4j import Driver

from graph.analysis import planning
from graph.analysis.cache import AnalysisCache
from graph.analysis.planning import Compound, greedy_sites, haversine_m, recommend_sites
from graph.analysis.projections import AnalysisError
from graph.store.settings import Connection
from tests.analysis_csv import load
from tests.cli import govgraph
from tests.conftest import clear

LAT = 31.13
COMPOUNDS = [("A", 104.400, 1000), ("B", 104.403, 800), ("C", 104.410, 3000), ("D", 104.414, 200),
             ("E", 104.430, 100)]


@pytest.fixture(scope="module")
def street(session_driver: Driver, neo4j_conn: Connection, tmp_path_factory: pytest.TempPathFactory) -> Driver:
    clear(session_driver, neo4j_conn.database)
    load(session_driver, tmp_path_factory.mktemp("street"), {
        "cities": [{"id": "c1", "name": "德阳市"}],
        "districts": [{"id": "d1", "name": "旌阳区", "parent": "c1"}],
        "streets": [{"id": "s1", "name": "旌阳街道", "parent": "d1"}, {"id": "s2", "name": "城北街道", "parent": "d1"}],
        "communities": [{"id": "cm1", "name": "珠江社区", "parent": "s1"}, {"id": "cm2", "name": "北街社区", "parent": "s2"}],
        "compounds": [{"id": i, "name": f"{i}小区", "parent": "cm1", "lat": LAT, "lon": lon, "population": pop}
                      for i, lon, pop in COMPOUNDS]
        + [{"id": "F", "name": "F小区", "parent": "cm1", "population": 50},
           {"id": "N", "name": "北街小区", "parent": "cm2", "lat": 31.20, "lon": 104.50, "population": 700}],
        "facilities": [{"id": "f1", "name": "珠江社区食堂", "kind": "canteen", "lat": LAT, "lon": 104.400, "area": "A"},
                       {"id": "f2", "name": "北街卫生站", "kind": "health_station", "area": "N"}],
    }, neo4j_conn.database)
    return session_driver


def test_distances_of_the_example() -> None:
    assert haversine_m(LAT, 104.400, LAT, 104.403) == pytest.approx(285.5, abs=0.5)
    assert haversine_m(LAT, 104.410, LAT, 104.414) == pytest.approx(380.7, abs=0.5)
    assert haversine_m(LAT, 104.403, LAT, 104.410) == pytest.approx(666.3, abs=0.5)


def test_greedy_picks_with_the_coverage_each_gains(street: Driver, neo4j_conn: Connection) -> None:
    plan, cached = recommend_sites(street, neo4j_conn.database, "canteen", 500, 3, "s1", cache=AnalysisCache())
    assert not cached
    assert (plan.compounds, plan.residents, plan.unplaced) == (5, 5100, ("F",))
    assert (plan.facilities, plan.covered_before, plan.residents_covered_before) == (1, 2, 1800)
    assert [(p.rank, p.site.id, p.compounds_gained, p.residents_gained) for p in plan.picks] == [
        (1, "C", ("C", "D"), 3200), (2, "E", ("E",), 100)]
    assert [(p.compounds_covered, p.residents_covered) for p in plan.picks] == [(4, 5000), (5, 5100)]
    assert (plan.uncovered_after, plan.residents_uncovered_after) == (0, 0)


def test_the_whole_city_and_another_kind(street: Driver, neo4j_conn: Connection) -> None:
    # No health station stands near street s1 (the only one is at N, under the other street, ~12 km away).
    # Within 1500 m, A and B each reach A, B, C and D (D is 1334 m from A): A, the smaller id, goes first;
    # E is 1525 m from D, so only a station at E itself covers it.
    plan, _ = recommend_sites(street, neo4j_conn.database, "health_station", 1500, 2, cache=AnalysisCache())
    assert plan.compounds == 6 and plan.covered_before == 1  # N, by its own station (position from its area)
    assert [(p.site.id, p.compounds_gained) for p in plan.picks] == [("A", ("A", "B", "C", "D")), ("E", ("E",))]


def test_objective_compounds_puts_compounds_before_residents() -> None:
    places = [Compound("big", "big", LAT, 104.400, 5000), Compound("x", "x", LAT, 104.420, 10),
              Compound("y", "y", LAT, 104.4205, 10), Compound("z", "z", LAT, 104.421, 10)]
    assert greedy_sites(places, [], 200, 1).picks[0].site.id == "big"
    assert greedy_sites(places, [], 200, 1, objective="compounds").picks[0].compounds_gained == ("x", "y", "z")


def test_a_repeated_plan_comes_from_memory(street: Driver, neo4j_conn: Connection) -> None:
    cache = AnalysisCache()
    first, _ = recommend_sites(street, neo4j_conn.database, "canteen", 500, 2, cache=cache)
    again, cached = recommend_sites(street, neo4j_conn.database, "canteen", 500, 2, cache=cache)
    assert cached and again is first


@pytest.mark.parametrize("kind, radius, count, area, message", [
    ("spaceport", 500, 1, None, "unknown facility kind 'spaceport'"),
    ("canteen", 0, 1, None, "radius must be between 0 and 50000"),
    ("canteen", 500, 0, None, "count must be a whole number from 1"),
    ("canteen", 500, 1, "nowhere", "no area with id 'nowhere'"),
])
def test_bad_arguments_are_refused(street: Driver, neo4j_conn: Connection, kind: str, radius: float, count: int,
                                   area: str | None, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        recommend_sites(street, neo4j_conn.database, kind, radius, count, area, cache=AnalysisCache())


def test_facility_kinds_come_from_the_ontology() -> None:
    assert "canteen" in planning.FACILITY_KINDS and "area_service_complex" in planning.FACILITY_KINDS


def test_govgraph_sites_prints_the_plan(street: Driver) -> None:
    done = govgraph("sites", "--kind", "canteen", "--radius", "500", "--count", "3", "--area", "s1")
    assert done.returncode == 0, done.stderr
    assert "1 existing canteen facilities cover 2 compounds (1800 residents)" in done.stdout
    lines = [line for line in done.stdout.splitlines() if line.startswith("│")]
    assert "C小区" in lines[0] and "3200" in lines[0] and "E小区" in lines[1]
    assert "still uncovered: 0 compounds, 0 residents; 1 compounds have no coordinates" in done.stdout
    refused = govgraph("sites", "--kind", "spaceport")
    assert refused.returncode == 1 and "unknown facility kind 'spaceport'" in refused.stderr
    assert "Traceback" not in refused.stderr
