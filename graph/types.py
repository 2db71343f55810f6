"""What each property type of the ontology means, in one place.

`graph/ontology.py` names a type per property (`string`, `int`, `float`,
`bool`, `date`, `datetime`, `string_list`); this module says what that name
means everywhere it matters:

- `parse`: a raw cell (a string from CSV, or the typed value openpyxl or JSON
  gives) → the value to store, or ValueError whose message says what was
  expected. Values are bounded to what Neo4j stores: integers to 64 bits,
  floats finite, strings free of control characters (tab and newline only
  where a cell may hold several lines) and short enough for Neo4j's index.
- `format`: a value → its canonical file text, which `parse` reads back to
  the same value.
- `python`: the Python type of a parsed value (the GraphQL field types are
  built from it), `graphql`: the GraphQL scalar as SDL writes it.
- `comparable`: values are ordered (the API's range filters, `orderBy` and
  min/max); `summable`: they are numbers too (sums and averages).
- `sample`: a plausible value for templates and generated documentation;
  `doc`: how a user writes a value of the type.

The file format (also in docs/model.md): string lists are joined by `;`
(`；`, `、` and `|` are accepted too); booleans are true/false (also 1/0,
yes/no, 是/否, Y/N); dates are `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`,
`YYYY年M月D日`); datetimes are ISO 8601 (`T` or a space between date and
time, seconds optional, an offset optional). A datetime without an offset is
China Standard Time (UTC+08:00): the files come from Chinese offices, and
storing every datetime with an offset keeps them comparable with `datetime()`.

This is the bottom layer: it imports nothing of govgraph.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
LIST_SEPARATORS = re.compile(r"[;；、|]")
TRUE = frozenset({"true", "t", "1", "yes", "y", "是", "真", "对"})
FALSE = frozenset({"false", "f", "0", "no", "n", "否", "假", "不是"})
DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")
DATETIME = re.compile(
    r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d*)?$")

# Neo4j stores integers as 64-bit signed numbers; a bigger one fails in the driver, far from its cell.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
# Neo4j 5's native (range) index keeps a key of at most ~8 kB; a longer indexed string fails at write time
# with a message naming no file or row. Strings stored in an index (ids, names, kind codes, every id a tie
# refers to) are held to half of that, checked with the cell.
MAX_INDEXED_BYTES = 4000
# Any other string is bounded by the bytes-per-cell bound of the loaders (loaders/limits.py).
BOM = "\ufeff"
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")
_NONCHARACTERS = frozenset("\ufffe\uffff")


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def clean_text(text: str, *, multiline: bool = False, identifier: bool = False,
               max_bytes: int | None = None) -> str:
    """`text` as it may be stored, or ValueError saying why not.

    Byte-order marks (U+FEFF, left by joined files or by editors) are dropped wherever they appear: they are
    invisible and would make `C1` and `\\ufeffC1` two ids. Control characters are refused — tab and newline
    only where `multiline` allows them (a CRLF becomes a newline) — and so are lone surrogates and the
    noncharacters U+FFFE/U+FFFF: none can be written to XML (GraphML, GEXF) and most cannot be encoded at all.
    An `identifier` (an id, or an id a tie refers to) takes no invisible character at all, only printable ones
    and plain spaces. The length is bounded in UTF-8 bytes (`max_bytes`).
    """
    if not text.isprintable():  # the common case, checked in C: nothing to look at
        if BOM in text:
            text = text.replace(BOM, "").strip()
        if multiline and "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        for ch in text:
            if ch.isprintable() or ch == " ":
                continue
            category = unicodedata.category(ch)
            if multiline and ch in "\t\n":
                continue
            if ch in _LINE_BREAKS or ch == "\t":
                raise ValueError(f"expected one line of text without tabs, got {_describe(ch)} in {_shown(text)}")
            if category in ("Cc", "Cs") or ch in _NONCHARACTERS:
                raise ValueError(f"expected text without control characters, got {_describe(ch)} in {_shown(text)}")
            if identifier:
                raise ValueError(f"expected an id of visible characters, got the invisible {_describe(ch)} "
                                 f"in {_shown(text)}")
    # Cheap for nearly every cell: a UTF-8 character is at most 4 bytes, so only a long text needs encoding.
    if max_bytes is not None and len(text) * 4 > max_bytes:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise ValueError(f"expected at most {max_bytes:,} bytes of text"
                             f"{' (the limit of an indexed value)' if max_bytes == MAX_INDEXED_BYTES else ''}, "
                             f"got {size:,} bytes ({_shown(text)})")
    return text


def _shown(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[:width] + "…")


def text_of(raw: Any) -> str:
    """A cell as text; numbers that spreadsheets typed (ids, codes) come back without a trailing .0."""
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
    raise ValueError(f"expected text, got {_json_type(raw)}")


def _json_type(raw: Any) -> str:
    if isinstance(raw, dict):
        return "an object"
    if isinstance(raw, (list, tuple)):
        return "a list"
    return f"a {type(raw).__name__}"


def _number_text(raw: str) -> str:
    text = raw.strip()
    if THOUSANDS.match(text):
        text = text.replace(",", "").replace("，", "")
    return text


def _int64(value: int, shown: Any) -> int:
    if INT_MIN <= value <= INT_MAX:
        return value
    raise ValueError(f"expected a whole number from {INT_MIN} to {INT_MAX} (64 bits), got {_shown(str(shown))}")


def parse_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("expected a whole number")
    if isinstance(raw, int):
        return _int64(raw, raw)
    if isinstance(raw, float):
        if raw.is_integer():
            return _int64(int(raw), raw)
        raise ValueError(f"expected a whole number, got {raw}")
    text = _number_text(text_of(raw))
    if len(text) > 40:  # 2**63 has 19 digits; a longer text is never one (and int() of a huge one is slow)
        raise ValueError(f"expected a whole number from {INT_MIN} to {INT_MAX} (64 bits), got {_shown(text)}")
    try:
        return _int64(int(text), text)
    except ValueError as error:
        if "64 bits" in str(error):
            raise
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a whole number, got {text!r}") from None
        if math.isfinite(value) and value.is_integer():
            return _int64(int(value), text)
        raise ValueError(f"expected a whole number, got {text!r}") from None


def parse_float(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError("expected a number")
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:
            raise ValueError(f"expected a finite number, got {_shown(str(raw))}") from None
    else:
        text = _number_text(text_of(raw))
        if len(text) > 400:
            raise ValueError(f"expected a number, got {_shown(text)}")
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
    text = text_of(raw).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"expected true or false (also 1/0, yes/no, 是/否, Y/N), got {_shown(text)}")


def parse_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0):
            raise ValueError(f"expected a date without a time, got {raw.isoformat()}")
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise ValueError(f"expected a date YYYY-MM-DD, got the number {raw}")
    text = text_of(raw)
    if len(text) == 10:
        try:  # the canonical form, parsed in C
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    match = DATE.match(text)
    if match is None:
        raise ValueError(f"expected a date YYYY-MM-DD, got {_shown(text)}")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ValueError(f"expected a date YYYY-MM-DD, got {text!r} ({error})") from None


def parse_datetime(raw: Any) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        return raw if raw.tzinfo is not None else raw.replace(tzinfo=CHINA)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise ValueError(f"expected a date and time YYYY-MM-DDTHH:MM:SS, got the number {raw}")
    text = text_of(raw)
    match = DATETIME.match(text)
    if match is None:
        raise ValueError(f"expected a date and time YYYY-MM-DDTHH:MM:SS, got {_shown(text)}")
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        tz = CHINA
        if offset == "Z":
            tz = dt.UTC
        elif offset:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                           int((fraction or "0").ljust(6, "0")), tzinfo=tz)
    except ValueError as error:
        raise ValueError(f"expected a date and time YYYY-MM-DDTHH:MM:SS, got {text!r} ({error})") from None


def parse_string(raw: Any, *, multiline: bool = False, identifier: bool = False,
                 max_bytes: int | None = None) -> str:
    return clean_text(text_of(raw), multiline=multiline, identifier=identifier, max_bytes=max_bytes)


def split_list(raw: Any, *, max_bytes: int | None = None) -> list[str]:
    if isinstance(raw, (list, tuple)):
        items = [text_of(x) for x in raw if x is not None]
    else:
        items = [part.strip() for part in LIST_SEPARATORS.split(text_of(raw))]
    return [clean_text(item, max_bytes=max_bytes) for item in items if item]


def format_value(prop_type: str, value: Any) -> str:
    """The canonical file text of a value; the type's `parse` reads it back to the same value."""
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


