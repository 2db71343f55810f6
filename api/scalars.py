"""The date scalars, with the specifications a code generator maps them by (`@specifiedBy`).

strawberry's own `Date` and `DateTime` carry no `@specifiedBy`, so generators typed them `unknown`; these are
the same scalars (ISO 8601 text, as before) with RFC 3339's URL. `SCALARS` maps Python's `date` and
`datetime` to them: the schema's `StrawberryConfig.scalar_map` (api/schema.py), strawberry's way since it
deprecated wrapping a class in `strawberry.scalar`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

RFC3339 = "https://www.rfc-editor.org/rfc/rfc3339"


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value)


def _datetime(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


Date = strawberry.scalar(name="Date", serialize=dt.date.isoformat, parse_value=_date,
                         description="A calendar date: RFC 3339's full-date (ISO 8601 extended, YYYY-MM-DD).",
                         specified_by_url=RFC3339 + "#section-5.6")
DateTime = strawberry.scalar(name="DateTime", serialize=dt.datetime.isoformat, parse_value=_datetime,
                             description="A date and time with its UTC offset: RFC 3339's date-time "
                                         "(ISO 8601, e.g. 2024-06-01T09:30:00+08:00).",
                             specified_by_url=RFC3339 + "#section-5.6")
SCALARS: dict[object, Any] = {dt.date: Date, dt.datetime: DateTime}
