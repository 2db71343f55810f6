"""The API on the Deyang demo city: the article's figures through GraphQL, and every network question checked
against an independent computation (direct Cypher counts, the NetworkX projections of graph/analysis/projections.py,
a brute-force distance check in Python)."""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import networkx as nx
import pytest

from graph.analysis import projections
from tests.test_api_support import GraphQLClient, api  # noqa: F401 — `api` is a fixture

pytestmark = pytest.mark.usefixtures("demo_city")

AS_OF = "2021-01-01"  # after every tie of the demo began
STREET = "510603003000"  # 城北街道, 旌阳区
GRAND_WORKING_COMMITTEE = "po-510603003-gwc"  # 城北街道大工委


def count(driver: Any, query: str, **params: Any) -> int:
    records, _, _ = driver.execute_query(query, params)
    return records[0][0]


def test_the_articles_figures_through_graphql(api: GraphQLClient, demo_city: Any) -> None:
    data = api.data("""{
      compounds { totalCount }
      compoundParty: partyOrganizations(subtype: compound_party_organization) { totalCount }
      residentUnits { totalCount }
      ownersCommittees { totalCount }
      associations(subtype: owners_committee_association) { totalCount }
      volunteerTeams { totalCount }
    }""")
    assert data["compounds"]["totalCount"] == count(demo_city, "MATCH (c:Compound) RETURN count(c)")
    assert data["compoundParty"]["totalCount"] == 927  # 小区党组织 927
    assert data["ownersCommittees"]["totalCount"] == 256  # 业委会成立或换届 256
    assert data["associations"]["totalCount"] == 83  # 业委会协会 83
    assert data["volunteerTeams"]["totalCount"] == 2177  # 志愿服务队 2,177
    assert data["residentUnits"]["totalCount"] >= 1000


GAPS = "query($kind: GapKind!, $radius: Float, $facility: FacilityKind) { coverageGaps(kind: $kind, radiusMeters: $radius, " \
       "facilityKind: $facility, asOf: \"2021-01-01\", first: 100) { totalCount edges { node { subject { ... on Node { id } } " \
       "distanceMeters } } } }"


def test_coverage_gaps_of_the_city(api: GraphQLClient, demo_city: Any) -> None:
    def total(kind: str) -> int:
        return api.data(GAPS, {"kind": kind})["coverageGaps"]["totalCount"]

    assert total("COMMUNITY_NO_GRAND_PARTY_COMMITTEE") == 0  # a grand party committee in every community
    assert total("RESIDENT_UNIT_NO_COMMITTEE") == count(
        demo_city, "MATCH (u:ResidentUnit) WHERE NOT EXISTS { (u)-[:SEATS_ON]->() } RETURN count(u)") > 0
    grids = count(demo_city, "MATCH (g:Grid) RETURN count(g)")
    assert 0 < total("GRID_NO_BRANCH") < grids * 0.2  # branches in about 90 % of grids
    assert 0 < total("COMPOUND_THREE_WITHOUT") <= total("COMPOUND_NO_PARTY_ORGANIZATION")


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6378140 * math.asin(math.sqrt(h))


def test_compounds_beyond_a_canteen_match_a_brute_force_check(api: GraphQLClient, demo_city: Any) -> None:
    records, _, _ = demo_city.execute_query(
        "MATCH (c:Compound) WHERE c.lat IS NOT NULL RETURN c.id AS id, c.lat AS lat, c.lon AS lon")
    compounds = {r["id"]: (r["lat"], r["lon"]) for r in records}
    records, _, _ = demo_city.execute_query("MATCH (f:Facility {kind: 'canteen'}) RETURN f.lat AS lat, f.lon AS lon")
    canteens = [(r["lat"], r["lon"]) for r in records]
    nearest = {cid: min(_metres(at, f) for f in canteens) for cid, at in compounds.items()}
    expected = {cid for cid, d in nearest.items() if d > 1000}
    answer = api.data(GAPS, {"kind": "COMPOUND_NO_FACILITY", "radius": 1000.0, "facility": "canteen"})["coverageGaps"]
    borderline = sum(1 for d in nearest.values() if abs(d - 1000) < 1)  # rounding may tip those either way
    assert abs(answer["totalCount"] - len(expected)) <= borderline
    assert 0 < answer["totalCount"] < len(compounds)
    for edge in answer["edges"]:
        gap = edge["node"]
        assert gap["distanceMeters"] == pytest.approx(nearest[gap["subject"]["id"]], rel=3e-3)


