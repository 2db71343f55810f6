"""Service levels (2 h to accept, 24 h to handle, 7 days to close) on the demo city, checked against the same
figures recounted directly in Cypher from the loaded cases; the working-day clock on a small hand-made set."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph.analysis import service_levels as sl
from graph.errors import BadInput
from tests.cli import govgraph
from tests.test_api_support import GraphQLClient, api  # noqa: F401 — `api` is a fixture

CHINA = dt.timezone(dt.timedelta(hours=8))
AT = "2021-01-01T00:00:00+08:00"  # just after the demo's year: every case still open is past some limit
LEVEL = "{ key name cases accept { share kept late counted medianHours p90Hours } handle { share kept late counted } " \
        "close { share kept late counted } evaluations satisfaction belowOverall }"
SERVICE_LEVELS = ("query($by: ServiceGrouping, $area: ID, $at: DateTime) { serviceLevels(groupBy: $by, "
                  "areaId: $area, at: $at) { at groupBy limits { acceptHours handleHours closeHours clock } "
                  f"overall {LEVEL} groups {LEVEL} }} }}")

# The recount: per street, how many of each step ended within / after its limit (steps not ended by AT are
# late if their limit passed before AT, which for the demo's year-end open cases it always has but for a few).
RECOUNT = """
MATCH (c:Case)-[:REPORTED_IN]->(:Area)-[:WITHIN*0..4]->(s:Street)
WITH s, c, datetime($at) AS at
WITH s, c, at,
     coalesce(c.accepted_at, at) AS acc, c.accepted_at IS NULL AS accOpen,
     c.handled_at AS han, coalesce(c.closed_at, at) AS clo, c.closed_at IS NULL AS cloOpen
RETURN s.id AS street, count(c) AS cases,
  count(CASE WHEN NOT accOpen AND acc <= c.reported_at + duration({hours: 2}) THEN 1 END) AS acceptKept,
  count(CASE WHEN acc > c.reported_at + duration({hours: 2}) THEN 1 END) AS acceptLate,
  count(CASE WHEN han IS NOT NULL AND han <= c.accepted_at + duration({hours: 24}) THEN 1 END) AS handleKept,
  count(CASE WHEN c.accepted_at IS NOT NULL AND coalesce(han, at) > c.accepted_at + duration({hours: 24})
             THEN 1 END) AS handleLate,
  count(CASE WHEN NOT cloOpen AND clo <= c.reported_at + duration({days: 7}) THEN 1 END) AS closeKept,
  count(CASE WHEN clo > c.reported_at + duration({days: 7}) THEN 1 END) AS closeLate,
  count(CASE WHEN c.handled_at IS NULL AND c.accepted_at + duration({hours: 24}) < at THEN 1 END) AS handleOpenLate,
  count(CASE WHEN cloOpen AND c.reported_at + duration({days: 7}) < at THEN 1 END) AS closeOpenLate
ORDER BY street
"""
OVERDUE_RECOUNT = """
MATCH (c:Case)
WITH c, datetime($at) AS at
WITH c, CASE
  WHEN c.accepted_at IS NULL AND c.reported_at + duration({hours: 2}) < at THEN 'ACCEPT'
  WHEN c.accepted_at IS NOT NULL AND c.handled_at IS NULL AND c.accepted_at + duration({hours: 24}) < at
    THEN 'HANDLE'
  WHEN c.closed_at IS NULL AND c.reported_at + duration({days: 7}) < at THEN 'CLOSE'
