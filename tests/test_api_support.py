"""Shared by the API tests: a small hand-built city with known answers, a client, and a query helper.

Also tests the API's pure helpers (full-text query building, cursors, template filling), which need no database.

The small city (ids in brackets), as of 2024 unless a date says otherwise:

    德阳市 [C1] ─ 旌阳区 [D1] ─┬ 旌阳街道 [S1] ─┬ 岷江社区 [M1] ─ 阳光小区 [K1] (1,200), 金沙苑 [K2] (800), grid [G1]
                               │               └ 珠江社区 [M2] ─ 珠江花园 [K3] (2,000), grid [G2]
                               └ 东湖街道 [S2] ── 东湖社区 [M3] ─ 东湖院落 [K4] (300)

    P1 岷江社区大党委 (grand committee, M1)   P2 珠江社区大党委 (grand committee, M2)
    P3 阳光小区党支部 (covers K1)            P4 岷江一网格党支部 (grid branch, G1)
    P5 金沙苑党小组 (covers K2 from 2020)     O1 阳光小区业委会 (represents K1, K2)
    PC1 德阳安居物业 (manages K1, K3)         R1 hospital (seats on P1 and P2)
    R2 school (seat on P1 ended 2019; co-builds with P1 from 2019, 3 mechanisms)   R3 firm (no seat)
    P1–P2 co-building agreement ended 2018.  A1 owners'-committee association (O1 a member).  V1 volunteer team.

    X1 张伟: P1 书记, P3 委员, O1 主任        X2 李娜: P1 part-time on behalf of R1, P2 (from 2020)
    X3 王芳: O1, P2 (ended 2019)              X4 刘强: PC1 经理, P5 (from 2020)

    F1 canteen beside K1 (operated by PC1)    F2 party-mass service centre beside G2
"""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import anyio.from_thread
import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from api.config import ApiSettings
from api.errors import BadArgument
from api.fulltext import lucene_query
from api.pagination import Page, decode, encode, fingerprint
from api.placement import placement
from graph.store.queries import fill
from graph.store.settings import Connection

