"""Service levels of residents' cases: does a street keep its promise to accept a report within 2 hours,
handle it within 24 and close it within 7 days (接诉 2 小时、处置 24 小时、办结 7 天)?

The promise is the Deyang street reform's (`graph.ontology.SERVICE_PROMISE`); the way it is measured is the
one hotline (12345) and grid-event platforms use: each step runs from one of a case's times to the next
(accepting from the report, handling from the acceptance, closing from the report), and a step is *kept*
when it ended within its limit, *late* when it ended after it or has not ended although the limit has passed
at the moment of evaluation, and *pending* when it has not ended and the limit has not passed yet (pending
steps are left out of the shares). Durations count calendar hours, or working time only (Monday to Friday,
less given holidays) when `Limits.working_days` is set, as some cities count them.

    cases = fetch(driver, None, area_id=None)             # graph/analysis/case_columns.py's Cases
    report = summarize(cases, "street", Limits(), at=time.time())
    report.overall.steps["accept"].share        # 0.95
    supervision = overdue(cases, Limits(), at=time.time())   # the 督办 list
    supervision[0].row["id"], supervision[0].step, supervision[0].overdue_hours

The cases come column-wise from `cypher/service_level_cases.cypher` (one row of lists, times as epoch
seconds) straight into NumPy arrays; everything here is arithmetic on them, so the CLI and the API share it
and a province's cases take well under a second. The functions take hand-made rows too (one dict per case).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graph import ontology
from graph.analysis.case_columns import Cases
from graph.errors import BadInput, NotFound
from graph.store import queries

HOUR = 3600.0
CHINA_OFFSET = 8 * 3600  # the cases' local day (China Standard Time) decides what a working day is
GROUP_BY = ("street", "community", "grid", "department", "category", "source", "month")
# Besides these, "handler" groups by each handling organisation (the dispatch network); not offered to users.
SATISFIED = ("satisfied", "basically_satisfied")  # what a 满意率 counts, of the recorded evaluations


@dataclass(frozen=True)
class Step:
    name: str  # accept, handle, close
    start: str  # the row key of the time the step starts from (reported, accepted …)
    end: str
    hours: float  # its limit


@dataclass(frozen=True)
class Limits:
    """The limits a report measures against: the promise by default, calendar time unless working_days."""

    accept_hours: float = ontology.SERVICE_PROMISE["accept"][2]
    handle_hours: float = ontology.SERVICE_PROMISE["handle"][2]
    close_hours: float = ontology.SERVICE_PROMISE["close"][2]
    working_days: bool = False
    holidays: tuple[dt.date, ...] = ()

    def __post_init__(self) -> None:
        for name in ("accept_hours", "handle_hours", "close_hours"):
            value = getattr(self, name)
            if not 0 < value <= 24 * 366:
                raise BadInput(f"{name}: a limit must be more than 0 and at most a year of hours, got {value}",
                               argument=name)

    @property
    def steps(self) -> tuple[Step, ...]:
        hours = {"accept": self.accept_hours, "handle": self.handle_hours, "close": self.close_hours}
        return tuple(Step(name, _row_key(start), _row_key(end), hours[name])
                     for name, (start, end, _) in ontology.SERVICE_PROMISE.items())

    @property
    def clock(self) -> str:
        return "working_days" if self.working_days else "calendar"


def _row_key(prop: str) -> str:
    """`accepted_at` → `accepted`, the column service_level_cases.cypher returns it as."""
    return prop.removesuffix("_at")


@dataclass(frozen=True)
class StepLevel:
    step: str
    limit_hours: float
    counted: int  # kept + late
    kept: int
    late: int
    pending: int
    median_hours: float | None  # of the steps that ended
    p90_hours: float | None

    @property
    def share(self) -> float | None:
        return self.kept / self.counted if self.counted else None


@dataclass(frozen=True)
class GroupLevel:
    key: str | None  # the group's id (None: cases with no such group, e.g. reported outside any grid)
    name: str | None
    cases: int
    steps: dict[str, StepLevel]
    evaluations: int  # cases with a recorded satisfaction
    satisfied: int

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.evaluations if self.evaluations else None


@dataclass(frozen=True)
class Report:
    limits: Limits
    at: float  # the moment of evaluation (epoch seconds)
    group_by: str | None
    overall: GroupLevel
    groups: list[GroupLevel] = field(default_factory=list)


@dataclass(frozen=True)
class Overdue:
    cases: Cases = field(repr=False, compare=False)
    index: int  # the case's position in `cases`
    step: str  # the step that is late
    limit_hours: float
    overdue_hours: float  # by how long, at the moment of evaluation
    department: str | None

    @property
    def row(self) -> dict[str, Any]:
        """The case as one dict (Cases.row): id, name, times, area, street, community, handler …"""
        return self.cases.row(self.index)


CaseSource = Cases | Sequence[Mapping[str, Any]]  # column-wise cases, or one dict per case (Cases.from_rows)


def _columns(cases: CaseSource) -> Cases:
    return cases if isinstance(cases, Cases) else Cases.from_rows(cases)


def summarize(cases: CaseSource, group_by: str | None, limits: Limits, at: float) -> Report:
    """Each group's share of steps kept, their median and 90th-percentile durations, and satisfaction."""
    if group_by is not None and group_by not in GROUP_BY + ("handler",):
        raise BadInput(f"groupBy: {group_by!r} is not a grouping; expected one of {', '.join(GROUP_BY)}",
                       argument="groupBy")
    cases = _columns(cases)
    times = cases.times
    durations = {s.name: _durations(times, s, limits, at) for s in limits.steps}
    marks = {"evaluated": np.array([e is not None for e in cases.satisfaction], dtype=bool),
             "satisfied": np.array([e in SATISFIED for e in cases.satisfaction], dtype=bool)}
    overall = _level(None, None, np.arange(len(cases)), durations, marks, limits)
    groups: list[GroupLevel] = []
    if group_by is not None:
        codes, keys, names = _group_codes(cases, group_by)
        order = np.argsort(codes, kind="stable")
        bounds = np.cumsum(np.bincount(codes, minlength=len(keys)))
        members = np.split(order, bounds[:-1])
        for code in sorted(range(len(keys)), key=lambda c: (keys[c] is None, keys[c] or "")):
            if members[code].size:
                groups.append(_level(keys[code], names[code], members[code], durations, marks, limits))
    return Report(limits, at, group_by, overall, groups)


