"""The explorer in a real browser: headless Chromium (Debian's) driven by Playwright, on the demo city.

One demo load, one API server (uvicorn in a thread, on a free loopback port) and one browser for the module.
Every page records its requests, and any request to a host but the server fails the test; page errors and
CSP violations fail it too. Each view leaves a screenshot in tests/artifacts/ (git-ignored), and each drawn
view is checked for pixels (a canvas that is not blank), not only for its DOM. Counts are checked against the
API, asked directly.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from neo4j import Driver

from api import static
from api.app import create_app
from api.config import ApiSettings
from bench.browser import CHROMIUM_ARGS, RequestLog, chromium_path, serving
from graph.store.settings import Connection
from loaders.demo import figures as demo_figures
from tests.test_api_support import api_client

ARTIFACTS = Path(__file__).parent / "artifacts"
TIMEOUT = 60_000  # ms: a page on two shared cores with software WebGL
GWC = "po-510603003-gwc"  # 城北街道大工委, a street's grand working committee in 旌阳区
JINGYANG = "510603000000"  # 旌阳区


@pytest.fixture(scope="module")
def base(demo_city: Driver, neo4j_conn: Connection) -> Iterator[str]:
    if not static.built():
        pytest.fail("the explorer is not built: run `make install` (npm ci + the esbuild build)", pytrace=False)
    app = create_app(neo4j_conn, ApiSettings(production=False, request_timeout=30))
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.fail("no chromium on PATH: `apt-get install chromium` (make test does it)", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page with its request log, errors and CSP violations recorded."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.log = RequestLog(base)
        self.log.attach(page)
        self.errors: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}")
                if m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text) else None)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)

    def check(self) -> None:
        assert self.log.foreign() == [], f"requests to other hosts: {self.log.foreign()}"
        assert self.errors == []

    def shot(self, name: str) -> bytes:
        ARTIFACTS.mkdir(exist_ok=True)
        return self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="zh-CN")
    context.set_default_timeout(TIMEOUT)
    p = Page(context.new_page(), base)
    yield p
    try:
        p.check()
    finally:
        context.close()


def api(base: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, timeout=60)
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def drawn(png: bytes, min_colours: int = 3, min_share: float = 0.002) -> tuple[int, float]:
    """How many distinct colours a screenshot has, and the share of pixels not of its commonest colour."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    total = image.width * image.height
    commonest = max(count for count, _ in colours)
    share = 1 - commonest / total
    assert len(colours) >= min_colours and share >= min_share, f"blank canvas: {len(colours)} colours, {share:.4f}"
    return len(colours), share