def test_residents_beyond_a_canteen_per_street_in_one_request(api: GraphQLClient, demo_city: Any) -> None:
    """The planner's question: how many people live out of a canteen's 15-minute reach, per street."""
    records, _, _ = demo_city.execute_query(
        "MATCH (c:Compound)-[:WITHIN*]->(s:Street) WHERE c.lat IS NOT NULL "
        "RETURN c.id AS id, c.lat AS lat, c.lon AS lon, c.population AS population, s.id AS street")
    records_f, _, _ = demo_city.execute_query("MATCH (f:Facility {kind: 'canteen'}) RETURN f.lat AS lat, f.lon AS lon")
    canteens = [(r["lat"], r["lon"]) for r in records_f]
    expected: dict[str, list[int]] = {}
    uncertain = set()  # streets with a compound so near the limit that rounding may tip it either way
    for r in records:
        distance = min(_metres((r["lat"], r["lon"]), f) for f in canteens)
        if abs(distance - 1000) < 1:
            uncertain.add(r["street"])
        elif distance > 1000:
            expected.setdefault(r["street"], []).append(r["population"] or 0)
    answer = api.data("""{ coverageGaps(kind: COMPOUND_NO_FACILITY, radiusMeters: 1000, facilityKind: canteen,
                                        asOf: "2021-01-01", first: 0) {
      aggregate { count population { sum } }
      groupBy(by: STREET) { key area { name } aggregate { count population { sum } } } } }""")["coverageGaps"]
    groups = {g["key"]: g for g in answer["groupBy"]}
    assert answer["aggregate"]["count"] == sum(g["aggregate"]["count"] for g in groups.values())
    assert set(groups) - uncertain == set(expected) - uncertain
    for street, populations in expected.items():
        if street not in uncertain:
            assert groups[street]["aggregate"]["count"] == len(populations)
            assert groups[street]["aggregate"]["population"]["sum"] == sum(populations)
            assert groups[street]["area"]["name"]
    counts = [g["aggregate"]["count"] for g in answer["groupBy"]]
    assert counts == sorted(counts, reverse=True)


def _projection(demo_city: Any, area: str | None) -> nx.Graph:
    return projections.pull(demo_city, None, "organizations", projections.Scope.of(area, dt.date.fromisoformat(AS_OF)))


def test_co_building_network_is_the_analysis_projection(api: GraphQLClient, demo_city: Any) -> None:
    net = api.data("""query($area: ID!) { coBuildingNetwork(areaId: $area, asOf: "2021-01-01", first: 1000) {
        totalNodes truncated nodes { id strength } edges { source target weight } } }""", {"area": STREET})
    net = net["coBuildingNetwork"]
    graph = _projection(demo_city, STREET)
    assert not net["truncated"] and net["totalNodes"] == graph.number_of_nodes() > 100
    api_edges = {tuple(sorted((e["source"], e["target"]))): e["weight"] for e in net["edges"]}
    nx_edges = {tuple(sorted((u[1], v[1]))): w for u, v, w in graph.edges(data="weight")}
    assert len(api_edges) > 50
    assert api_edges == pytest.approx(nx_edges)
    strengths = {n["id"]: n["strength"] for n in net["nodes"]}
    assert strengths == pytest.approx({key[1]: s for key, s in graph.degree(weight="weight")})


def test_co_builders_are_the_neighbours_in_the_projection(api: GraphQLClient, demo_city: Any) -> None:
    answer = api.data("""query($id: ID!) { coBuilders(organizationId: $id, asOf: "2021-01-01", first: 100) {
        totalCount edges { weight node { id } } } }""", {"id": GRAND_WORKING_COMMITTEE})["coBuilders"]
    graph = _projection(demo_city, None)
    neighbours = graph[("Organization", GRAND_WORKING_COMMITTEE)]
    assert answer["totalCount"] == len(neighbours) > 5
    assert {p["node"]["id"]: p["weight"] for p in answer["edges"]} == pytest.approx(
        {v[1]: attrs["weight"] for v, attrs in neighbours.items()})
    weights = [p["weight"] for p in answer["edges"]]
    assert weights == sorted(weights, reverse=True)