def overdue(cases: CaseSource, limits: Limits, at: float) -> list[Overdue]:
    """Open cases past a limit at `at`: the first step of each that is late, most overdue first."""
    cases = _columns(cases)
    times = cases.times
    late_at = np.full(len(cases), -1, dtype=np.int64)  # the index in limits.steps of each case's first late step
    by = np.zeros(len(cases))
    now = np.full(len(cases), at)
    for k, step in enumerate(limits.steps):
        started, ended = times[step.start], times[step.end]
        elapsed = _elapsed(started, now, limits) / HOUR
        late = ~np.isnan(started) & np.isnan(ended) & (elapsed > step.hours) & (late_at < 0)
        late_at[late] = k
        by[late] = elapsed[late] - step.hours
    found = sorted((int(i) for i in np.flatnonzero(late_at >= 0)), key=lambda i: (-by[i], cases.ids[i] or ""))
    steps = limits.steps
    return [Overdue(cases, i, steps[late_at[i]].name, steps[late_at[i]].hours, float(by[i]), cases.department(i))
            for i in found]


def on_time(cases: CaseSource, limits: Limits, at: float) -> np.ndarray:
    """For each case, whether it was closed with every step within its limit."""
    cases = _columns(cases)
    kept = np.ones(len(cases), dtype=bool)
    for step in limits.steps:
        kept &= _durations(cases.times, step, limits, at)["kept"]
    return kept


# --- the arithmetic ------------------------------------------------------------------------------------------
def _elapsed(start: np.ndarray, end: np.ndarray, limits: Limits) -> np.ndarray:
    """Seconds from start to end: calendar, or working time only."""
    if not limits.working_days:
        return end - start
    return _working_clock(end, limits.holidays) - _working_clock(start, limits.holidays)


def _working_clock(t: np.ndarray, holidays: tuple[dt.date, ...]) -> np.ndarray:
    """Working seconds from 1970-01-01 (local time) to t: whole working days before t's day, plus t's day so far."""
    out = np.full(t.shape, np.nan)
    ok = ~np.isnan(t)
    local = t[ok] + CHINA_OFFSET
    days = np.floor(local / 86400).astype("int64")
    day = days.astype("datetime64[D]")
    holidays_ = np.array(holidays, dtype="datetime64[D]") if holidays else None
    before = np.busday_count(np.datetime64("1970-01-01"), day, holidays=holidays_) if holidays_ is not None \
        else np.busday_count(np.datetime64("1970-01-01"), day)
    working = np.is_busday(day, holidays=holidays_) if holidays_ is not None else np.is_busday(day)
    out[ok] = before * 86400.0 + np.where(working, local - days * 86400.0, 0.0)
    return out


def _durations(times: dict[str, np.ndarray], step: Step, limits: Limits, at: float) -> dict[str, np.ndarray]:
    started, ended = times[step.start], times[step.end]
    done = ~np.isnan(started) & ~np.isnan(ended)
    hours = _elapsed(started, ended, limits) / HOUR
    waited = _elapsed(started, np.full(started.shape, at), limits) / HOUR
    kept = done & (hours <= step.hours)
    late = (done & (hours > step.hours)) | (~np.isnan(started) & np.isnan(ended) & (waited > step.hours))
    pending = ~np.isnan(started) & np.isnan(ended) & ~(waited > step.hours)
    return {"hours": np.where(done, hours, np.nan), "kept": kept, "late": late, "pending": pending}


