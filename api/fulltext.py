"""Turning what a user typed into a Lucene query for the `name_fulltext` index.

The index uses Lucene's CJK analyser: Chinese text is indexed as overlapping
pairs of characters (阳光小区 → 阳光 光小 小区), other text as lower-cased words.
So each word the user typed becomes a quoted phrase (its pairs must appear in
order — 阳光小区 does not match every 小区), every word must match (AND), and a
lone character becomes a prefix query (岷* finds 岷江), since a single character
is never indexed on its own. Lucene's operators and special characters in user
text are escaped: they are searched for, never obeyed.
"""
from __future__ import annotations

from api.config import MAX_SEARCH_TEXT
from api.errors import BadArgument

SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def _escape(word: str) -> str:
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in word)


def _phrase(word: str) -> str:
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lucene_query(text: str, argument: str = "text") -> str:
    words = text.split()
    if not words:
        raise BadArgument(f"{argument}: must contain something to search for")
    if len(text) > MAX_SEARCH_TEXT:
        raise BadArgument(f"{argument}: at most {MAX_SEARCH_TEXT} characters, got {len(text)}")
    return " AND ".join(_escape(w) + "*" if len(w) == 1 and w not in SPECIAL else _phrase(w) for w in words)
