"""What every resolver gets as `info.context`: one request's view of the database.

A `Context` holds:

- `reader`: runs Cypher for this request (`await ctx.reader.query("co_builders", organizationId=…)` for a
  named query of `cypher/`, `await ctx.reader.run(text, params)` for a filled template). Every call is a
  READ transaction (`routing_=READ`, so a cluster sends it to a reader), carries the time left before the
  request's deadline as its Neo4j transaction timeout and is cut off in Python at the same moment, and is
  counted in `reader.round_trips`.
- `area_wide(name, **params)`: like `reader.query`, for the questions that read a whole area, whose answers
  are kept per graph version and shared between requests (api/answers.py).
- `loader(key, batch)`: the request's DataLoader for `key`, created on first use; `batch(keys)` must run ONE
  query for all the keys gathered in that tick and return one result per key, in order.
- `node(label, id)`: the full GraphQL object of a node by family (or kind) label and id, batched through
  `entity_by_id.cypher` — how a field links back to the node it names. The context does not know how to
  load nodes itself: it is handed `load_nodes` (api/loading.py) by whoever makes it (api/app.py).

Access (api/access.py): `identity` (graph/access/identity.py; None only for contexts the server makes for
itself, e.g. /healthz), `scope` (its area scope: `await ctx.scope.inside(reader, area_id)`, `ctx.scope.label(…)`),
`purpose` (the stated purpose, for unmasked personal values) and `disclosed` (what the request revealed, for
the audit trail). Every query the reader runs carries `$scope` (the scope's area id, or None for the whole
city); `area_wide` defaults a question's `areaId` to the scope and answers NOT_FOUND outside it, and counts
against the identity's rate limit (api/ratelimit.py) when the answer is computed afresh.

The analysis fields (api/analysis.py) use the same context: `info.context.reader`, `info.context.loader`,
`info.context.node`, `info.context.driver` (the process's async driver, for code that pulls projections
itself) and `info.context.settings`.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any

import neo4j
from neo4j import AsyncDriver
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError
from strawberry.dataloader import DataLoader

from api.access import Disclosed, Scope
from api.answers import AnswerCache
from api.config import ApiSettings
from api.errors import DatabaseUnavailable, RequestTimeout
from graph import ontology
from graph.access.identity import Identity
from graph.store import queries

ANY_FAMILY = "|".join(ontology.FAMILIES)  # the label standing for any node of the ontology
Row = Any  # a neo4j.Record: row['key'], row.get('key')
# How a context finds nodes by id: (context, label) → that label's DataLoader of GraphQL objects by id.
NodeLoaders = Callable[["Context", str], DataLoader[Any, Any]]
TIMEOUT_CODES = ("Neo.ClientError.Transaction.TransactionTimedOut",
                 "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration")
TERMINATED = "Neo.ClientError.Transaction.Terminated"  # an administrator's TERMINATE TRANSACTIONS, a shutdown
MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"  # dbms.memory.transaction.total.max reached
# A large first load (loaders/load.py) builds the full-text index after writing: until it exists, a search fails so
PROCEDURE_FAILED = "Neo.ClientError.Procedure.ProcedureCallFailed"
NO_FULLTEXT_INDEX = "no such fulltext schema index"


async def _rows(result: neo4j.AsyncResult) -> list[Any]:
    # The records as the driver gives them (read by key, like dicts): the queries return maps, lists and
    # values only, so result.data()'s deep copy would only cost time (a third of a big answer's).
    return [record async for record in result]


class Reader:
    """Runs one request's queries against Neo4j, within the request's deadline, counting round trips."""

    def __init__(self, driver: AsyncDriver, database: str | None, timeout: float, scope: str | None = None) -> None:
        self.driver = driver
        self.scope = scope  # the identity's area scope, handed to every query as $scope (None: the whole city)
        self.database = database
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.round_trips = 0
        self.ran: list[tuple[str, dict[str, Any]]] = []  # every query run and its parameters (tests, bench)

    @property
    def queries(self) -> list[str]:
        """The first line (the name and what it answers) of each query run."""
        return [text.split("\n", 1)[0] for text, _ in self.ran]

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _timed_out(self) -> RequestTimeout:
        return RequestTimeout(f"the request took longer than its time limit of {self.timeout:g} s; "
                              "ask for less (a smaller first, depth or limit) or narrow it to an area")

    async def query(self, name: str, **params: Any) -> list[Row]:
        """Run the named query `cypher/<name>.cypher` with these parameters."""
        return await self.run(queries.query(name), params)

    async def run(self, text: str, params: dict[str, Any]) -> list[Row]:
        remaining = self.remaining()
        if remaining <= 0:
            raise self._timed_out()
        if "scope" not in params:
            params = {**params, "scope": self.scope}
        self.round_trips += 1
        self.ran.append((text, params))
        try:
            async with asyncio.timeout(remaining):
                # An auto-commit read (RUN and PULL, one exchange with the server) rather than execute_query's
                # managed transaction (BEGIN … COMMIT: a second exchange, 0.6–1.5 ms of each query's 2–7 ms).
                # A READ session, so a cluster sends it to a reader; the driver's bookmark manager, so it
                # still reads what the process's own writes wrote.
                async with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                               bookmark_manager=self.driver.execute_query_bookmark_manager) as session:
                    result = await session.run(neo4j.Query(text, timeout=max(remaining, 0.001)), params)
                    return await _rows(result)
        except TimeoutError:
            raise self._timed_out() from None
        except ClientError as error:
            if error.code in TIMEOUT_CODES:
                raise self._timed_out() from None
            if error.code == TERMINATED:
                raise DatabaseUnavailable("Neo4j ended this query before it finished (its transaction was "
                                          "terminated): try again") from None
            if error.code == PROCEDURE_FAILED and NO_FULLTEXT_INDEX in (error.message or ""):
                raise DatabaseUnavailable("the name search index is being built (a large load is under way): "
                                          "try again in a minute") from None
            raise
        except TransientError as error:  # Neo4j's own word that the same query may succeed if sent again
            if error.code == MEMORY:
                raise DatabaseUnavailable("Neo4j is out of transaction memory for now (too many large queries "
                                          "at once): try again shortly, or ask for less") from None
            raise DatabaseUnavailable(f"Neo4j could not answer this time ({error.code}): try again") from None
        except (ServiceUnavailable, SessionExpired) as error:
            raise DatabaseUnavailable(f"Neo4j does not answer: {error}") from None
        except Neo4jError as error:
            if error.code and "TransactionTimedOut" in error.code:
                raise self._timed_out() from None
            raise


class Context:
    """One request's context; see the module docstring."""

    def __init__(self, driver: AsyncDriver, database: str | None, settings: ApiSettings,
                 answers: AnswerCache | None = None, refresh: bool = False,
                 load_nodes: NodeLoaders | None = None, identity: Identity | None = None,
                 purpose: str | None = None, limiter: Any = None) -> None:
        self.driver = driver
        self.database = database
        self.settings = settings
        self.identity = identity
        self.scope = Scope(identity)
        self.purpose = purpose
        self.disclosed = Disclosed(purpose)
        self.limiter = limiter  # api/ratelimit.py's per-identity limit of area-wide questions, or None
        self.reader = Reader(driver, database, settings.request_timeout, self.scope.area)
        self.answers = answers or AnswerCache(0)  # the process's kept answers (none for a bare context)
        self.refresh = refresh  # the client sent Cache-Control: no-cache
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}
        self.selections: dict[Any, frozenset[str]] = {}  # api/pagination.py's selected_names, for this request
        self._load_nodes = load_nodes  # api/loading.py's load_nodes, handed over by api/app.py

    async def area_wide(self, name: str, **params: Any) -> list[Row]:
        """The rows of an area-wide question (`cypher/<name>.cypher`), kept per graph version (api/answers.py)."""
        if "areaId" in params:  # access: the scope by default, NOT_FOUND outside it
            params["areaId"] = await self.scope.inside(self.reader, params["areaId"])
        if self.limiter is not None and self.identity is not None:
            async with self.limiter.slot(self.identity.subject, fresh=self.refresh):
                return await self._area_wide(name, params)
        return await self._area_wide(name, params)

    async def _area_wide(self, name: str, params: dict[str, Any]) -> list[Row]:
        shared = Reader(self.driver, self.database, self.settings.request_timeout)
        return await self.answers.rows(self.reader, shared, name, params, refresh=self.refresh)

    def loader(self, key: Hashable, batch: Callable[[Sequence[Any]], Awaitable[Sequence[Any]]]) -> DataLoader[Any, Any]:
        found = self._loaders.get(key)
        if found is None:
            found = self._loaders[key] = DataLoader(load_fn=batch)
        return found

    async def node(self, label: str, node_id: str) -> Any:
        """The GraphQL object of the node labelled `label` with this id, or None (batched, cached per request)."""
        return await self._nodes_by(label).load(node_id)

    async def nodes(self, ids: Sequence[str], label: str = ANY_FAMILY) -> list[Any]:
        """The GraphQL objects of these ids (None for each not found or outside the scope), in one batch."""
        return list(await self._nodes_by(label).load_many(list(ids)))

    def _nodes_by(self, label: str) -> DataLoader[Any, Any]:
        if self._load_nodes is None:
            raise RuntimeError("this Context was made without load_nodes: it cannot look nodes up by id")
        return self._load_nodes(self, label)
