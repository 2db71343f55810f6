"""The audit trail: append-only JSON lines under GOVGRAPH_HOME/audit/audit.jsonl, hash-chained.

Each line is one event (a query answered, a load, an account, token or persisted-query change) as
canonical JSON (sorted keys, no spaces, UTF-8): time, who (subject, role, scope, how authenticated, token
id), the operation, its variables with personal values and secrets redacted, how many entities came back,
which personal fields were revealed and the purpose stated. It also carries `seq` (its line number), `prev`
(the previous line's `hash`; the first line chains to GENESIS) and `hash`, the SHA-256 of its own canonical
JSON without `hash`. Editing, removing or reordering a line breaks the chain at that line; `head.json`
beside it holds the last line's seq and hash, so cutting lines off the end is caught too. (Whoever can
rewrite both files can forge a consistent history: note `govgraph audit verify`'s head hash elsewhere to
anchor it.)

    trail = AuditTrail()
    trail.record("query", identity, operation="PersonPhones", variables={"id": "p-1"}, entities=1,
                 revealed=["Person.phone"], purpose="calling the committee about case c-9")
    check = trail.verify()   # AuditCheck(ok=True, entries=1, ...)
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from graph.access.files import FILE_MODE, folder, locked, read_json, write_json
from graph.access.identity import Identity
from graph.errors import BadInput
from graph.ontology import NODE_KINDS

GENESIS = hashlib.sha256(b"govgraph audit trail genesis").hexdigest()
REDACTED = "[redacted]"

# Event names.
QUERY = "query"
LOAD = "load"
ACCOUNT = "account"
TOKEN = "token"
PERSISTED = "persisted-query"


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


# Variables named like a personal property (phone, id_number, idNumber …) or a secret are redacted whatever
# their value; values shaped like a mobile number, an ID number or a govgraph token are redacted anywhere.
_PERSONAL_KEYS = frozenset(_key(p.name) for k in NODE_KINDS for p in k.all_props if p.personal)
_SECRET_KEYS = frozenset({"password", "token", "secret", "authorization", "apikey", "accesstoken"})
_PERSONAL_VALUE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])|ggt_[\w-]+")


def redact(value: Any, key: str = "") -> Any:
    """A copy of GraphQL variables fit for the audit trail.

    >>> redact({"id": "p-1", "phone": "13800001234", "filter": {"text": "王 13912345678"}})
    {'id': 'p-1', 'phone': '[redacted]', 'filter': {'text': '王 [redacted]'}}
    """
    if key and (_key(key) in _PERSONAL_KEYS or _key(key) in _SECRET_KEYS):
        return REDACTED if value is not None else None
    if isinstance(value, Mapping):
        return {str(k): redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, key) for v in value]
    if isinstance(value, str):
        return _PERSONAL_VALUE.sub(REDACTED, value)
    return value


def canonical(entry: Mapping[str, Any]) -> bytes:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 of an entry's canonical JSON without its own `hash` (its `prev` included: the chain)."""
    return hashlib.sha256(canonical({k: v for k, v in entry.items() if k != "hash"})).hexdigest()


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    entries: int  # lines found intact before the first problem (all of them when ok)
    head: str  # hash of the last intact line (GENESIS for an empty trail)
    line: int | None = None  # first broken line, 1-based
    problem: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"audit trail intact: {self.entries} entries, head {self.head}"
        return f"audit trail broken at line {self.line}: {self.problem}"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class AuditTrail:
    """One audit trail (by default GOVGRAPH_HOME/audit/audit.jsonl); safe for concurrent appenders."""

    def __init__(self, path: Path | None = None, clock: Callable[[], datetime] = _utcnow) -> None:
        self.path = path or folder("audit") / "audit.jsonl"
        self.head_path = self.path.with_name("head.json")
        self.clock = clock

    # --- writing ---------------------------------------------------------------------------------------
    def record(self, event: str, identity: Identity, *, operation: str | None = None,
               variables: Mapping[str, Any] | None = None, entities: int | None = None,
               revealed: Sequence[str] = (), purpose: str | None = None,
               details: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Append one event and return it as written. Variables and details are redacted here."""
        return self.append([self.entry(event, identity, operation=operation, variables=variables, entities=entities,
                                       revealed=revealed, purpose=purpose, details=details)])[0]

    def entry(self, event: str, identity: Identity, *, operation: str | None = None,
              variables: Mapping[str, Any] | None = None, entities: int | None = None,
              revealed: Sequence[str] = (), purpose: str | None = None,
              details: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """An event as it will be written (redacted, timed now), not yet chained: for `append`."""
        return {
            "time": self.clock().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "event": event,
            **identity.audit_fields(),
            "operation": operation,
            "variables": redact(dict(variables)) if variables else None,
            "entities": entities,
            "revealed": sorted(set(revealed)),
            "purpose": redact(purpose) if purpose else None,
            "details": redact(dict(details)) if details else None,
        }

    def append(self, entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Chain and append events made by `entry`, in order, under one lock and one fsync (the API writes a
        batch of requests' lines at a time this way)."""
        if not entries:
            return []
        with locked(self.path):
            seq, prev = self._head()
            lines = []
            for entry in entries:
                seq += 1
                entry.update(seq=seq, prev=prev)
                entry["hash"] = prev = entry_hash(entry)
                lines.append(canonical(entry) + b"\n")
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
            try:
                os.write(fd, b"".join(lines))
                os.fsync(fd)
            finally:
                os.close(fd)
            write_json(self.head_path, {"seq": seq, "hash": prev})
        return list(entries)

    def _head(self) -> tuple[int, str]:
        head = read_json(self.head_path, None)
        if head is not None:
            return int(head["seq"]), str(head["hash"])
        last = None
        for _, raw in self._lines():  # no head yet (a trail from before head.json, or a fresh one)
            last = raw
        if last is None:
            return 0, GENESIS
        entry = json.loads(last)
        return int(entry["seq"]), str(entry["hash"])

    # --- reading ---------------------------------------------------------------------------------------
    def _lines(self) -> Iterator[tuple[int, bytes]]:
        try:
            with self.path.open("rb") as lines:
                yield from enumerate(lines, start=1)
        except FileNotFoundError:
            return

    def verify(self) -> AuditCheck:
        """The first line that is not as written (edited, removed, reordered, truncated), or ok."""
        seq, prev, count = 0, GENESIS, 0
        for number, raw in self._lines():
            def broken(problem: str, number: int = number, count: int = count, prev: str = prev) -> AuditCheck:
                return AuditCheck(False, count, prev, number, problem)

            if not raw.endswith(b"\n"):
                return broken("the line is incomplete (cut off while being written, or truncated)")
            try:
                entry = json.loads(raw)
            except ValueError:
                return broken("not a JSON object")
            if not isinstance(entry, dict) or not isinstance(entry.get("hash"), str):
                return broken("not an audit entry (no hash)")
            if entry.get("seq") != seq + 1:
                return broken(f"entry number {entry.get('seq')} where {seq + 1} was expected "
                              "(a line removed, inserted or moved)")
            if entry.get("prev") != prev:
                return broken("it does not chain to the line before it (a line removed or moved)")
            if entry_hash(entry) != entry["hash"]:
                return broken("its content does not match its hash (the line was edited)")
            seq, prev, count = entry["seq"], entry["hash"], count + 1
        head = read_json(self.head_path, None)
        if head is None:
            if count:
                return AuditCheck(False, count, prev, count + 1, "head.json is missing")
        elif head.get("seq") != seq or head.get("hash") != prev:
            return AuditCheck(False, count, prev, count + 1,
                              f"the trail ends at entry {seq} but {head.get('seq')} were written "
                              "(lines cut off the end)")
        return AuditCheck(True, count, prev)

    def show(self, user: str | None = None, since: datetime | date | str | None = None) -> Iterator[dict[str, Any]]:
        """The entries, oldest first, of one subject and/or from a time on (a date means its start, UTC)."""
        start = _as_time(since) if since is not None else None
        for number, raw in self._lines():
            try:
                entry = json.loads(raw)
            except ValueError:
                continue  # `verify` reports it; showing goes on
            if user is not None and entry.get("subject") != user:
                continue
            if start is not None and _as_time(entry.get("time", "")) < start:
                continue
            yield {"line": number, **entry}


def _as_time(value: datetime | date | str) -> datetime:
    """A moment in UTC from a datetime, a date or ISO text ("2026-12-01", "2026-12-01T08:00")."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise BadInput(f"since: {value!r} is not a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM)",
                           argument="since") from None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def trail() -> AuditTrail:
    """The audit trail of the current GOVGRAPH_HOME."""
    return AuditTrail()


def record_load(report: Any, by: Identity | None = None) -> dict[str, Any]:
    """A load into the graph (loaders' LoadReport), as the audit trail keeps it: who, which files, how many rows."""
    from graph.access.identity import cli_identity

    return AuditTrail().record(LOAD, by or cli_identity(), operation="load", entities=report.node_rows,
                               details={"files": list(report.files), "nodes": report.node_rows,
                                        "relationships": report.rel_rows, "method": report.method,
                                        "graphVersion": getattr(report, "graph_version", None)})