END AS step
WHERE step IS NOT NULL
RETURN c.id AS id, step ORDER BY id
"""


@pytest.fixture(scope="module")
def recount(demo_city: Any) -> dict[str, dict[str, int]]:
    records, _, _ = demo_city.execute_query(RECOUNT, at=AT)
    return {r["street"]: dict(r) for r in records}


def _share(kept: int, late: int) -> float:
    return kept / (kept + late)


@pytest.mark.usefixtures("demo_city")
def test_service_levels_by_street_match_a_recount_and_the_generators_shares(
        api: GraphQLClient, recount: dict[str, dict[str, int]]) -> None:
    answer = api.data(SERVICE_LEVELS, {"by": "STREET", "at": AT})["serviceLevels"]
    assert answer["limits"] == {"acceptHours": 2.0, "handleHours": 24.0, "closeHours": 168.0, "clock": "CALENDAR"}
    assert answer["groupBy"] == "STREET"
    overall = answer["overall"]
    total = {k: sum(r[k] for r in recount.values()) for k in next(iter(recount.values())) if k != "street"}
    assert overall["cases"] == total["cases"] == 8000
    for step in ("accept", "handle", "close"):
        kept, late = total[f"{step}Kept"], total[f"{step}Late"]
        assert (overall[step]["kept"], overall[step]["late"]) == (kept, late), step
        assert overall[step]["share"] == pytest.approx(_share(kept, late))
    # The generator's promise: 95 % accepted within 2 h, 90 % handled within 24 h, 93 % closed within 7 days of
    # the cases that got there; the 2 % it leaves open are late at the year's end, and count so here.
    assert overall["accept"]["share"] == pytest.approx(0.95, abs=0.01)
    ended = {step: overall[step]["counted"] - total.get(f"{step}OpenLate", 0) for step in ("handle", "close")}
    assert overall["handle"]["kept"] / ended["handle"] == pytest.approx(0.90, abs=0.01)
    assert overall["close"]["kept"] / ended["close"] == pytest.approx(0.93, abs=0.01)
    assert overall["close"]["share"] < overall["close"]["kept"] / ended["close"]
    assert 0 < overall["accept"]["medianHours"] < overall["accept"]["p90Hours"]
    assert 0.8 < overall["satisfaction"] < 1

    groups = {g["key"]: g for g in answer["groups"]}
    assert set(groups) == set(recount)
    below = set()
    for street, counted in recount.items():
        group = groups[street]
        assert group["cases"] == counted["cases"]
        for step in ("accept", "handle", "close"):
            assert (group[step]["kept"], group[step]["late"]) == (counted[f"{step}Kept"], counted[f"{step}Late"])
        if _share(counted["acceptKept"], counted["acceptLate"]) < overall["accept"]["share"]:
            below.add(street)
        assert ("ACCEPT" in group["belowOverall"]) == (street in below)
    # Some streets lag behind the promise (the generator makes about one in eight slower), and they are named.
    lagging = {s for s, g in groups.items() if g["accept"]["share"] < 0.9 and g["cases"] >= 30}
    assert lagging and lagging <= below
    assert all(groups[s]["name"] for s in lagging)


@pytest.mark.usefixtures("demo_city")
def test_service_levels_by_department_vary_and_some_fall_below(api: GraphQLClient) -> None:
    answer = api.data(SERVICE_LEVELS, {"by": "DEPARTMENT", "at": AT})["serviceLevels"]
    shares = {g["key"]: g["handle"]["share"] for g in answer["groups"] if g["cases"] >= 100}
    assert "urban_management" in shares and "police" in shares
    assert shares["urban_management"] < answer["overall"]["handle"]["share"] < shares["police"]
    sources = api.data(SERVICE_LEVELS, {"by": "SOURCE", "at": AT})["serviceLevels"]["groups"]
    assert {g["key"] for g in sources} >= {"hotline_12345", "grid_inspection"}
    months = api.data(SERVICE_LEVELS, {"by": "MONTH", "at": AT})["serviceLevels"]["groups"]
    assert [g["key"] for g in months] == [f"2020-{m:02d}" for m in range(1, 13)]


@pytest.mark.usefixtures("demo_city")
def test_overdue_cases_are_the_open_cases_past_a_limit(api: GraphQLClient, demo_city: Any) -> None:
    records, _, _ = demo_city.execute_query(OVERDUE_RECOUNT, at=AT)
    expected = {r["id"]: r["step"] for r in records}
    assert expected
    query = ("query($after: String, $at: DateTime) { overdueCases(at: $at, first: 100, after: $after) { totalCount "
             "pageInfo { hasNextPage endCursor } edges { node { caseId step limitHours overdueHours department "
             "handler { id } streetName } } } }")
    found: dict[str, str] = {}
    hours: list[float] = []
    after = None
    while True:
        page = api.data(query, {"after": after, "at": AT})["overdueCases"]
        assert page["totalCount"] == len(expected)
        for edge in page["edges"]:
            node = edge["node"]
            found[node["caseId"]] = node["step"]
            hours.append(node["overdueHours"])
            assert node["department"] and node["handler"]["id"] and node["streetName"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert found == expected
    assert hours == sorted(hours, reverse=True) and hours[-1] > 0
    # Before the year began, nothing was reported, so nothing is overdue.
    early = api.data('{ overdueCases(at: "2019-12-31T00:00:00+08:00") { totalCount } }')["overdueCases"]
    assert early["totalCount"] == 0


OVERDUE_PAGE = ("query($first: Int, $after: String, $last: Int, $before: String, $at: DateTime, $step: ServiceStep) "
                "{ overdueCases(at: $at, step: $step, first: $first, after: $after, last: $last, before: $before) { "
                "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
                "edges { cursor node { caseId } } } }")


def _ids(page: dict[str, Any]) -> list[str]:
    return [e["node"]["caseId"] for e in page["edges"]]


@pytest.mark.usefixtures("demo_city")
def test_the_supervision_list_pages_backwards_with_cursors_bound_to_it(api: GraphQLClient) -> None:
    whole: list[str] = []
    after = None
    while True:
        page = api.data(OVERDUE_PAGE, {"first": 100, "after": after, "at": AT})["overdueCases"]
        whole += _ids(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(whole) == page["totalCount"] > 30
    # The end of the list, then the pages before it, back to the start.
    tail = api.data(OVERDUE_PAGE, {"last": 30, "at": AT})["overdueCases"]
    assert _ids(tail) == whole[-30:]
    assert tail["pageInfo"]["hasPreviousPage"] and not tail["pageInfo"]["hasNextPage"]
    back: list[str] = _ids(tail)
    before = tail["pageInfo"]["startCursor"]
    while True:
        page = api.data(OVERDUE_PAGE, {"last": 100, "before": before, "at": AT})["overdueCases"]
        assert page["pageInfo"]["hasNextPage"]
        back = _ids(page) + back
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert back == whole
    # A page between two cursors, and a cursor is refused by another list (another step or moment).
    first = api.data(OVERDUE_PAGE, {"first": 10, "at": AT})["overdueCases"]
    cursor = first["edges"][2]["cursor"]
    between = api.data(OVERDUE_PAGE, {"last": 5, "before": first["edges"][8]["cursor"], "at": AT})["overdueCases"]
    assert _ids(between) == whole[3:8]
    for other in ({"at": "2020-12-31T00:00:00+08:00"}, {"at": AT, "step": "CLOSE"}):
        error = api.error(OVERDUE_PAGE, {"first": 5, "after": cursor, **other})
        assert error["extensions"]["code"] == "BAD_USER_INPUT" and "after" in error["message"]
    error = api.error(OVERDUE_PAGE, {"first": 5, "last": 5, "at": AT})
    assert "first, last" in error["message"]


@pytest.mark.usefixtures("demo_city")
def test_dispatch_network_of_a_street(api: GraphQLClient, demo_city: Any) -> None:
    street = "510603003000"
    answer = api.data('query($street: ID!, $at: DateTime) { dispatchNetwork(streetId: $street, at: $at) { '
                      'centre { id name } departments { organization { id } department cases onTime onTimeShare '
                      'level { cases } } others { key cases } overall { cases } } }',
                      {"street": street, "at": AT})["dispatchNetwork"]
    assert answer["centre"]["id"].endswith("-dispatch")
    assert len({d["department"] for d in answer["departments"]}) == 18
    handled = sum(d["cases"] for d in answer["departments"]) + sum(o["cases"] for o in answer["others"])
    records, _, _ = demo_city.execute_query(
        "MATCH (:Street {id: $s})<-[:WITHIN*0..4]-(:Area)<-[:REPORTED_IN]-(c:Case) RETURN count(c)", s=street)
    assert handled == answer["overall"]["cases"] == records[0][0] > 0
    assert all(d["onTime"] <= d["cases"] for d in answer["departments"])


@pytest.mark.usefixtures("demo_city")
def test_bad_arguments_are_named(api: GraphQLClient) -> None:
    error = api.error('{ serviceLevels(areaId: "nowhere") { overall { cases } } }')
    assert error["extensions"]["code"] == "NOT_FOUND" and "areaId" in error["message"]
    error = api.error('{ serviceLevels(holidays: ["2020-10-01"]) { overall { cases } } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "holidays" in error["message"]
    error = api.error('{ serviceLevels(acceptHours: 0) { overall { cases } } }')
    assert "accept_hours" in error["message"] or "acceptHours" in error["message"]


JINGYANG = "510603000000"  # 旌阳区, a district of the demo city


def _table_lines(text: str) -> dict[str, list[str]]:
    """A rich table's body rows by their first cell (the table printed wide enough for no cell to fold)."""
    lines = {}
    for line in text.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            lines[cells[0]] = cells
    return lines


