"""Relay-style pagination: `first` / `after`, opaque cursors, `pageInfo`.

A cursor encodes the position of an item in its list (an offset), base64'd so
clients treat it as opaque. A page asks Neo4j for one item more than `first`,
which answers `hasNextPage` without counting; `totalCount` is a separate
`count()` query run only when a client selects it.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api.config import DEFAULT_PAGE, MAX_PAGE
from api.errors import BadArgument

PREFIX = "offset:"


def cursor(offset: int) -> str:
    return base64.b64encode(f"{PREFIX}{offset}".encode()).decode()


def offset_of(after: str) -> int:
    try:
        text = base64.b64decode(after.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith(PREFIX) or not text[len(PREFIX):].isdigit():
        raise BadArgument(f"after: {after!r} is not a cursor this API gave (use an edge's cursor or "
                          "pageInfo.endCursor)")
    return int(text[len(PREFIX):])


@dataclass(frozen=True)
class Page:
    """Which slice of a list to fetch: skip `skip` items, return `first`, fetch `first + 1` to see if more follow."""

    skip: int
    first: int

    @property
    def limit(self) -> int:
        return self.first + 1

    @classmethod
    def of(cls, first: int | None, after: str | None = None, argument: str = "first",
           maximum: int = MAX_PAGE) -> Page:
        first = DEFAULT_PAGE if first is None else first
        if first < 0 or first > maximum:
            raise BadArgument(f"{argument}: must be between 0 and {maximum}, got {first}")
        skip = 0 if after is None else offset_of(after) + 1
        return cls(skip, first)

    def cursors(self, count: int) -> list[str]:
        return [cursor(self.skip + i) for i in range(count)]


@strawberry.type(description="Where a page sits in its list (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None

    @classmethod
    def of(cls, page: Page, fetched: int) -> PageInfo:
        """`fetched` is how many rows the query returned (up to first + 1)."""
        shown = min(fetched, page.first)
        return cls(has_next_page=fetched > page.first, has_previous_page=page.skip > 0,
                   start_cursor=cursor(page.skip) if shown else None,
                   end_cursor=cursor(page.skip + shown - 1) if shown else None)


def selects(info: strawberry.Info, name: str) -> bool:
    """Whether the client selected the field `name` (GraphQL name) directly under this field, fragments included."""

    def walk(selections: list[Any]) -> bool:
        for selection in selections:
            if isinstance(selection, SelectedField):
                if selection.name == name:
                    return True
            elif isinstance(selection, (FragmentSpread, InlineFragment)) and walk(selection.selections):
                return True
        return False

    return any(walk(field.selections) for field in info.selected_fields)


# The arguments of every paginated field (resolvers name these aliases: strawberry reads them by name).
FirstArg = Annotated[int | None, strawberry.argument(description="How many items (0–100).")]
AfterArg = Annotated[str | None, strawberry.argument(description="Items after this cursor.")]