SMALL_CITY = """
CREATE (c:Area:City {id: 'C1', name: '德阳市', name_en: 'Deyang', lat: 31.127, lon: 104.398, population: 3450000})
CREATE (d:Area:District {id: 'D1', name: '旌阳区', name_en: 'Jingyang District', lat: 31.13, lon: 104.39})
       -[:WITHIN]->(c)
CREATE (s1:Area:Street {id: 'S1', name: '旌阳街道', lat: 31.13, lon: 104.39})-[:WITHIN]->(d)
CREATE (s2:Area:Street {id: 'S2', name: '东湖街道', lat: 31.14, lon: 104.42})-[:WITHIN]->(d)
CREATE (m1:Area:Community {id: 'M1', name: '岷江社区', lat: 31.130, lon: 104.390})-[:WITHIN]->(s1)
CREATE (m2:Area:Community {id: 'M2', name: '珠江社区', lat: 31.120, lon: 104.380})-[:WITHIN]->(s1)
CREATE (m3:Area:Community {id: 'M3', name: '东湖社区', lat: 31.140, lon: 104.420})-[:WITHIN]->(s2)
CREATE (k1:Area:Compound {id: 'K1', name: '阳光小区', name_en: 'Sunshine Compound', lat: 31.1300, lon: 104.3900,
                          population: 1200})-[:WITHIN]->(m1)
CREATE (k2:Area:Compound {id: 'K2', name: '金沙苑', lat: 31.1350, lon: 104.3950, population: 800})-[:WITHIN]->(m1)
CREATE (k3:Area:Compound {id: 'K3', name: '珠江花园', lat: 31.1200, lon: 104.3800, population: 2000})-[:WITHIN]->(m2)
CREATE (k4:Area:Compound {id: 'K4', name: '东湖院落', lat: 31.1400, lon: 104.4200, population: 300})-[:WITHIN]->(m3)
CREATE (g1:Area:Grid {id: 'G1', name: '岷江一网格', lat: 31.131, lon: 104.391})-[:WITHIN]->(m1)
CREATE (g2:Area:Grid {id: 'G2', name: '珠江一网格', lat: 31.121, lon: 104.381})-[:WITHIN]->(m2)
CREATE (p1:Organization:PartyOrganization {id: 'P1', name: '岷江社区大党委', kind: 'grand_party_committee'})
       -[:BASED_IN]->(m1)
CREATE (p2:Organization:PartyOrganization {id: 'P2', name: '珠江社区大党委', kind: 'grand_party_committee'})
       -[:BASED_IN]->(m2)
CREATE (p3:Organization:PartyOrganization {id: 'P3', name: '阳光小区党支部', kind: 'compound_party_organization'})
       -[:BASED_IN]->(k1)
CREATE (p3)-[:COVERS {start_date: date('2018-01-01')}]->(k1)
CREATE (p3)-[:SUB_ORGANIZATION_OF]->(p1)
CREATE (p4:Organization:PartyOrganization {id: 'P4', name: '岷江一网格党支部', kind: 'grid_party_branch'})
       -[:BASED_IN]->(g1)
CREATE (p4)-[:SUB_ORGANIZATION_OF]->(p1)
CREATE (p5:Organization:PartyOrganization {id: 'P5', name: '金沙苑党小组', kind: 'compound_party_organization'})
       -[:BASED_IN]->(m1)
CREATE (p5)-[:COVERS {start_date: date('2020-01-01')}]->(k2)
CREATE (o1:Organization:OwnersCommittee {id: 'O1', name: '阳光小区业委会', founded: date('2019-05-01')})
       -[:BASED_IN]->(k1)
CREATE (o1)-[:REPRESENTS {start_date: date('2019-05-01')}]->(k1)
CREATE (o1)-[:REPRESENTS {start_date: date('2019-05-01')}]->(k2)
CREATE (pc:Organization:PropertyCompany {id: 'PC1', name: '德阳安居物业', party_building_rating: 4,
                                         phone: '13800000000'})
       -[:BASED_IN]->(s1)
CREATE (pc)-[:MANAGES {start_date: date('2017-01-01')}]->(k1)
CREATE (pc)-[:MANAGES {start_date: date('2017-01-01')}]->(k3)
CREATE (r1:Organization:ResidentUnit {id: 'R1', name: '德阳市人民医院', name_en: "Deyang People's Hospital",
                                      kind: 'hospital'})
       -[:BASED_IN]->(s1)
CREATE (r2:Organization:ResidentUnit {id: 'R2', name: '岷江小学', kind: 'school'})-[:BASED_IN]->(s1)
CREATE (r3:Organization:ResidentUnit {id: 'R3', name: '东湖科技公司', kind: 'firm'})-[:BASED_IN]->(s2)
CREATE (r1)-[:SEATS_ON {start_date: date('2018-03-01')}]->(p1)
CREATE (r1)-[:SEATS_ON {start_date: date('2018-03-01')}]->(p2)
CREATE (r2)-[:SEATS_ON {start_date: date('2018-03-01'), end_date: date('2019-12-31')}]->(p1)
CREATE (p1)-[:CO_BUILDS {agreement: '岷江共建协议', start_date: date('2019-01-01'),
                         mechanisms: ['branch_co_building', 'joint_work', 'shared_resources']}]->(r2)
CREATE (p1)-[:CO_BUILDS {agreement: '旧协议', mechanisms: ['joint_work'], start_date: date('2016-01-01'),
                         end_date: date('2018-12-31')}]->(p2)
CREATE (a1:Organization:Association {id: 'A1', name: '岷江社区业委会协会', kind: 'owners_committee_association'})
       -[:BASED_IN]->(m1)
CREATE (o1)-[:MEMBER_OF {start_date: date('2020-01-01')}]->(a1)
CREATE (v1:Organization:VolunteerTeam {id: 'V1', name: '岷江志愿服务队', members: 25, focus: 'elderly'})
       -[:BASED_IN]->(m1)
CREATE (x1:Person {id: 'X1', name: '张伟', gender: 'male', party_member: true, phone: '13900000001',
                   id_number: '510600199001010011'})
CREATE (x2:Person {id: 'X2', name: '李娜', gender: 'female', party_member: true, planner_role: 'builder'})
CREATE (x3:Person {id: 'X3', name: '王芳', gender: 'female'})
CREATE (x4:Person {id: 'X4', name: '刘强', gender: 'male'})
CREATE (x1)-[:SERVES_IN {role: '书记', part_time: false, start_date: date('2018-01-01')}]->(p1)
CREATE (x1)-[:SERVES_IN {role: '委员', start_date: date('2018-06-01')}]->(p3)
CREATE (x1)-[:SERVES_IN {role: '主任', start_date: date('2019-05-01')}]->(o1)
CREATE (x2)-[:SERVES_IN {role: '兼职委员', part_time: true, on_behalf_of: 'R1', start_date: date('2018-03-01')}]->(p1)
CREATE (x2)-[:SERVES_IN {role: '委员', start_date: date('2020-01-01')}]->(p2)
CREATE (x3)-[:SERVES_IN {role: '委员', start_date: date('2019-05-01')}]->(o1)
CREATE (x3)-[:SERVES_IN {role: '委员', start_date: date('2016-01-01'), end_date: date('2019-12-31')}]->(p2)
CREATE (x4)-[:SERVES_IN {role: '经理', start_date: date('2017-01-01')}]->(pc)
CREATE (x4)-[:SERVES_IN {role: '组长', start_date: date('2020-01-01')}]->(p5)
CREATE (x1)-[:SENT_DOWN_TO {programme: '领航行动', mechanisms: ['group_guidance'],
                            start_date: date('2021-03-01')}]->(k4)
CREATE (f1:Facility {id: 'F1', name: '阳光社区食堂', kind: 'canteen', lat: 31.1310, lon: 104.3905,
                     categories: ['elderly', 'convenience']})-[:LOCATED_IN]->(k1)
CREATE (f2:Facility {id: 'F2', name: '珠江党群服务中心', kind: 'party_mass_service_centre', lat: 31.1210,
                     lon: 104.3810})
       -[:LOCATED_IN]->(m2)
CREATE (f1)-[:OPERATED_BY]->(pc)
CREATE (j1:Project {id: 'J1', name: '珠江花园老旧小区改造', kind: 'old_compound_renewal', status: 'in_progress',
                    batch: 1})
       -[:LOCATED_IN]->(k3)
CREATE (x2)-[:PLANS {role: 'builder'}]->(j1)
CREATE (cs:Case {id: 'CS1', name: '楼道照明损坏', status: 'closed',
                 reported_at: datetime('2024-03-01T09:00:00+08:00'), closed_at: datetime('2024-03-02T17:30:00+08:00')})
       -[:REPORTED_IN]->(k1)
CREATE (cs)-[:HANDLED_BY]->(p1)
"""