def test_cross_appointments_and_chains_match_the_people_network(api: GraphQLClient, demo_city: Any) -> None:
    answer = api.data("""{ crossAppointments(asOf: "2021-01-01", first: 5) { totalCount
        edges { node { person { id } organizationCount posts { organization { id } } } } } }""")
    people = answer["crossAppointments"]
    expected = count(demo_city, """
        MATCH (p:Person)-[r:SERVES_IN]->(o:Organization)
        WHERE (r.start_date IS NULL OR r.start_date <= $asOf) AND (r.end_date IS NULL OR r.end_date >= $asOf)
        WITH p, count(DISTINCT o) AS n WHERE n >= 2 RETURN count(p)""", asOf=dt.date.fromisoformat(AS_OF))
    assert people["totalCount"] == expected > 1000
    top = people["edges"][0]["node"]
    assert top["organizationCount"] == len({p["organization"]["id"] for p in top["posts"]}) >= 4

    two_mode = projections.pull(demo_city, None, "people", projections.Scope.of(None, dt.date.fromisoformat(AS_OF)))
    source = ("Organization", top["posts"][0]["organization"]["id"])
    reachable = nx.single_source_shortest_path_length(two_mode, source, cutoff=12)
    targets = sorted((n for n, d in reachable.items() if n[0] == "Organization" and d in (2, 6, 10)),
                     key=lambda n: (reachable[n], n))
    checked = 0
    for target in targets[:: max(1, len(targets) // 6)][:6]:
        chains = api.data("""query($from: ID!, $to: ID!) { crossAppointmentChains(fromId: $from, toId: $to,
            maxHops: 6, asOf: "2021-01-01") { chains { hops nodes { id } } } }""",
                          {"from": source[1], "to": target[1]})["crossAppointmentChains"]["chains"]
        assert chains, f"no chain from {source} to {target}"
        assert {c["hops"] for c in chains} == {reachable[target] // 2}
        assert all(c["nodes"][0]["id"] == source[1] and c["nodes"][-1]["id"] == target[1] for c in chains)
        checked += 1
    assert checked >= 3


def test_search_and_neighborhood(api: GraphQLClient, demo_city: Any) -> None:
    hits = api.data('{ search(text: "旌阳", kinds: [District]) { edges { node { id name } } } }')["search"]["edges"]
    assert hits[0]["node"] == {"id": "510603000000", "name": "旌阳区"}
    sub = api.data("""query($id: ID!) { neighborhood(id: $id, depth: 1, first: 500) { truncated nodes { id } } }""",
                   {"id": GRAND_WORKING_COMMITTEE})["neighborhood"]
    neighbours = count(demo_city, "MATCH (p:Organization {id: $id})--(m) RETURN count(DISTINCT m)",
                       id=GRAND_WORKING_COMMITTEE)
    assert not sub["truncated"] and len(sub["nodes"]) == neighbours + 1


NESTED = """query($n: Int) { partyOrganizations(first: $n, sort: TIES) { edges { node {
  id basedIn { id parent { id } } seatHolders(first: 3) { edges { node { id } } }
  members(first: 10) { edges { role onBehalfOf { id } node { id posts { totalCount edges { node { id } } } } } }
} } } }"""


def test_round_trips_do_not_grow_with_the_number_of_results(api: GraphQLClient) -> None:
    one, ten, hundred = (api.raw(NESTED, {"n": n}) for n in (1, 10, 100))
    assert len(hundred["data"]["partyOrganizations"]["edges"]) == 100
    people = {m["node"]["id"] for e in hundred["data"]["partyOrganizations"]["edges"]
              for m in e["node"]["members"]["edges"]}
    assert len(people) > 100
    # the list with basedIn, parent, seatHolders, members and posts folded into it (api/folding.py), and
    # onBehalfOf's lookup: two queries however many results (one organisation may have no part-time member,
    # so nothing for onBehalfOf to fetch)
    assert ten["extensions"]["roundTrips"] == hundred["extensions"]["roundTrips"] == 2
    assert one["extensions"]["roundTrips"] <= 2
