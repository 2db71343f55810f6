"""Relay pagination: `first` / `after` and `last` / `before`, opaque signed cursors, `pageInfo`.

A cursor is `base64url(JSON).signature`: the JSON names the list it belongs to (`l`, a fingerprint of the
field, its filters and its order), the item's position (`o`) and, for lists read by keyset, the item's sort
key and id (`k`); the signature is an HMAC-SHA256 with a secret kept under GOVGRAPH_HOME (`cursor.key`,
made on first use), so every process of a deployment accepts the cursors the others gave. A cursor that is
not one of ours, was altered, or comes from another list (another field, other filters or another order) is
refused with BAD_USER_INPUT.

Keyset lists (the root lists in name order, api/lists.py) seek to `(name, id) > (key, id)` through the name
index: a page deep in a list costs what the first costs, and an item added or removed by a load before the
cursor's item does not shift the next page. Other lists keep an offset inside the signed cursor; the root
lists' offset cursors also carry their item's id, and a page after (or before) one is read from that item, so
that a load that moved the list is refused with BAD_USER_INPUT rather than silently repeating or skipping
items (api/lists.py).

Bounds, the same on every connection: `first` and `last` 0–100 (default 20 when neither is given); `first`
goes with `after`, `last` with `before` (or alone: the end of the list); both at once are refused.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Annotated, Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api.config import DEFAULT_PAGE, MAX_PAGE
from api.errors import BadArgument
from graph.store.settings import govgraph_home

KEY_FILE = "cursor.key"


@lru_cache(maxsize=1)
def _secret() -> bytes:
    """The cursor-signing secret: GOVGRAPH_HOME/cursor.key, made on first use; per process if it cannot be kept."""
    path = govgraph_home() / KEY_FILE
    try:
        if path.exists():
            return path.read_bytes()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        path.write_bytes(key)
        path.chmod(0o600)
        return key
    except OSError:
        return secrets.token_bytes(32)


def fingerprint(list_key: Any) -> str:
    """A short digest naming one list: the field, its filters and its order. The same for the same list in
    every process (cursors travel between workers): a digest of its JSON. A relationship field asks once
    per parent (a hundred times on a nested page), so digests are remembered by the key's `repr`, which
    tells apart whatever its JSON does (a date and its text, say, are two reprs and one JSON)."""
    remembered = repr(list_key)
    found = _DIGESTS.get(remembered)
    if found is None:
        if len(_DIGESTS) >= MAX_DIGESTS:
            _DIGESTS.clear()
        text = json.dumps(list_key, sort_keys=True, default=str, ensure_ascii=False)
        found = _DIGESTS[remembered] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return found


MAX_DIGESTS = 4096
_DIGESTS: dict[str, str] = {}


@lru_cache(maxsize=1)
def _keyed() -> hmac.HMAC:
    return hmac.new(_secret(), digestmod=hashlib.sha256)  # keyed once; each signature copies it


def _sign(body: bytes) -> str:
    mac = _keyed().copy()
    mac.update(body)
    return base64.urlsafe_b64encode(mac.digest()[:12]).decode().rstrip("=")


def encode(list_fp: str, offset: int, key: list[Any] | None = None) -> str:
    payload: dict[str, Any] = {"l": list_fp, "o": offset}
    if key is not None:
        payload["k"] = key
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    return base64.urlsafe_b64encode(body).decode().rstrip("=") + "." + _sign(body)


@dataclass(frozen=True)
class Position:
    """What a cursor says: its item's offset and, for a keyset list, its sort key and id."""

    offset: int
    key: list[Any] | None