def until(p: Page, script: str, timeout: float = TIMEOUT / 1000) -> Any:
    """Polls `script` (a JS function) in the page until it returns something truthy. (Playwright's
    wait_for_function compiles its predicate with eval, which the explorer's CSP rightly refuses.)"""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = p.page.evaluate(script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {script}")
        p.page.wait_for_timeout(100)


def ready(p: Page, testid: str) -> None:
    until(p, f"() => document.querySelector('[data-testid={testid}]')?.dataset.ready === '1'")


def canvas_png(p: Page, selector: str) -> bytes:
    return p.page.locator(selector).screenshot()


def keys_of(elements: dict[str, Any]) -> set[str]:
    return {n["data"]["id"] for n in elements["nodes"]}


# --- serving ---------------------------------------------------------------------------------------------------

def test_pages_carry_a_strict_csp_and_load_only_from_the_server(base: str) -> None:
    for path in ("/", "/graphql"):
        response = httpx.get(base + path, headers={"Accept": "text/html"})
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "script-src 'self'" in csp
        assert "http" not in response.text.split("<body", 1)[0].replace("http-equiv", "")  # no CDN in the head
    js = httpx.get(base + "/explorer/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert httpx.get(base + "/explorer/../pyproject.toml").status_code == 404
    assert httpx.get(base + "/explorer/%2e%2e/static.py").status_code == 404
    assert httpx.get(base + "/explorer/a%00b").status_code == 404


def test_a_server_without_the_bundle_says_how_to_build_it(neo4j_conn: Connection, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(static, "DIST", tmp_path / "missing")
    with api_client(create_app(neo4j_conn, ApiSettings(production=False, request_timeout=10))) as client:
        for path in ("/", "/graphql"):
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 503
            assert "npm ci" in response.text and "make install" in response.text
            assert "Content-Security-Policy" in response.headers


# --- the views ---------------------------------------------------------------------------------------------------

def test_search_pingan_and_open_it(page: Page, base: str) -> None:
    page.open("/")
    box = page.page.get_by_test_id("search-box")
    box.fill("平安社区")
    first = page.page.locator(".hit").first
    first.wait_for()
    hits = api(base, "query($t: String!) { search(text: $t, first: 50) { edges { node { id kind } } } }",
               t="平安社区")["search"]["edges"]
    assert page.page.locator(".hit").count() == len(hits)
    assert first.get_attribute("data-id") == "510623115001"
    assert "社区/村" in first.inner_text() and "悦来镇" in first.inner_text()  # kind and place (street)
    grid = page.page.locator(".hit[data-kind=Grid]").first
    assert "悦来镇 › 平安社区" in grid.inner_text()  # street › community
    assert "q=" in page.page.url  # the search is in the URL
    page.shot("search")
    first.locator("a.hit-name").click()
    page.page.get_by_test_id("entity-name").wait_for()
    assert page.page.get_by_test_id("entity-name").inner_text().startswith("平安社区")
    crumbs = page.page.get_by_test_id("crumbs").inner_text()
    assert "中江县" in crumbs and "悦来镇" in crumbs
    props = page.page.get_by_test_id("properties").inner_text()
    assert "人口" in props and "区划代码" in props  # labels from the ontology
    node = api(base, '{ node(id: "510623115001", kind: Community) { tieCount ... on Community { population } } }')["node"]
    assert f"{node['population']:,}" in props
    shown = sum(int(s.inner_text().split()[-1]) for s in page.page.locator("[data-testid=ties] summary").all())
    assert shown == node["tieCount"]  # every tie, grouped by type
    page.shot("entity")


def test_entity_page_of_a_person_shows_posts_with_roles_and_no_personal_data(page: Page, base: str) -> None:
    person = api(base, '{ crossAppointments(first: 1) { nodes { person { id name } } } }')["crossAppointments"]["nodes"][0]["person"]
    page.open(f"/#/entity?id={person['id']}&kind=Person")
    page.page.get_by_test_id("ties").locator("details[data-rel=SERVES_IN]").wait_for()
    text = page.page.locator("main").inner_text()
    assert "职务" in text and "开始日期" in text
    assert "phone" not in text.lower() and "电话" not in text and "身份证" not in text


def test_expand_an_organisation_by_clicking(page: Page, base: str) -> None:
    query = "query($id: ID!) { neighborhood(id: $id, depth: 1, first: 500) { elements } }"
    page.open(f"/#/network?seeds=Organization:{GWC}")
    canvas = page.page.get_by_test_id("network-canvas")
    ready(page, "network-canvas")
    first = keys_of(api(base, query, id=GWC)["neighborhood"]["elements"])
    assert int(canvas.get_attribute("data-nodes")) == len(first)
    # click an organisation the first step reached, other than the centre
    target = next(k for k in sorted(first) if k.startswith("Organization:") and k != f"Organization:{GWC}")
    page.page.wait_for_timeout(1500)  # let the layout spread the nodes a little, then stop it for a still target
    page.page.evaluate("() => window.__explorer.network.stopLayout()")
    page.page.wait_for_timeout(200)
    point = page.page.evaluate(f"() => window.__explorer.network.nodeViewport({json.dumps(target)})")
    page.page.mouse.click(point["x"], point["y"])
    until(page, f"() => window.__explorer.network.expanded.has({json.dumps(target)})")
    second = keys_of(api(base, query, id=target.split(":", 1)[1])["neighborhood"]["elements"])
    expected = first | second
    until(page, f"() => document.querySelector('[data-testid=network-canvas]').dataset.nodes === '{len(expected)}'")
    assert target.split(":", 1)[1] in page.page.url  # the expansion is bookmarked
    legend = page.page.get_by_test_id("legend").inner_text()
    assert "党组织" in legend
    drawn(canvas_png(page, "[data-testid=network-canvas]"))
    page.shot("network-ego")
    # the tie-kind filter hides edges, not nodes
    before = int(canvas.get_attribute("data-visible-edges"))
    page.page.locator("input[data-tie=hierarchy]").uncheck()
    until(page, f"() => document.querySelector('[data-testid=network-canvas]').dataset.visibleEdges !== '{before}'")
    assert int(canvas.get_attribute("data-visible-edges")) < before
    assert "ties=" in page.page.url


def test_co_building_network_of_a_district_with_an_as_of_date(page: Page, base: str) -> None:
    page.open(f"/#/network?area={JINGYANG}&areaName={quote('旌阳区')}")
    ready(page, "network-canvas")
    q = "query($a: ID!, $d: Date) { coBuildingNetwork(areaId: $a, asOf: $d, first: 1000) { elements } }"
    net = api(base, q, a=JINGYANG, d=None)["coBuildingNetwork"]["elements"]
    canvas = page.page.get_by_test_id("network-canvas")
    assert int(canvas.get_attribute("data-nodes")) == len(net["nodes"])
    assert int(canvas.get_attribute("data-edges")) == len(net["edges"])
    assert "经纪人" in page.page.get_by_test_id("legend").inner_text()
    drawn(canvas_png(page, "[data-testid=network-canvas]"))
    page.shot("network-co-building")
    # an earlier date re-asks the API
    asked = len(page.log.bodies)
    page.page.get_by_test_id("any-date").uncheck()
    page.page.get_by_test_id("as-of").fill("1000")  # 2017-09-27
    page.page.get_by_test_id("as-of").dispatch_event("change")
    ready(page, "network-canvas")
    page.page.wait_for_timeout(500)
    sent = [json.loads(b) for b in page.log.bodies[asked:]]
    dated = [b for b in sent if "coBuildingNetwork" in b["query"]]
    assert dated and dated[-1]["variables"]["asOf"] == "2017-09-27"
    then = api(base, q, a=JINGYANG, d="2017-09-27")["coBuildingNetwork"]["elements"]
    until(page, f"() => document.querySelector('[data-testid=network-canvas]').dataset.nodes === '{len(then['nodes'])}'")
    assert "asOf=2017-09-27" in page.page.url


@pytest.fixture(scope="module")
def chain_ends(base: str) -> tuple[dict[str, str], dict[str, str]]:
    """Two organisations a person serves in both of (so a chain links them), found in the demo city by the API."""
    person = api(base, "{ crossAppointments(first: 1) { nodes { posts { organization { id name } } } } }")[
        "crossAppointments"]["nodes"][0]
    organisations = list({p["organization"]["id"]: p["organization"] for p in person["posts"]}.values())
    return organisations[0], organisations[1]


def test_draw_a_chain_between_two_organisations(page: Page, base: str,
                                                chain_ends: tuple[dict[str, str], dict[str, str]]) -> None:
    CHAIN_FROM, CHAIN_TO = (end["id"] for end in chain_ends)
    page.open(f"/#/chains?from={CHAIN_FROM}&to={CHAIN_TO}")
    result = page.page.get_by_test_id("chains-result")
    until(page, "() => document.querySelector('[data-testid=chains-result]')?.dataset.chains !== undefined")
    chains = api(base, "query($f: ID!, $t: ID!) { crossAppointmentChains(fromId: $f, toId: $t) { chains { hops nodes { id } posts { role } } } }",
                 f=CHAIN_FROM, t=CHAIN_TO)["crossAppointmentChains"]["chains"]
    assert chains, "the demo city has a chain between these two"
    assert int(result.get_attribute("data-chains")) == len(chains)
    assert page.page.locator(".chain").count() == len(chains)
    for post in chains[0]["posts"]:
        assert post["role"] in result.inner_text()
    nodes = {n["id"] for c in chains for n in c["nodes"]}
    assert int(page.page.get_by_test_id("chains-canvas").get_attribute("data-nodes")) == len(nodes)
    drawn(canvas_png(page, "[data-testid=chains-canvas]"))
    page.shot("chains")


def test_chain_pickers_search_organisations(page: Page, base: str,
                                            chain_ends: tuple[dict[str, str], dict[str, str]]) -> None:
    name = chain_ends[0]["name"]
    page.open("/#/chains")
    page.page.get_by_test_id("chain-from").fill(name)
    page.page.locator(".picker-list li").first.click()
    until(page, "() => location.hash.includes('from=')")
    picked = page.page.evaluate("() => new URLSearchParams(location.hash.split('?')[1]).get('from')")
    assert api(base, "query($id: ID!) { node(id: $id) { name } }", id=picked)["node"]["name"] == name


def test_map_gap_markers_equal_the_api_total(page: Page, base: str) -> None:
    page.open("/#/map")
    ready(page, "map-canvas")
    total = api(base, 'query { coverageGaps(kind: COMPOUND_NO_FACILITY, facilityKind: canteen, radiusMeters: 1000) { totalCount } }')["coverageGaps"]["totalCount"]
    assert total > 0
    count = page.page.get_by_test_id("gap-count")
    assert int(count.get_attribute("data-count")) == total
    assert int(count.get_attribute("data-total")) == total
    features = page.page.evaluate("() => window.__explorer.map.map.querySourceFeatures('gaps').length")
    assert features > 0
    assert page.page.locator(".maplibregl-ctrl-scale").count() == 1
    # the gaps per street, every gap counted by the server: the table's rows are groupBy's, and its total the API's
    per_street = api(base, 'query { coverageGaps(kind: COMPOUND_NO_FACILITY, facilityKind: canteen, radiusMeters: 1000, '
                           'first: 0) { aggregate { count population { sum } } groupBy(by: STREET) { area { name } '
                           'aggregate { count population { sum } } } } }')["coverageGaps"]
    streets = page.page.get_by_test_id("gap-streets")
    streets.wait_for()
    rows = streets.locator("tbody tr").all_inner_texts()
    assert len(rows) == len(per_street["groupBy"]) + 1  # and the total
    for row, group in zip(rows, per_street["groupBy"]):
        cells = row.split("\t")
        assert cells[0] == group["area"]["name"]
        assert cells[1:] == [f"{group['aggregate']['count']:,}", f"{group['aggregate']['population']['sum'] or 0:,}"]
    assert rows[-1].split("\t")[1:] == [f"{per_street['aggregate']['count']:,}",
                                        f"{per_street['aggregate']['population']['sum']:,}"]
    drawn(canvas_png(page, "[data-testid=map-canvas] canvas"))
    page.shot("map")
    # another gap kind and radius re-ask the API
    page.page.get_by_test_id("gap-kind").select_option("COMPOUND_THREE_WITHOUT")
    three = api(base, "{ coverageGaps(kind: COMPOUND_THREE_WITHOUT) { totalCount } }")["coverageGaps"]["totalCount"]
    until(page, f"() => document.querySelector('[data-testid=gap-count]').dataset.count === '{three}'")
    assert "gap=COMPOUND_THREE_WITHOUT" in page.page.url
    page.page.get_by_test_id("recommend").click()
    page.page.get_by_test_id("site-table").wait_for()
    plan = api(base, '{ recommendFacilitySites(kind: canteen, radiusMeters: 1000, count: 3) { picks { site { name } residentsGained } } }')["recommendFacilitySites"]
    table = page.page.get_by_test_id("site-table").inner_text()
    for pick in plan["picks"]:
        assert pick["site"]["name"] in table and f"{pick['residentsGained']:,}" in table
    page.shot("map-sites")


def test_export_a_csv_and_read_it_back(page: Page, base: str) -> None:
    page.open(f"/#/search?q={quote('平安')}")
    page.page.locator(".hit").first.wait_for()
    with page.page.expect_download() as info:
        page.page.get_by_test_id("csv-search").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    hits = api(base, "query($t: String!) { search(text: $t, first: 50) { edges { node { id name } } } }",
               t="平安")["search"]["edges"]
    assert rows[0][:3] == ["名称", "类型", "位置"]
    assert [r[0] for r in rows[1:]] == [h["node"]["name"] for h in hits]
    assert [r[3] for r in rows[1:]] == [h["node"]["id"] for h in hits]
    # a spreadsheet runs nothing from a cell
    cells = page.page.evaluate("() => window.__explorer.toCsv(['a'], [['=1+1'], ['+x'], ['-2'], ['@SUM(A1)'], ['ok']])")
    back = list(csv.reader(io.StringIO(cells.lstrip("\ufeff"))))
    assert [r[0] for r in back[1:]] == ["'=1+1", "'+x", "'-2", "'@SUM(A1)", "ok"]


def test_dashboard_shows_the_articles_figures_beside_the_graph(page: Page, base: str) -> None:
    page.open("/#/dashboard")
    page.page.get_by_test_id("figures").wait_for()
    page.page.get_by_test_id("streets").wait_for()
    page.page.get_by_test_id("gap-totals").wait_for()
    rows = page.page.get_by_test_id("figures").locator("tbody tr")
    assert rows.count() == len(demo_figures.FIGURES)
    figures = api(base, "{ demoFigures { holds } }")["demoFigures"]
    assert page.page.get_by_test_id("figures").inner_text().count("✓") == sum(f["holds"] for f in figures)
    streets = api(base, "{ streets { totalCount } }")["streets"]["totalCount"]
    assert page.page.get_by_test_id("streets").locator("tbody tr").count() == streets
    three = api(base, "{ coverageGaps(kind: COMPOUND_THREE_WITHOUT) { totalCount } }")["coverageGaps"]["totalCount"]
    assert f"{three:,}" in page.page.get_by_test_id("gap-totals").inner_text()
    page.shot("dashboard")


SERVICE_AT = "2021-01-01T00:00:00+08:00"  # just after the demo's year: the open cases are past some limit


def _percent(text: str) -> float:
    return float(text.strip().rstrip("%"))


def _hrefs_ids(table: Any) -> list[str]:
    hrefs = table.locator("tbody tr td:first-child a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [dict(p.split("=", 1) for p in h.split("?", 1)[1].split("&"))["id"] for h in hrefs]


def test_dashboard_shows_service_levels_and_the_supervision_list(page: Page, base: str) -> None:
    page.open(f"/#/dashboard?at={quote(SERVICE_AT)}")
    streets_table = page.page.get_by_test_id("service-streets")
    # Every panel answered before the test asks the API itself (an identity's area-wide questions are limited).
    for testid in ("service-streets", "service-departments", "overdue", "figures", "streets", "gap-totals"):
        page.page.get_by_test_id(testid).wait_for()
    level = "key name cases accept { share medianHours } handle { share } close { share } satisfaction"
    answer = api(base, f"query($at: DateTime) {{ serviceLevels(groupBy: STREET, at: $at) {{ overall {{ {level} }} "
                       f"groups {{ {level} }} }} }}", at=SERVICE_AT)["serviceLevels"]
    groups = answer["groups"]
    rows = streets_table.locator("tbody tr")
    assert rows.count() == len(groups) + 1  # a row per street and the whole answer's last
    assert _hrefs_ids(streets_table) == [g["key"] for g in groups]
    shown = rows.evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText))")
    for cells, group in zip(shown, groups + [answer["overall"]]):
        if group["name"]:
            assert cells[0] == group["name"]
        assert cells[1] == f"{group['cases']:,}"
        for i, step in enumerate(("accept", "handle", "close")):
            assert _percent(cells[2 + i]) == pytest.approx(group[step]["share"] * 100, abs=0.051), (cells, step)
        assert float(cells[5]) == pytest.approx(group["accept"]["medianHours"], abs=0.051)
        assert _percent(cells[8]) == pytest.approx(group["satisfaction"] * 100, abs=0.051)
    assert shown[-1][1] == f"{answer['overall']['cases']:,}" == "8,000"
    # The streets below the whole city's accepting share are marked.
    marked = streets_table.locator("tbody tr td:nth-child(3) .below").count()
    assert marked == sum(g["accept"]["share"] < answer["overall"]["accept"]["share"] for g in groups) > 0

    departments = api(base, "query($at: DateTime) { serviceLevels(groupBy: DEPARTMENT, at: $at) { groups { key "
                            "handle { share } } } }", at=SERVICE_AT)["serviceLevels"]["groups"]
    department_rows = page.page.get_by_test_id("service-departments").locator("tbody tr")
    assert department_rows.count() == len(departments) + 1
    first = department_rows.nth(0).locator("td")
    assert first.nth(0).inner_text() == departments[0]["key"]
    assert _percent(first.nth(3).inner_text()) == pytest.approx(departments[0]["handle"]["share"] * 100, abs=0.051)

    overdue = api(base, "query($at: DateTime) { overdueCases(at: $at, first: 50) { totalCount nodes { caseId "
                        "overdueHours department streetName } } }", at=SERVICE_AT)["overdueCases"]
    assert overdue["totalCount"] > 0
    assert f"{overdue['totalCount']:,}" in page.page.get_by_test_id("overdue-total").inner_text()
    overdue_table = page.page.get_by_test_id("overdue")
    assert _hrefs_ids(overdue_table) == [o["caseId"] for o in overdue["nodes"]]
    lines = overdue_table.locator("tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText))")
    for cells, case in zip(lines, overdue["nodes"]):
        assert float(cells[2].replace(",", "")) == pytest.approx(case["overdueHours"], abs=0.051)
        assert cells[3] == case["department"] and cells[5] == case["streetName"]
    streets_table.scroll_into_view_if_needed()
    page.shot("dashboard-service-levels")


def test_show_the_graphql_query_and_the_english_toggle(page: Page, base: str) -> None:
    page.open("/#/dashboard")
    page.page.get_by_test_id("figures").wait_for()
    page.page.get_by_test_id("query-figures").click()
    shown = page.page.get_by_test_id("query-text").inner_text()
    assert "demoFigures(scale: $scale)" in shown
    query = shown.split("# variables")[0]
    assert api(base, query, scale=1.0)["demoFigures"]  # what it shows runs
    link = page.page.locator(".query-dialog a", has_text="GraphiQL").get_attribute("href")
    assert link.startswith("/graphql#query=") and "demoFigures" in link
    page.page.keyboard.press("Escape")
    page.page.get_by_test_id("lang").click()
    page.page.locator("nav.views a[data-view=network]", has_text="Network").wait_for()
    page.open("/#/entity?id=510623115001&kind=Community")
    page.page.get_by_test_id("properties").wait_for()
    assert "Population" in page.page.get_by_test_id("properties").inner_text()
    page.shot("entity-english")
    page.page.get_by_test_id("lang").click()  # back to Chinese for the next test's context (localStorage is per context)


def test_graphiql_works_offline(page: Page, base: str) -> None:
    page.open("/graphql#query=" + quote("{ model { families } }"))  # what "open in GraphiQL" links to
    page.page.locator(".graphiql-container").wait_for()
    page.page.locator(".graphiql-execute-button").click()
    until(page, "() => document.querySelector('.result-window')?.innerText.includes('Organization')")
    page.shot("graphiql")
    assert any(u.endswith("/explorer/graphiql.js") for u in page.log.urls)


def test_network_exports(page: Page, base: str) -> None:
    page.open(f"/#/network?seeds=Organization:{GWC}")
    ready(page, "network-canvas")
    nodes = int(page.page.get_by_test_id("network-canvas").get_attribute("data-nodes"))
    # drag a node: it moves, and a drag is not a click (nothing is expanded)
    page.page.evaluate("() => window.__explorer.network.stopLayout()")
    page.page.wait_for_timeout(500)  # the last layout step drawn
    key = f"Organization:{GWC}"
    position = f"() => {{ const a = window.__explorer.network.graph.getNodeAttributes({json.dumps(key)}); return [a.x, a.y]; }}"
    before = page.page.evaluate(position)
    point = page.page.evaluate(f"() => window.__explorer.network.nodeViewport({json.dumps(key)})")
    page.page.mouse.move(point["x"], point["y"])
    page.page.wait_for_timeout(200)
    page.page.mouse.down()
    page.page.mouse.move(point["x"] + 60, point["y"] + 40, steps=8)
    page.page.mouse.up()
    until(page, f"() => {{ const p = ({position})(); return p[0] !== {before[0]} || p[1] !== {before[1]}; }}", timeout=10)
    assert page.page.evaluate("() => window.__explorer.network.expanded.size") == 1
    with page.page.expect_download() as info:
        page.page.get_by_test_id("export-png").click()
    png = Path(info.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    drawn(png)
    with page.page.expect_download() as info:
        page.page.get_by_test_id("export-graphml").click()
    graphml = Path(info.value.path()).read_text(encoding="utf-8")
    assert graphml.count("<node ") == nodes
    with page.page.expect_download() as info:
        page.page.get_by_test_id("export-gexf").click()
    gexf = Path(info.value.path()).read_text(encoding="utf-8")
    assert gexf.count("<node ") == nodes


def test_a_chain_from_a_person(page: Page, base: str) -> None:
    person = api(base, "{ crossAppointments(first: 1) { nodes { person { id name } posts { role organization { id name } } } } }")[
        "crossAppointments"]["nodes"][0]
    post = person["posts"][-1]
    page.open(f"/#/chains?from={person['person']['id']}&fromKind=Person&to={post['organization']['id']}")
    result = page.page.get_by_test_id("chains-result")
    until(page, "() => document.querySelector('[data-testid=chains-result]')?.dataset.chains !== undefined")
    assert int(result.get_attribute("data-chains")) >= 1  # the person holds a post there: a chain of one person
    text = result.inner_text()
    assert person["person"]["name"] in text and post["organization"]["name"] in text and post["role"] in text


def test_the_model_field_is_the_ontology_without_personal_data(base: str) -> None:
    from graph import ontology

    model = api(base, "{ model { kinds { name labelZh properties { name field labelZh } } relations { type labelZh } } }")["model"]
    assert [(k["name"], k["labelZh"]) for k in model["kinds"]] == [(k.name, k.label_zh) for k in ontology.NODE_KINDS]
    assert [(r["type"], r["labelZh"]) for r in model["relations"]] == [(r.type, r.label_zh) for r in ontology.REL_KINDS]
    personal = {(k.name, p.name) for k in ontology.NODE_KINDS for p in k.all_props if p.personal}
    shown = {(k["name"], p["name"]) for k in model["kinds"] for p in k["properties"]}
    assert personal and not personal & shown
    # every property field named is a field of the kind's GraphQL type
    for kind in model["kinds"]:
        fields = " ".join(p["field"] for p in kind["properties"])
        api(base, f'{{ node(id: "none", kind: {kind["name"]}) {{ ... on {kind["name"]} {{ {fields} }} }} }}')
    bad = httpx.post(f"{base}/graphql", json={"query": "{ demoFigures(scale: 99) { key } }"}).json()
    assert "scale must be between" in bad["errors"][0]["message"]


def test_after_analyze_the_entity_page_and_the_network_show_measures(page: Page, base: str, demo_city: Driver,
                                                                      neo4j_conn: Connection) -> None:
    from graph.analysis.writeback import analyze_city

    analyze_city(demo_city, neo4j_conn.database)  # last in the module: it writes measures onto the nodes
    measures = api(base, f'{{ node(id: "{GWC}", kind: Organization) {{ ... on Organization {{ measures {{ degree brokerageTotal cutCompounds }} }} }} }}')[
        "node"]["measures"]
    assert measures is not None
    page.open(f"/#/entity?id={GWC}&kind=PartyOrganization")
    table = page.page.get_by_test_id("measures")
    table.wait_for()
    rows = dict(tuple(r.locator("td").all_inner_texts()) for r in table.locator("tbody tr").all())
    assert rows["中介总数"] == f"{measures['brokerageTotal']:,}"
    assert rows["单点失效影响院落"] == f"{measures['cutCompounds']:,}"
    page.open(f"/#/network?seeds=Organization:{GWC}&size=betweenness")
    ready(page, "network-canvas")
    until(page, "() => document.querySelector('[data-testid=legend]')?.innerText.includes('中介中心性')")
    # brokers (top tenth by brokerage in view) and cut points come from the measures: some are ringed
    until(page, "() => [...document.querySelectorAll('[data-testid=legend] .legend-row small')].slice(-2).some((e) => e.textContent !== '0')")
    page.shot("network-measures")