def load_small_city(driver: Any, database: str | None = None) -> None:
    driver.execute_query(SMALL_CITY, database_=database)


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan run (one async driver), and an httpx client talking to it in-process (ASGI)."""
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://govgraph.test") as c:
            yield c


class GraphQLClient:
    """Posts GraphQL documents to the app (on its own event loop thread) and returns the JSON answer."""

    def __init__(self, client: httpx.AsyncClient, portal: anyio.from_thread.BlockingPortal) -> None:
        self.client = client
        self.portal = portal

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.portal.call(lambda: self.client.get(path, **kwargs))

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.portal.call(lambda: self.client.post(path, **kwargs))

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.portal.call(lambda: self.client.request(method, path, **kwargs))

    def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.raw(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def error(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The first error of a query that must fail (as GraphQL errors, never an HTTP 500)."""
        body = self.raw(query, variables)
        assert body.get("errors"), f"expected an error, got {body}"
        return body["errors"][0]

    def round_trips(self, query: str, variables: dict[str, Any] | None = None) -> int:
        body = self.raw(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["extensions"]["roundTrips"]


@contextmanager
def api_client(app: FastAPI) -> Iterator[GraphQLClient]:
    with anyio.from_thread.start_blocking_portal() as portal, portal.wrap_async_context_manager(serving(app)) as c:
        yield GraphQLClient(c, portal)


@pytest.fixture(scope="module")
def api(neo4j_conn: Connection) -> Iterator[GraphQLClient]:
    """A client of the API in development mode on the test Neo4j (module-wide; the data is the tests')."""
    with api_client(create_app(neo4j_conn, ApiSettings(production=False, request_timeout=30))) as client:
        yield client


# --- the pure helpers ------------------------------------------------------------------
def test_user_text_becomes_a_safe_lucene_query() -> None:
    assert lucene_query("阳光小区") == '"阳光小区"'
    assert lucene_query("  Deyang   hospital ") == '"Deyang" AND "hospital"'
    assert lucene_query("岷") == "岷*"  # a lone character is never indexed alone: a prefix finds 岷江
    assert lucene_query('a"b') == '"a\\"b"'
    assert lucene_query("OR") == '"OR"'  # an operator word is searched for, not obeyed
    assert lucene_query("*") == '"*"'
    assert lucene_query("(") == '"("'
    with pytest.raises(BadArgument, match="text: must contain something"):
        lucene_query("   ")


def test_cursors_round_trip_and_bad_ones_are_refused() -> None:
    fp, other = fingerprint(("compounds", None)), fingerprint(("compounds", "D1"))
    assert decode("after", encode(fp, 41, ["阳光", "K1"]), fp).offset == 41
    assert decode("after", encode(fp, 41, ["阳光", "K1"]), fp).key == ["阳光", "K1"]
    assert Page.of(10, encode(fp, 9), list_key=("compounds", None)) == Page(skip=10, first=10, fingerprint=fp, started=True)
    assert Page.of(None).first == 20
    with pytest.raises(BadArgument, match="after: 'nonsense' is not a cursor"):
        decode("after", "nonsense", fp)
    with pytest.raises(BadArgument, match="is not a cursor this API gave for this list"):
        decode("after", encode(other, 9), fp)
    with pytest.raises(BadArgument, match="is not a cursor"):
        decode("after", encode(fp, 9)[:-1] + "x", fp)
    with pytest.raises(BadArgument, match="first: must be between 0 and 100, got 101"):
        Page.of(101)
    with pytest.raises(BadArgument, match="first: must be between 0 and 100, got -1"):
        Page.of(-1)


def test_templates_take_only_ontology_names() -> None:
    text = fill("ties_out", SELF="Person", REL="SERVES_IN", OTHER="Organization")
    assert "MATCH (n)-[r:SERVES_IN]->(m:Organization)" in text and "{{" not in text
    with pytest.raises(ValueError, match="not made of ontology labels"):
        fill("ties_out", SELF="Person", REL="SERVES_IN]->() DETACH DELETE n //", OTHER="Organization")
    with pytest.raises(ValueError, match="needs"):
        fill("ties_out", SELF="Person", REL="SERVES_IN")
    assert placement("Compound", inward=True) == "(:Area)<-[:WITHIN]-"
    assert placement("Organization", inward=False) == "-[:BASED_IN]->(:Area)"
    assert placement("Person", inward=True) == "(:Area)<-[:BASED_IN]-(:Organization)<-[:SERVES_IN]-"
    assert placement("City", inward=True) is None
