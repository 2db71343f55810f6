"""`govgraph service-levels`: does an area keep the promise (接诉 2 小时、处置 24 小时、办结 7 天)?

    govgraph service-levels --by department                       # the whole city, per department
    govgraph service-levels --area 510603003000 --by grid --from 2020-07-01 --to 2021-01-01
    govgraph service-levels --by street --working-days --holiday 2020-10-01 --xlsx 服务时限.xlsx
    govgraph service-levels --overdue --at 2021-01-01T00:00:00+08:00   # the supervision list (督办)
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from graph.analysis import service_levels as sl
from graph.errors import BadInput
from graph.store import db

console = Console()
CHINA = dt.timezone(dt.timedelta(hours=8))


def _day(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{option}: expected a date YYYY-MM-DD, got {text!r}", argument=option) from None


def _moment(text: str | None) -> float:
    if text is None:
        return time.time()
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"--at: expected a date-time like 2021-01-01T00:00:00+08:00, got {text!r}",
                       argument="--at") from None
    return (at if at.tzinfo else at.replace(tzinfo=CHINA)).timestamp()


def _cell(value: Any, share: bool) -> str:
    if value is None:
        return "-"
    if share:
        return f"{value:.1%}"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def register(app: typer.Typer, friendly: Callable[..., Any]) -> None:
    @app.command("service-levels")
    @friendly
    def service_levels(
            area: str = typer.Option(None, "--area", help="an area id (the whole graph when absent)"),
            by: str = typer.Option("street", "--by", help=f"grouping: {', '.join(sl.GROUP_BY)}"),
            start: str = typer.Option(None, "--from", help="cases reported on or after this day, YYYY-MM-DD"),
            end: str = typer.Option(None, "--to", help="cases reported before this day, YYYY-MM-DD"),
            at: str = typer.Option(None, "--at", help="judge open cases at this moment (default: now)"),
            accept: float = typer.Option(sl.Limits.accept_hours, "--accept-hours"),
            handle: float = typer.Option(sl.Limits.handle_hours, "--handle-hours"),
            close: float = typer.Option(sl.Limits.close_hours, "--close-hours"),
            working_days: bool = typer.Option(False, "--working-days", help="count working days only (Mon–Fri)"),
            holiday: list[str] = typer.Option([], "--holiday", help="a day the working-day clock skips (repeat)"),
            xlsx: Path = typer.Option(None, "--xlsx", help="also write the report to this Excel file"),
            overdue: bool = typer.Option(False, "--overdue", help="list the open cases past a limit instead"),
            top: int = typer.Option(30, "--top", help="overdue cases to show"),
    ) -> None:
        """Service levels per street, community, grid, department, category, source or month: the share of
        cases accepted within 2 h, handled within 24 h and closed within 7 days, medians, P90s, satisfaction."""
        if by not in sl.GROUP_BY:
            raise BadInput(f"--by: {by!r} is not a grouping; expected one of {', '.join(sl.GROUP_BY)}", argument="--by")
        limits = sl.Limits(accept, handle, close, working_days,
                           tuple(sorted({_day("--holiday", h) for h in holiday})))  # type: ignore[arg-type]
        moment = _moment(at)
        conn = db.connection()
        with db.driver(conn) as drv:
            cases = sl.fetch(drv, conn.database, area, _day("--from", start), _day("--to", end))
        clock = "working days" if working_days else "calendar hours"
        if overdue:
            found = sl.overdue(cases, limits, moment)
            table = Table(title=f"督办: {len(found)} open cases past a limit ({clock})")
            for column in ("case", "step", "limit h", "overdue h", "department", "handler", "street"):
                table.add_column(column, overflow="fold")
            for o in found[:top]:
                table.add_row(o.row["id"], o.step, f"{o.limit_hours:g}", f"{o.overdue_hours:.1f}",
                              o.department or "-", o.row.get("handlerName") or "-", o.row.get("streetName") or "-")
            console.print(table)
            return
        report = sl.summarize(cases, by, limits, moment)
        header, lines = sl.table_rows(report)
        title = f"service levels by {by} ({clock}; limits {accept:g} h / {handle:g} h / {close:g} h)"
        table = Table(title=title)
        for column in header:
            table.add_column(column, overflow="fold", justify="left" if column == header[0] else "right")
        overall = lines[-1]
        for i, line in enumerate(lines):
            cells = [_cell(v, "率" in h) for v, h in zip(line, header)]
            below = any(v is not None and overall[j] is not None and v < overall[j]
                        for j, (v, h) in enumerate(zip(line, header)) if "及时率" in h)
            table.add_row(*cells, style="red" if below and i < len(lines) - 1 else
                          "bold" if i == len(lines) - 1 else None)
        console.print(table)
        if xlsx is not None:
            sl.write_xlsx(report, xlsx, title)
            console.print(f"written {xlsx}")
