"""The Neo4j a benchmark runs against, made fresh before every measured run.

Without NEO4J_URI the benchmark runs its own local server in
GOVGRAPH_HOME/bench (never the user's own database), sized for the largest
scale, and makes it fresh by wiping its data folder and restarting: faster
than deleting a million nodes, and every run starts equally cold. With
NEO4J_URI it empties that database with batched deletes, and refuses to
touch one that holds data unless told it may (`allow_clear`).
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver
from neo4j.exceptions import ClientError

from graph.errors import UserError
from graph.store import db, queries, schema
from graph.store.neo4j_server import LocalServer, neo4j_version
from graph.store.settings import Connection, external_connection, govgraph_home

CLEAR_BATCH = 10_000


def server_memory(largest_scale: float) -> tuple[str, str]:
    """Heap and page cache for the bench server: GOVGRAPH_NEO4J_HEAP / _PAGECACHE if set, else by scale.

    A province (×50, over a million nodes) needs a page cache that holds its
    store and a heap for 10k-row write transactions; the machine has 24 GB.
    """
    heap, pagecache = ("1g", "1g") if largest_scale < 5 else ("4g", "4g")
    return (os.environ.get("GOVGRAPH_NEO4J_HEAP") or heap, os.environ.get("GOVGRAPH_NEO4J_PAGECACHE") or pagecache)


@dataclass
class Target:
    conn: Connection
    import_dir: Path
    server: LocalServer | None = None  # the bench's own server; None with NEO4J_URI
    _driver: Driver | None = field(default=None, repr=False)

    @classmethod
    def open(cls, largest_scale: float, import_dir: Path | None = None, allow_clear: bool = False) -> Target:
        external = external_connection()
        if external is None:
            heap, pagecache = server_memory(largest_scale)
            server = LocalServer(govgraph_home() / "bench", heap=heap, pagecache=pagecache)
            target = cls(server.start(timeout=180), import_dir or server.import_dir, server)
        else:
            target = cls(external, import_dir or LocalServer.default().import_dir)
            nodes = target.size()["nodes"]
            if nodes and not allow_clear:
                raise UserError(f"NEO4J_URI ({external.uri}) points at a database holding {nodes} nodes; the "
                                "benchmark empties it between runs. Point NEO4J_URI at a scratch database, or pass "
                                "--allow-clear to let it be emptied.")
        target.check_import_dir()
        return target

    @property
    def managed(self) -> bool:
        return self.server is not None

    @property
    def driver(self) -> Driver:
        if self._driver is None:
            self._driver = db.driver(self.conn)
        return self._driver

    def env(self) -> dict[str, str]:
        """Environment for a process (the API, the peer) that must reach this same database."""
        values = {"NEO4J_URI": self.conn.uri, "NEO4J_USER": self.conn.user, "NEO4J_PASSWORD": self.conn.password}
        if self.conn.database:
            values["NEO4J_DATABASE"] = self.conn.database
        return {**os.environ, **values}

    def describe(self) -> dict:
        info = {"uri": self.conn.uri, "managed": self.managed, "import_dir": str(self.import_dir)}
        if self.server is not None:
            info.update(neo4j=neo4j_version(), heap=self.server.heap, pagecache=self.server.pagecache)
        return info

    def fresh(self) -> None:
        """An empty database with govgraph's constraints and indexes in place."""
        if self.server is not None:
            self._close_driver()
            self.server.stop()
            shutil.rmtree(self.server.root / "data", ignore_errors=True)
            self.conn = self.server.start(timeout=180)
        else:
            with self.driver.session(database=self.conn.database) as session:
                session.run(queries.query("bench_clear"), batch=CLEAR_BATCH).consume()
        schema.apply(self.driver, self.conn.database)

    def size(self) -> dict:
        """Nodes and relationships, in total and per label / type (from the count store)."""
        records, _, _ = self.driver.execute_query(queries.query("bench_graph_counts"), database_=self.conn.database)
        data = records[0]["data"]
        by_label = {e["label"]: e["count"] for e in data["nodes"] if "label" in e and e["count"]}
        by_type = {e["relationshipType"]: e["count"] for e in data["relationships"]
                   if set(e) == {"relationshipType", "count"}}
        nodes = next(e["count"] for e in data["nodes"] if "label" not in e)
        relationships = next(e["count"] for e in data["relationships"] if "relationshipType" not in e)
        # GraphMeta (the graph version) is bookkeeping, not part of the governance graph.
        nodes -= by_label.pop("GraphMeta", 0)
        return {"nodes": nodes, "relationships": relationships, "by_label": by_label, "by_type": by_type}

    def check_import_dir(self) -> None:
        """LOAD CSV reads the server's import folder: make sure the one we write to is the one it reads."""
        if not self.import_dir.is_dir():
            raise UserError(f"the Neo4j import folder {self.import_dir} does not exist; LOAD CSV reads files "
                            "from the server's import folder: pass --import-dir with that folder")
        probe = self.import_dir / f"govgraph-bench-probe-{uuid.uuid4().hex}.csv"
        probe.write_text("id\nprobe\n", encoding="utf-8")
        try:
            records, _, _ = self.driver.execute_query(queries.query("bench_import_probe"), url=f"file:///{probe.name}",
                                                      database_=self.conn.database)
        except ClientError as error:
            raise UserError(f"Neo4j at {self.conn.uri} cannot read {probe.name} from {self.import_dir} with "
                            f"LOAD CSV ({error.message}); pass --import-dir with the server's import folder "
                            "(server.directories.import) and make sure "
                            "dbms.security.allow_csv_import_from_file_urls=true") from None
        finally:
            probe.unlink(missing_ok=True)
        if records[0]["rows"] != 1:
            raise UserError(f"Neo4j at {self.conn.uri} does not read its import files from {self.import_dir}")

    def _close_driver(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def close(self) -> None:
        """Close the driver; stop the bench's own server and drop its data (made fresh next time anyway)."""
        self._close_driver()
        if self.server is not None:
            self.server.stop()
            shutil.rmtree(self.server.root / "data", ignore_errors=True)
