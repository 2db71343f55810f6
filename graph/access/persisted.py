"""The persisted-query registry: the GraphQL documents a `client` identity may run, by SHA-256.

Apollo's automatic-persisted-query protocol names a document by the SHA-256 (hex) of its exact text, sent
as `extensions.persistedQuery.sha256Hash`; govgraph keeps an allow-list of such documents in
GOVGRAPH_HOME/access/persisted.json (mode 0600) and never registers one on first use (that would make the
allow-list allow everything). Documents are added by an administrator (`govgraph queries add FILE`) or
generated from the explorer's own queries.

    registry = PersistedQueries()
    query = registry.add("query Compounds { areas(level: COMPOUND) { totalCount } }")
    registry.get(query.sha256).document   # the text, exactly as added
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse

from graph.access import audit
from graph.access.files import folder, locked, read_json, stamp, write_json
from graph.access.identity import Identity, cli_identity
from graph.errors import BadInput, NotFound

MAX_DOCUMENT = 100_000  # characters; the API's own request limits are tighter still
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class PersistedQuery:
    sha256: str
    name: str
    document: str
    added: datetime
    added_by: str


def document_hash(document: str) -> str:
    """The Apollo persisted-query hash of a document: SHA-256 of its UTF-8 text, as is."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def _operation_name(document: str) -> str | None:
    """The document's operation names (joined), checking it parses; BadInput naming the syntax error."""
    try:
        ast = parse(document, no_location=True)
    except GraphQLError as error:
        raise BadInput(f"document: not valid GraphQL: {error.message}", argument="document") from None
    names = [d.name.value for d in ast.definitions if isinstance(d, OperationDefinitionNode) and d.name]
    if not any(isinstance(d, OperationDefinitionNode) for d in ast.definitions):
        raise BadInput("document: holds no operation (query, mutation or subscription)", argument="document")
    return ", ".join(names) or None


def _query(sha: str, record: dict[str, Any]) -> PersistedQuery:
    return PersistedQuery(sha, record["name"], record["document"], datetime.fromisoformat(record["added"]),
                          record.get("added_by", ""))


def _utcnow() -> datetime:
    return datetime.now(UTC)


class PersistedQueries:
    """The registry of one GOVGRAPH_HOME; `get` re-reads the file only when it changed."""

    def __init__(self, path: Path | None = None, clock: Callable[[], datetime] = _utcnow,
                 trail: audit.AuditTrail | None = None) -> None:
        self.path = path or folder("access") / "persisted.json"
        self.clock = clock
        self._trail = trail
        self._cache: tuple[tuple[int, int, int] | None, dict[str, Any]] | None = None

    def _data(self) -> dict[str, Any]:
        current = stamp(self.path)
        if self._cache is None or self._cache[0] != current or current is None:
            self._cache = (current, read_json(self.path, {}))
        return self._cache[1]

    def add(self, document: str, name: str | None = None, *, by: Identity | None = None) -> PersistedQuery:
        """Register a document (idempotent: the same text is one entry); BadInput if it does not parse."""
        if not document.strip():
            raise BadInput("document: empty", argument="document")
        if len(document) > MAX_DOCUMENT:
            raise BadInput(f"document: {len(document):,} characters, over {MAX_DOCUMENT:,}", argument="document")
        operation = _operation_name(document)
        name = (name or "").strip() or operation or "anonymous"
        sha = document_hash(document)
        who = by or cli_identity()
        with locked(self.path):
            self._cache = None
            data = dict(self._data())
            if sha in data:
                return _query(sha, data[sha])
            data[sha] = {"name": name, "document": document, "added_by": who.subject,
                         "added": self.clock().astimezone(UTC).isoformat(timespec="seconds")}
            write_json(self.path, data)
            self._cache = None
        (self._trail or audit.AuditTrail(clock=self.clock)).record(
            audit.PERSISTED, who, operation="queries.add", details={"sha256": sha, "name": name})
        return _query(sha, data[sha])

    def get(self, sha256: str) -> PersistedQuery | None:
        """The registered document with this hash, or None (Apollo's PERSISTED_QUERY_NOT_FOUND)."""
        sha = sha256.lower()
        if not _HASH.fullmatch(sha):
            return None
        record = self._data().get(sha)
        return _query(sha, record) if record else None

    def require(self, sha256: str) -> PersistedQuery:
        query = self.get(sha256)
        if query is None:
            raise NotFound(f"no registered document with hash {sha256[:64]!r}", argument="sha256Hash")
        return query

    def list(self) -> list[PersistedQuery]:
        return sorted((_query(sha, r) for sha, r in self._data().items()), key=lambda q: (q.name, q.sha256))


def registry() -> PersistedQueries:
    return PersistedQueries()


_CONST = re.compile(r"(?:export\s+)?const\s+([A-Za-z_]\w*)\s*=\s*`([^`]*)`", re.S)
_SUBSTITUTION = re.compile(r"\$\{\s*([A-Za-z_]\w*)\s*\}")


def explorer_documents(folder: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The GraphQL documents the explorer's sources (`folder/*.ts`) hold as constants: (name, document) each,
    `${CONST}` filled from the same file's constants; and the names of those built at run time (skipped).

    Only template literals that are whole operations (`query …` or `{ … }`) after filling count.
    """
    found: list[tuple[str, str]] = []
    skipped: list[str] = []
    for path in sorted(folder.glob("*.ts")):
        consts = dict(_CONST.findall(path.read_text(encoding="utf-8")))
        for name, text in consts.items():
            filled = _SUBSTITUTION.sub(lambda m, known=consts: known.get(m.group(1), m.group(0)), text)
            head = filled.lstrip()
            if not (head.startswith("query") or head.startswith("{")):
                continue
            if "${" in filled:
                skipped.append(f"{path.name}:{name}")
                continue
            try:
                parse(filled)
            except GraphQLError:
                skipped.append(f"{path.name}:{name}")
                continue
            found.append((name, filled))
    return found, skipped