@pytest.mark.usefixtures("demo_city")
def test_the_command_prints_and_writes_the_levels_the_api_answers(api: GraphQLClient, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    answer = api.data(SERVICE_LEVELS, {"by": "DEPARTMENT", "area": JINGYANG, "at": AT})["serviceLevels"]
    groups = answer["groups"]
    assert len(groups) >= 5 and answer["overall"]["cases"] > 0
    out = tmp_path / "服务时限.xlsx"
    done = govgraph("service-levels", "--area", JINGYANG, "--by", "department", "--at", AT, "--xlsx", str(out),
                    columns=320)
    assert done.returncode == 0, done.stderr
    printed = _table_lines(done.stdout)
    assert set(printed) == {g["key"] for g in groups} | {"合计"}
    for group in groups + [{**answer["overall"], "key": "合计"}]:
        cells = printed[group["key"]]
        assert cells[1] == str(group["cases"])
        for i, step in enumerate(("accept", "handle", "close")):
            assert cells[2 + 4 * i] == f"{group[step]['share']:.1%}", (group["key"], step)
            assert cells[3 + 4 * i] == str(group[step]["late"])
        assert cells[4] == f"{group['accept']['medianHours']:.1f}"
        assert cells[15] == f"{group['satisfaction']:.1%}"
    assert f"written {out}" in done.stdout

    sheet = load_workbook(out).active
    assert sheet["A1"].value.startswith("service levels by department")
    assert [c.value for c in sheet[3]][:3] == ["承办部门", "案件数", "受理及时率(2h)"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert [r[0] for r in rows] == [g["name"] or g["key"] for g in groups] + ["合计"]
    for row, group in zip(rows, groups + [answer["overall"]]):
        assert row[1] == group["cases"]
        for i, step in enumerate(("accept", "handle", "close")):
            assert row[2 + 4 * i] == pytest.approx(group[step]["share"]) and row[3 + 4 * i] == group[step]["late"]
        assert row[4] == pytest.approx(group["accept"]["medianHours"])
        assert row[14] == group["evaluations"] and row[15] == pytest.approx(group["satisfaction"])


@pytest.mark.usefixtures("demo_city")
def test_the_command_names_a_bad_area_or_grouping_without_a_traceback(tmp_path: Any) -> None:
    out = tmp_path / "never.xlsx"
    for args, expected in ((("--area", "nowhere", "--by", "department"), "no area with id 'nowhere'"),
                           (("--by", "weekday"), "--by: 'weekday' is not a grouping"),
                           (("--by", "street", "--from", "2020-13-01"), "--from: expected a date YYYY-MM-DD"),
                           (("--by", "street", "--accept-hours", "0"), "accept_hours: a limit must be more than 0")):
        done = govgraph("service-levels", *args, "--xlsx", str(out))
        assert done.returncode != 0, args
        assert expected in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout
    assert not out.exists()


# --- the working-day clock, on a hand-made set ---------------------------------------------------------------
def _row(case_id: str, reported: dt.datetime, accepted: dt.datetime | None = None,
         handled: dt.datetime | None = None, closed: dt.datetime | None = None) -> dict[str, Any]:
    def ts(t: dt.datetime | None) -> float | None:
        return None if t is None else t.replace(tzinfo=CHINA).timestamp()
    return {"id": case_id, "reported": ts(reported), "accepted": ts(accepted), "handled": ts(handled),
            "closed": ts(closed), "department": "housing"}


def test_working_days_skip_weekends_and_holidays() -> None:
    d = dt.datetime
    rows = [
        # accepted Friday 20:00, handled Monday 10:00: 62 calendar hours, 14 working hours.
        _row("weekend", d(2020, 1, 10, 19, 0), d(2020, 1, 10, 20, 0), d(2020, 1, 13, 10, 0), d(2020, 1, 13, 11, 0)),
        # accepted Thursday 20:00, handled Monday 10:00: 38 working hours, 14 when Friday is a holiday.
        _row("holiday", d(2020, 1, 2, 19, 0), d(2020, 1, 2, 20, 0), d(2020, 1, 6, 10, 0), d(2020, 1, 6, 11, 0)),
        # within the limit on any clock.
        _row("quick", d(2020, 1, 7, 9, 0), d(2020, 1, 7, 9, 30), d(2020, 1, 7, 12, 0), d(2020, 1, 8, 9, 0)),
    ]
    at = d(2020, 2, 1, tzinfo=CHINA).timestamp()
    calendar = sl.summarize(rows, None, sl.Limits(), at).overall.steps["handle"]
    assert (calendar.kept, calendar.late) == (1, 2)
    assert calendar.median_hours == pytest.approx(62)  # of 62, 86 and 2.5 hours
    working = sl.summarize(rows, None, sl.Limits(working_days=True), at).overall.steps["handle"]
    assert (working.kept, working.late) == (2, 1)
    holidays = sl.Limits(working_days=True, holidays=(dt.date(2020, 1, 3),))
    both = sl.summarize(rows, None, holidays, at).overall.steps["handle"]
    assert (both.kept, both.late) == (3, 0)
    assert both.median_hours == pytest.approx(14)

    # An open case reported Friday 23:00 is not yet late to accept on Saturday on the working-day clock.
    open_case = [_row("open", d(2020, 1, 10, 23, 0))]
    saturday = d(2020, 1, 11, 12, 0, tzinfo=CHINA).timestamp()
    assert [o.step for o in sl.overdue(open_case, sl.Limits(), saturday)] == ["accept"]
    assert sl.overdue(open_case, sl.Limits(working_days=True), saturday) == []
    assert sl.summarize(open_case, None, sl.Limits(working_days=True), saturday).overall.steps["accept"].pending == 1
    with pytest.raises(BadInput):
        sl.summarize(rows, "weekday", sl.Limits(), at)
    # Hand-made rows group and list as the query's columns do: by their department, with their own row back.
    [housing] = sl.summarize(rows, "department", sl.Limits(), at).groups
    assert (housing.key, housing.cases) == ("housing", 3)
    [late] = sl.overdue(open_case, sl.Limits(), saturday)
    assert late.department == "housing" and late.row["id"] == "open" and late.row["accepted"] is None


def test_the_excel_report_says_its_limits_and_marks_the_groups_below(tmp_path: Any) -> None:
    from openpyxl import load_workbook

    d = dt.datetime
    rows = [{**_row(f"c{i}", d(2020, 3, 2, 9, 0), d(2020, 3, 2, 9, 30 if i % 2 else 59),
                    d(2020, 3, 2, 12, 0), d(2020, 3, 3, 9, 0)), "streetId": "s1", "streetName": "城北街道"}
            for i in range(4)]
    rows.append({**_row("late", d(2020, 3, 2, 9, 0), d(2020, 3, 2, 14, 0), d(2020, 3, 2, 15, 0),
                        d(2020, 3, 3, 9, 0)), "streetId": "s2", "streetName": "旌阳街道"})
    report = sl.summarize(rows, "street", sl.Limits(), d(2020, 4, 1, tzinfo=CHINA).timestamp())
    path = tmp_path / "服务时限.xlsx"
    sl.write_xlsx(report, path, "服务时限")
    sheet = load_workbook(path).active
    assert "受理2小时、处置24小时、办结168小时（自然时计）" in sheet["A2"].value
    assert [c.value for c in sheet[3]][:3] == ["街道", "案件数", "受理及时率(2h)"]
    assert [sheet.cell(row=r, column=1).value for r in range(4, sheet.max_row + 1)] == ["城北街道", "旌阳街道", "合计"]
    assert sheet["C4"].value == 1.0 and sheet["C5"].value == 0.0 and sheet["C6"].value == pytest.approx(0.8)
    assert sheet["C5"].fill.fgColor.rgb.endswith("FFC7CE") and not sheet["C4"].fill.fgColor.rgb.endswith("FFC7CE")