@dataclass(frozen=True)
class PropertyType:
    """One property type of the ontology: how it is read, written, typed, shown and documented."""

    name: str  # as graph/ontology.py's PropType names it
    python: Any  # the Python type of a parsed value (list[str] for string_list)
    graphql: str  # the GraphQL type of a value, as SDL writes it (non-null inside a list)
    parse: Callable[[Any], Any]  # raw cell → value, or ValueError saying what was expected
    expected: str  # what a cell must hold, as a problem says it ("a whole number")
    sample: Any  # a plausible value, for templates and docs
    doc: str  # how a user writes a value in a file
    # The JSON values a value of the type may be given as: text for text (never `true` or `7` for a name); for
    # a number, a boolean or a list also its text, which `parse` reads as from a CSV cell.
    json: tuple[type, ...] = (str,)
    json_expected: str = "a JSON string"
    comparable: bool = False  # values are ordered: the API filters by ranges of them, sorts by them, takes min/max
    summable: bool = False  # values are numbers: the API also sums and averages them

    def format(self, value: Any) -> str:
        return format_value(self.name, value)


TYPES: dict[str, PropertyType] = {t.name: t for t in (
    PropertyType("string", str, "String", parse_string, "a value", "示例",
                 f"text, one line; no control characters; at most {MAX_INDEXED_BYTES:,} UTF-8 bytes for an id, "
                 "a name or a code"),
    PropertyType("int", int, "Int", parse_int, "a whole number", 1,
                 "a whole number (thousands separators allowed), within 64 bits", (int, str), "a JSON number",
                 comparable=True, summable=True),
    PropertyType("float", float, "Float", parse_float, "a number", 1.0, "a finite number", (int, float, str),
                 "a JSON number", comparable=True, summable=True),
    PropertyType("bool", bool, "Boolean", parse_bool, "true or false", True,
                 "true/false (also 1/0, yes/no, 是/否, Y/N)", (bool, str), "JSON true or false"),
    PropertyType("date", dt.date, "Date", parse_date, "a date YYYY-MM-DD", dt.date(2020, 1, 1),
                 "`YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年M月D日`)", comparable=True),
    PropertyType("datetime", dt.datetime, "DateTime", parse_datetime, "a date and time YYYY-MM-DDTHH:MM:SS",
                 dt.datetime(2020, 1, 1, 9, 0, tzinfo=CHINA),
                 "ISO 8601 `YYYY-MM-DDTHH:MM[:SS]` (or a space for `T`), China Standard Time unless an offset "
                 "is given", comparable=True),
    PropertyType("string_list", list[str], "[String!]", split_list, "values separated by ;", ["示例"],
                 "values joined by `;` (also `；`, `、`, `|`)", (list, str), "a JSON list of strings"),
)}


def json_mismatch(type_name: str, value: Any) -> str | None:
    """What is wrong with a JSON value given for a property of this type (None: nothing). JSON has types of its
    own, so `"name": 7` or `"id": true` is a mistake in the file, not a name or an id to store as text."""
    if value is None:
        return None
    prop_type = TYPES[type_name]
    fits = isinstance(value, prop_type.json) and not (isinstance(value, bool) and bool not in prop_type.json)
    if fits and isinstance(value, list):
        fits = all(isinstance(item, str) for item in value)
    if fits:
        return None
    return f"expected {prop_type.json_expected}, got {_json_value(value)}"


def _json_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {_shown(str(value), 24)}"
    if isinstance(value, str):
        return f"the string {_shown(value, 24)}"
    if isinstance(value, list):
        return "a list" + (" with a value that is not a string" if value else "")
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def property_type(name: str) -> PropertyType:
    return TYPES[name]


def graphql_scalar(name: str) -> str:
    """The GraphQL type of a property type, as SDL writes it (`String`, `Int`, … `[String!]`)."""
    return TYPES[name].graphql


def python_type(name: str) -> Any:
    return TYPES[name].python