def _level(key: str | None, name: str | None, members: np.ndarray, durations: dict[str, dict[str, np.ndarray]],
           marks: dict[str, np.ndarray], limits: Limits) -> GroupLevel:
    steps = {}
    for step in limits.steps:
        d = durations[step.name]
        hours = d["hours"][members]
        hours = hours[~np.isnan(hours)]
        kept, late = int(d["kept"][members].sum()), int(d["late"][members].sum())
        steps[step.name] = StepLevel(step.name, step.hours, kept + late, kept, late, int(d["pending"][members].sum()),
                                     float(np.median(hours)) if hours.size else None,
                                     float(np.percentile(hours, 90)) if hours.size else None)
    return GroupLevel(key, name, int(members.size), steps, int(marks["evaluated"][members].sum()),
                      int(marks["satisfied"][members].sum()))


def _group_codes(cases: Cases, group_by: str) -> tuple[np.ndarray, list[str | None], list[str | None]]:
    if group_by == "month":
        reported = cases.times["reported"]
        local = (np.nan_to_num(reported) + CHINA_OFFSET).astype("int64").astype("datetime64[s]")
        months = np.where(np.isnan(reported), "", local.astype("datetime64[M]").astype(str))
        keys, codes = np.unique(months, return_inverse=True)
        labels: list[str | None] = [str(k) or None for k in keys]
        return codes.astype(np.int64), labels, labels
    return cases.codes(group_by)


# --- reading the cases and writing a report ------------------------------------------------------------------
def fetch(driver: Any, database: str | None, area_id: str | None, start: dt.date | None = None,
          end: dt.date | None = None) -> Cases:
    """The cases of service_level_cases.cypher for an area (checked to exist) and reporting days [start, end)."""
    if area_id is not None:
        found, _, _ = driver.execute_query(queries.query("analysis_area"), area=area_id, database_=database)
        if not found:
            raise NotFound(f"area: no area with id {area_id!r}", argument="area")
    if start is not None and end is not None and end <= start:
        raise BadInput(f"to: must be after from ({start.isoformat()}), got {end.isoformat()}", argument="to")
    china = dt.timezone(dt.timedelta(seconds=CHINA_OFFSET))
    bound = {k: None if d is None else dt.datetime.combine(d, dt.time(0), tzinfo=china)
             for k, d in (("from", start), ("to", end))}
    records, _, _ = driver.execute_query(queries.query("service_level_cases"), areaId=area_id, **bound,
                                         database_=database)
    return Cases.from_record(records[0])


STEP_LABELS_ZH = {"accept": "受理", "handle": "处置", "close": "办结"}
GROUP_LABELS_ZH = {"street": "街道", "community": "社区", "grid": "网格", "department": "承办部门",
                   "category": "诉求类别", "source": "诉求来源", "month": "月份", "handler": "承办单位"}


def table_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    """The report as a header and rows (the overall line last): what the CLI prints and the Excel sheet holds."""
    header = [GROUP_LABELS_ZH.get(report.group_by or "", "范围"), "案件数"]
    for step in report.limits.steps:
        zh = STEP_LABELS_ZH[step.name]
        header += [f"{zh}及时率({step.hours:g}h)", f"{zh}超时", f"{zh}中位(h)", f"{zh}P90(h)"]
    header += ["回访数", "满意率"]

    def line(group: GroupLevel, label: str | None) -> list[Any]:
        out: list[Any] = [label, group.cases]
        for step in report.limits.steps:
            level = group.steps[step.name]
            out += [level.share, level.late, level.median_hours, level.p90_hours]
        return out + [group.evaluations, group.satisfaction]

    rows = [line(g, g.name or g.key or "（无）") for g in report.groups]
    rows.append(line(report.overall, "合计"))
    return header, rows


def write_xlsx(report: Report, path: Any, title: str) -> None:
    """The report as an office forwards it: one sheet, a title line saying the limits, clock and moment, shares
    as percentages, groups below the overall share marked red."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    header, rows = table_rows(report)
    book = Workbook()
    sheet = book.active
    sheet.title = "服务时限"
    at = dt.datetime.fromtimestamp(report.at, dt.timezone(dt.timedelta(seconds=CHINA_OFFSET)))
    clock = "工作日" if report.limits.working_days else "自然时"
    limits = "、".join(f"{STEP_LABELS_ZH[s.name]}{s.hours:g}小时" for s in report.limits.steps)
    sheet.append([title])
    sheet.append([f"时限：{limits}（{clock}计）；统计时点 {at:%Y-%m-%d %H:%M}"])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="FFC7CE")
    share_columns = [i for i, h in enumerate(header) if "率" in h]
    for values in rows:
        sheet.append(values)
        for i in share_columns:
            cell = sheet.cell(row=sheet.max_row, column=i + 1)
            cell.number_format = "0.0%"
    overall = rows[-1]
    for r in range(4, 4 + len(rows) - 1):
        for i in share_columns[:-1]:
            cell = sheet.cell(row=r, column=i + 1)
            if cell.value is not None and overall[i] is not None and cell.value < overall[i]:
                cell.fill = red
    for i in range(len(header)):
        sheet.column_dimensions[sheet.cell(row=3, column=i + 1).column_letter].width = 14 if i else 24
    book.save(path)
