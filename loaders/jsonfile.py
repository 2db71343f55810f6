"""Reading a JSON file within bounds: its size, how deeply it nests, its numbers — before and while it parses.

Python's JSON parser recurses for every level of nesting (a file nested 100,000 levels deep ends in a
RecursionError) and turns any run of digits into an integer (thousands of digits are a ValueError). So
the nesting is counted on the bytes first, with the strings taken out, and every failure of the parser
is a problem of the file.
"""
from __future__ import annotations

import json
import re
from itertools import accumulate
from pathlib import Path
from typing import Any

from loaders.limits import Limits, bound
from loaders.problems import Problem

STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
OPENING = ord("["), ord("{")
NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))


def json_kind(value: Any) -> str:
    return {type(None): "null", bool: "true or false", int: "a number", float: "a number", str: "a string",
            dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def depth(data: bytes) -> int:
    """How deeply a JSON text nests its lists and objects, counted on the brackets outside strings (in C but
    for the brackets themselves): known before a parser recurses into it."""
    brackets = STRINGS.sub(b"", data).translate(None, NOT_BRACKETS)
    return max(accumulate(1 if b in OPENING else -1 for b in brackets), default=0)


def load_json(path: Path, problems: list[Problem], limits: Limits) -> tuple[Any] | None:
    """(the parsed JSON,), or None with a problem saying why the file is not JSON within the bounds."""
    file = str(path)
    size = path.stat().st_size
    if size > limits.file_bytes:
        problems.append(Problem(file, None, None, f"the file has {size:,} bytes, "
                                + bound("file_bytes", limits.file_bytes, "bytes")))
        return None
    raw = path.read_bytes()
    levels = depth(raw)
    if levels > limits.json_depth:
        problems.append(Problem(file, None, None, f"the JSON nests {levels:,} levels deep, "
                                + bound("json_depth", limits.json_depth, "levels") + "; Popolo needs fewer than 6"))
        return None
    try:
        return (json.loads(raw.decode("utf-8-sig")),)
    except UnicodeDecodeError as error:
        problems.append(Problem(file, None, None, f"not UTF-8 text (byte {error.start}); JSON must be UTF-8"))
    except json.JSONDecodeError as error:
        problems.append(Problem(file, error.lineno, f"character {error.colno}", f"not valid JSON: {error.msg}"))
    except (ValueError, RecursionError) as error:  # a number of thousands of digits; nesting past the parser's stack
        problems.append(Problem(file, None, None, f"not valid JSON: {str(error)[:200]}"))
    return None
