"""Reading and writing cell values of each ontology property type.

The file format (also in docs/model.md): string lists are joined by `;`
(`；`, `、` and `|` are accepted too); booleans are true/false (also 1/0,
yes/no, 是/否, Y/N); dates are `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`,
`YYYY年M月D日`); datetimes are ISO 8601 (`T` or a space between date and
time, seconds optional, an offset optional). A datetime without an offset is
China Standard Time (UTC+08:00): the files come from Chinese offices, and
storing every datetime with an offset keeps them comparable with `datetime()`.
An empty cell is an absent value.

A parser takes what a reader produced (a string from CSV, or the typed value
openpyxl or JSON gives) and returns the value to store, or raises ValueError
whose message says what was expected.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from graph.ontology import Prop

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
LIST_SEPARATORS = re.compile(r"[;；、|]")
TRUE = frozenset({"true", "t", "1", "yes", "y", "是", "真", "对"})
FALSE = frozenset({"false", "f", "0", "no", "n", "否", "假", "不是"})
DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")
DATETIME = re.compile(
    r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d*)?$")

Parser = Callable[[Any], Any]


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _text(raw: Any) -> str:
    """A string cell; numbers that spreadsheets typed (ids, codes) come back without a trailing .0."""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (int, float)):
        return str(raw)
    if isinstance(raw, dt.datetime):
        return raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    raise ValueError(f"expected text, got {type(raw).__name__}")


def _number_text(raw: str) -> str:
    text = raw.strip()
    if THOUSANDS.match(text):
        text = text.replace(",", "").replace("，", "")
    return text


def parse_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("expected a whole number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise ValueError(f"expected a whole number, got {raw}")
    text = _number_text(_text(raw))
    try:
        return int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a whole number, got {text!r}") from None
        if value.is_integer():
            return int(value)
        raise ValueError(f"expected a whole number, got {text!r}") from None


def parse_float(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError("expected a number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = _number_text(_text(raw))
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value}")
    return value


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = _text(raw).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"expected true or false (also 1/0, yes/no, 是/否, Y/N), got {text!r}")


def parse_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0):
            raise ValueError(f"expected a date without a time, got {raw.isoformat()}")
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    if len(text) == 10:
        try:  # the canonical form, parsed in C
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    match = DATE.match(text)
    if match is None:
        raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ValueError(f"expected a date YYYY-MM-DD, got {text!r} ({error})") from None


def parse_datetime(raw: Any) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        return raw if raw.tzinfo is not None else raw.replace(tzinfo=CHINA)
    text = _text(raw)
    match = DATETIME.match(text)
    if match is None:
        raise ValueError(f"expected a date and time YYYY-MM-DDTHH:MM:SS, got {text!r}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    tz = CHINA
    if offset == "Z":
        tz = dt.timezone.utc
    elif offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                           int((fraction or "0").ljust(6, "0")), tzinfo=tz)
    except ValueError as error:
        raise ValueError(f"expected a date and time YYYY-MM-DDTHH:MM:SS, got {text!r} ({error})") from None


def parse_string(raw: Any) -> str:
    return _text(raw)


def split_list(raw: Any) -> list[str]:
    if isinstance(raw, (list, tuple)):
        return [item for item in (_text(x) for x in raw if x is not None) if item]
    return [item for item in (part.strip() for part in LIST_SEPARATORS.split(_text(raw))) if item]


def normalise_code(text: str) -> str:
    """`Grand Party Committee`, `grand-party-committee` → `grand_party_committee`."""
    return re.sub(r"[\s\-]+", "_", text.strip()).lower()


BASE_PARSERS: dict[str, Parser] = {
    "string": parse_string,
    "int": parse_int,
    "float": parse_float,
    "bool": parse_bool,
    "date": parse_date,
    "datetime": parse_datetime,
    "string_list": split_list,
}


def parser_for(prop: Prop) -> Parser:
    """The parser of one property: its type, then its enumeration and bounds."""
    base = BASE_PARSERS[prop.type]
    checks: list[Callable[[Any], Any]] = []
    if prop.enum is not None:
        allowed = frozenset(prop.enum)
        shown = ", ".join(prop.enum)

        def code(value: str) -> str:
            if value in allowed:
                return value
            normal = normalise_code(value)
            if normal in allowed:
                return normal
            raise ValueError(f"expected one of {shown}, got {value!r}")

        if prop.type == "string_list":
            checks.append(lambda values: list(dict.fromkeys(code(v) for v in values)))
        else:
            checks.append(code)
    if prop.minimum is not None or prop.maximum is not None:
        low, high = prop.minimum, prop.maximum

        def bounded(value: float) -> float:
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValueError(f"expected a value from {_num(low)} to {_num(high)}, got {_num(value)}")
            return value

        checks.append(bounded)
    if not checks:
        return base

    def parse(raw: Any) -> Any:
        value = base(raw)
        for check in checks:
            value = check(value)
        return value

    return parse


def _num(value: float | None) -> str:
    if value is None:
        return "∞"
    return str(int(value)) if float(value).is_integer() else str(value)


def format_value(prop_type: str, value: Any) -> str:
    """The canonical file text of a value; `parser_for` reads it back to the same value."""
    if value is None:
        return ""
    if prop_type == "bool":
        return "true" if value else "false"
    if prop_type == "string_list":
        return ";".join(value)
    if prop_type == "datetime":
        if value.tzinfo is not None and value.utcoffset() == CHINA.utcoffset(None):
            value = value.replace(tzinfo=None)  # the default offset is left implicit
        return value.isoformat()
    if prop_type == "date":
        return value.isoformat()
    if prop_type == "float":
        return repr(float(value))
    return str(value)


def to_python(value: Any) -> Any:
    """A value read back from Neo4j (neo4j.time types) as plain Python."""
    if hasattr(value, "to_native"):
        return value.to_native()
    return value