def decode(argument: str, cursor: str, list_fp: str) -> Position:
    refused = BadArgument(f"{argument}: {cursor[:80]!r} is not a cursor this API gave for this list (use an edge's "
                          "cursor or pageInfo.endCursor / startCursor of the same field with the same arguments)")
    try:
        text, signature = cursor.split(".", 1)
        body = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        payload = json.loads(body)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise refused from None
    if not hmac.compare_digest(signature, _sign(body)) or not isinstance(payload, dict):
        raise refused
    offset, key = payload.get("o"), payload.get("k")
    if payload.get("l") != list_fp or not isinstance(offset, int) or offset < 0 \
            or not (key is None or isinstance(key, list)):
        raise refused
    return Position(offset, key)


def _count(argument: str, value: int | None, maximum: int) -> None:
    if value is not None and not 0 <= value <= maximum:
        raise BadArgument(f"{argument}: must be between 0 and {maximum}, got {value}")


@dataclass(frozen=True)
class Page:
    """Which slice of a list to fetch. Forward: skip `skip` items, return `first`, fetch one more to see whether
    more follow. Backward (`last`): the `first` items ending at `end` (exclusive), found once the total is known
    when no `before` bounds it (`needs_total`, then `resolve(total)`)."""

    skip: int
    first: int
    fingerprint: str = ""
    end: int | None = None  # exclusive bound (the `before` item's offset, or the total for `last` alone)
    backward: bool = False
    after_key: list[Any] | None = None  # keyset lists: the `after` item's sort key and id
    before_key: list[Any] | None = None  # keyset lists: the `before` item's sort key and id
    needs_total: bool = False
    bounded: bool = False  # a `before` cursor was given: an item follows the page
    started: bool = False  # an `after` cursor was given

    @property
    def limit(self) -> int:
        return self.first if self.backward else self.first + 1

    @classmethod
    def of(cls, first: int | None, after: str | None = None, argument: str = "first", maximum: int = MAX_PAGE,
           *, last: int | None = None, before: str | None = None, list_key: Any = None) -> Page:
        _count(argument, first, maximum)
        _count("last", last, maximum)
        if first is not None and last is not None:
            raise BadArgument("first, last: ask for one of them (first with after, last with before)")
        fp = fingerprint(list_key)
        start, after_key = 0, None
        if after is not None:
            at = decode("after", after, fp)
            start, after_key = at.offset + 1, at.key
        end, before_key = None, None
        if before is not None:
            at = decode("before", before, fp)
            end, before_key = at.offset, at.key
        if last is None:
            count = DEFAULT_PAGE if first is None else first
            if end is not None:
                count = max(0, min(count, end - start))
            return cls(start, count, fp, end, after_key=after_key, before_key=before_key, bounded=end is not None,
                       started=after is not None)
        page = cls(start, last, fp, end, backward=True, after_key=after_key, before_key=before_key,
                   needs_total=end is None, bounded=end is not None, started=after is not None)
        return page if end is None else page.resolve(None)

    def resolve(self, total: int | None) -> Page:
        """The slice once the list's total is known (for `last` without `before`); the same page otherwise."""
        if not self.backward:
            return self
        end = self.end if self.end is not None else (total or 0)
        skip = max(self.skip, end - self.first)
        return replace(self, skip=skip, first=max(0, end - skip), end=end, needs_total=False)

    def cursors(self, count: int, keys: list[list[Any] | None] | None = None) -> list[str]:
        return [self.cursor(i, keys) for i in range(count)]

    def cursor(self, index: int, keys: list[list[Any] | None] | None = None) -> str:
        """The cursor of the page's item at `index` (its sort key and id from `keys`, for a keyset list)."""
        return encode(self.fingerprint, self.skip + index, keys[index] if keys else None)


@strawberry.type(description="Where a page sits in its list (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    # The two cursors are signed only when asked for: most requests select `hasNextPage` alone, or nothing,
    # and a nested page has a pageInfo per connection (a hundred and more).
    page: strawberry.Private[Page]
    shown: strawberry.Private[int]
    keys: strawberry.Private[list[list[Any] | None] | None]
    made: strawberry.Private[list[str] | None]

    @strawberry.field(description="The cursor of the page's first item (null when the page is empty).")
    def start_cursor(self) -> str | None:
        return self.first_cursor()

    @strawberry.field(description="The cursor of the page's last item (null when the page is empty).")
    def end_cursor(self) -> str | None:
        return self.last_cursor()

    def first_cursor(self) -> str | None:
        """`startCursor`'s value (also read by api/precompleted.py)."""
        if not self.shown:
            return None
        return self.made[0] if self.made else self.page.cursor(0, self.keys)

    def last_cursor(self) -> str | None:
        """`endCursor`'s value (also read by api/precompleted.py)."""
        if not self.shown:
            return None
        return self.made[self.shown - 1] if self.made else self.page.cursor(self.shown - 1, self.keys)

    @classmethod
    def of(cls, page: Page, fetched: int, keys: list[list[Any] | None] | None = None,
           has_previous: bool | None = None, cursors: list[str] | None = None) -> PageInfo:
        """`fetched` is how many rows the query returned (up to first + 1 going forward); `has_previous` what a
        keyset list read backwards found (one row more than `last`), else whether the page starts past 0;
        `cursors` the page's edges' cursors when they were made already (else the two needed are, when asked)."""
        shown = min(fetched, page.first)
        has_next = page.bounded or (not page.backward and fetched > page.first)
        made = cursors if cursors and len(cursors) >= shown else None  # fewer edges than rows: sign the two
        return cls(has_next_page=has_next,
                   has_previous_page=page.skip > 0 if has_previous is None else has_previous,
                   page=page, shown=shown, keys=keys, made=made)


def edge_cursors(info: strawberry.Info) -> bool:
    """Whether the client selected the edges' `cursor` of this connection field (Connection.page signs one per
    edge only then)."""
    return "cursor" in selected_names(info, ("edges",))


def selects(info: strawberry.Info, name: str) -> bool:
    """Whether the client selected the field `name` (GraphQL name) directly under this field, fragments included."""
    return name in selected_names(info)


def selected_names(info: strawberry.Info, path: tuple[str, ...] | list[str] = ()) -> frozenset[str]:
    """The GraphQL names of the fields selected directly under this field, or under `path` below it (the field
    names along it), fragments included.

    Remembered for the request (on its context, by the field's nodes in the document): the resolver of a field
    under a list runs once per parent, and reading the selection afresh each time was a tenth of a page's time.
    """
    memo: dict[Any, frozenset[str]] | None = getattr(info.context, "selections", None)
    # graphql-core's field nodes (strawberry keeps them on its Info as `_raw_info`): the same objects for every
    # parent of one field in one request, alive as long as the request's document
    key = (tuple(id(node) for node in info._raw_info.field_nodes), tuple(path))
    if memo is not None and key in memo:
        return memo[key]

    def flatten(selections: list[Any]) -> list[SelectedField]:
        found: list[SelectedField] = []
        for selection in selections:
            if isinstance(selection, SelectedField):
                found.append(selection)
            elif isinstance(selection, (FragmentSpread, InlineFragment)):
                found.extend(flatten(selection.selections))
        return found

    level: list[Any] = list(info.selected_fields)
    for step in path:
        level = [s for f in level for s in flatten(f.selections) if s.name == step]
    names = frozenset(s.name for f in level for s in flatten(f.selections))
    if memo is not None:
        memo[key] = names
    return names


# The arguments of every paginated field (resolvers name these aliases: strawberry reads them by name).
FirstArg = Annotated[int | None, strawberry.argument(
    description="How many items from the start (or from `after`): 0–100, 20 when neither first nor last is given.")]
AfterArg = Annotated[str | None, strawberry.argument(description="Items after this cursor (of this same list).")]
LastArg = Annotated[int | None, strawberry.argument(
    description="How many items from the end (or before `before`): 0–100.")]
BeforeArg = Annotated[str | None, strawberry.argument(description="Items before this cursor (of this same list).")]
