"""The local Neo4j 5.26 Community server that govgraph manages itself.

Its jars come from Maven Central through Maven (`graph/store/pom.xml`, resolved with
`mvn dependency:copy-dependencies` into a cache outside the repository) and it
runs on the machine's JDK 17+ through Neo4j's real entry point,
`org.neo4j.server.CommunityEntryPoint`, with a `neo4j.conf` written here.

Everything it owns lives under GOVGRAPH_HOME/neo4j: conf, data, logs, run and
`server.json` (pid and port). The password lives in GOVGRAPH_HOME/password
(mode 0600) unless NEO4J_PASSWORD is given. Starts of one home are serialised
by a file lock, so two `start`s at once give one server.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph.errors import Unavailable
from graph.store.settings import Connection, govgraph_home, jar_cache

POM = Path(__file__).with_name("pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
DEFAULT_PORT = 7687


class ServerError(Unavailable):
    """A local server could not be fetched, started or stopped; the message says why."""


class _Died(Exception):
    """The server process ended while we waited for Bolt."""


def neo4j_version() -> str:
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text())
    assert match, "graph/store/pom.xml must set neo4j.version"
    return match.group(1)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_jars() -> Path:
    """The folder of Neo4j's jars, fetched with Maven on first use."""
    target = jar_cache() / f"neo4j-{neo4j_version()}" / "lib"
    if (target / ".complete").exists():
        return target
    with _file_lock(target.parent / ".fetch.lock"):
        if (target / ".complete").exists():
            return target
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ServerError("Maven (mvn) is not on PATH; install Maven 3.8+ or set NEO4J_URI to an existing Neo4j 5")
        staging = target.with_name("lib.partial")
        shutil.rmtree(staging, ignore_errors=True)
        result = subprocess.run(
            [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
             f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise ServerError("fetching Neo4j with Maven failed:\n" + (result.stdout + result.stderr)[-3000:])
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
        (target / ".complete").write_text(neo4j_version())
    return target


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise ServerError("no Java found; install OpenJDK 17+ or set JAVA_HOME")
    return java


def _alive(pid: int) -> bool:
    """True if pid runs and is not a zombie (a zombie child is reaped here)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    if stat.rsplit(")", 1)[1].split()[0] == "Z":
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        return False
    return True


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"(no {path.name})"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class LocalServer:
    """One govgraph-managed Neo4j, identified by its home folder."""

    home: Path
    heap: str = os.environ.get("GOVGRAPH_NEO4J_HEAP", "1g")
    pagecache: str = os.environ.get("GOVGRAPH_NEO4J_PAGECACHE", "512m")

    @classmethod
    def default(cls) -> LocalServer:
        return cls(govgraph_home())

    # -- layout ---------------------------------------------------------
    @property
    def root(self) -> Path:
        return self.home / "neo4j"

    @property
    def state_file(self) -> Path:
        return self.root / "server.json"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def log_file(self) -> Path:
        return self.root / "logs" / "neo4j.log"

    @property
    def import_dir(self) -> Path:
        return self.root / "import"

    # -- state ----------------------------------------------------------
    def _state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def pid(self) -> int | None:
        pid = self._state().get("pid")
        return pid if pid and _alive(pid) and self._is_ours(pid) else None

    def _is_ours(self, pid: int) -> bool:
        # Guards against a recycled pid after a crash.
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except FileNotFoundError:
            return False
        return ENTRY_POINT in cmdline and str(self.root) in cmdline

    def port(self) -> int:
        return int(self._state().get("port") or os.environ.get("GOVGRAPH_BOLT_PORT") or DEFAULT_PORT)

    def password(self) -> str:
        given = os.environ.get("NEO4J_PASSWORD")
        if given:
            return given
        if not self.password_file.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return self.password_file.read_text().strip()
            with os.fdopen(fd, "w") as handle:
                # hex: never starts with '-', which the admin tool would read as an option
                handle.write(secrets.token_hex(24))
        return self.password_file.read_text().strip()

    def connection(self) -> Connection:
        return Connection(uri=f"bolt://127.0.0.1:{self.port()}", user="neo4j",
                          password=self.password(), database=None)

    # -- lifecycle ------------------------------------------------------
    def start(self, timeout: float = 120.0) -> Connection:
        """Start (or find running) and wait until Bolt answers."""
        with _file_lock(self.root / "start.lock"):
            running = self.pid()
            if running is not None:
                try:
                    self._wait_for_bolt(timeout, alive=lambda: _alive(running))
                    return self.connection()
                except _Died:
                    pass  # it was going down (a crash or a stop): start afresh
            self._forget_pid()  # stale after a crash
            jars = ensure_jars()
            password = self.password()
            for sub in ("conf", "data", "logs", "run", "import"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
            port = self._choose_port()
            self._write_conf(port)
            env = {**os.environ, "NEO4J_HOME": str(self.root), "NEO4J_CONF": str(self.root / "conf")}
            if not (self.root / "data" / "dbms" / "auth.ini").exists():
                self._set_initial_password(jars, password, env)
            console = open(self.root / "logs" / "console.log", "ab")
            process = subprocess.Popen(
                [_java(), "-Xms256m", f"-Xmx{self.heap}", "-XX:+UseG1GC",
                 "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
                 "-cp", f"{jars}/*", ENTRY_POINT,
                 f"--home-dir={self.root}", f"--config-dir={self.root / 'conf'}"],
                stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=env, start_new_session=True,
            )
            console.close()
            self.state_file.write_text(json.dumps(
                {"pid": process.pid, "port": port, "version": neo4j_version(), "started_at": time.time()}))
            try:
                self._wait_for_bolt(timeout, alive=lambda: process.poll() is None)
            except (ServerError, _Died) as error:
                self._kill(process.pid, grace=10)
                self._forget_pid()
                if isinstance(error, _Died):
                    raise ServerError(f"Neo4j exited with code {process.returncode} while starting.\n"
                                      + self._logs()) from None
                raise
            return self.connection()

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server; False if it was not running. Leaves no process behind."""
        with _file_lock(self.root / "start.lock"):
            pid = self.pid()
            if pid is not None:
                self._kill(pid, grace=timeout)
            self._forget_pid()
            return pid is not None

    def _forget_pid(self) -> None:
        """Drop the pid but keep the recorded port, so a restart gets the same URI."""
        state = self._state()
        state.pop("pid", None)
        if state:
            self.state_file.write_text(json.dumps(state))
        else:
            self.state_file.unlink(missing_ok=True)

    def _kill(self, pid: int, grace: float) -> None:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            while _alive(pid):
                time.sleep(0.05)

    def _choose_port(self) -> int:
        wanted = self.port()
        return wanted if _port_free(wanted) else _any_free_port()

    def _write_conf(self, port: int) -> None:
        settings = {
            # Loopback only: a user opts in to exposure by running their own server.
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "server.directories.data": self.root / "data",
            "server.directories.logs": self.root / "logs",
            "server.directories.run": self.root / "run",
            "server.directories.import": self.import_dir,
            "server.memory.pagecache.size": self.pagecache,
            "dbms.security.auth_enabled": "true",
            "dbms.security.allow_csv_import_from_file_urls": "true",
            "dbms.usage_report.enabled": "false",
            # No `connection.recv_timeout_seconds` hint to the drivers (it is sent only for ALL): with it, the
            # async Python driver wraps every read of every record in a timed task (asyncio's wait_for), about
            # 30 µs a record, which tripled the driver's cost of a 200-row answer (11 ms against 4). NOOPs
            # still keep a streaming answer alive; each query is bounded by its transaction timeout anyway.
            "server.bolt.connection_keep_alive_for_requests": "STREAMING",
            "db.tx_log.rotation.retention_policy": "2 files",
            # Netty's graceful-shutdown defaults add ~10 s to every stop for a
            # local single-user server; no client is left to drain by then.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
            "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
        }
        text = "# Written by govgraph (graph/store/neo4j_server.py); edits are overwritten at start.\n"
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        (self.root / "conf" / "neo4j.conf").write_text(text)

    def _set_initial_password(self, jars: Path, password: str, env: dict) -> None:
        result = subprocess.run(
            [_java(), "-cp", f"{jars}/*", ADMIN_TOOL, "dbms", "set-initial-password", "--", password],
            capture_output=True, text=True, env=env,
        )
        if result.returncode != 0:
            raise ServerError("setting the initial password failed:\n" + result.stdout + result.stderr)

    def admin(self, args: list[str], log: Path) -> int:
        """Run neo4j-admin (`org.neo4j.cli.AdminTool`) on this home with `args`; its output goes to `log`.

        For commands that need the server stopped (`database import full`): the caller stops it first."""
        env = {**os.environ, "NEO4J_HOME": str(self.root), "NEO4J_CONF": str(self.root / "conf")}
        with open(log, "wb") as output:
            return subprocess.run([_java(), "-XX:+UseG1GC", "-Dfile.encoding=UTF-8", "-cp", f"{ensure_jars()}/*",
                                   ADMIN_TOOL, *args], stdout=output, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, env=env).returncode

    def database_dirs(self, name: str) -> list[Path]:
        """The store and transaction-log folders of one database (what an import replaces)."""
        return [self.root / "data" / "databases" / name, self.root / "data" / "transactions" / name]

    def _logs(self) -> str:
        return (f"--- {self.log_file} ---\n{_tail(self.log_file)}\n"
                f"--- console.log ---\n{_tail(self.root / 'logs' / 'console.log')}")

    def _wait_for_bolt(self, timeout: float, alive: Callable[[], bool]) -> None:
        conn = self.connection()
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if not alive():
                raise _Died()
            try:
                with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as driver:
                    driver.verify_connectivity()
                return
            except AuthError as error:
                raise ServerError(f"Neo4j at {conn.uri} refused the password ({error.message}); "
                                  f"NEO4J_PASSWORD or {self.password_file} does not match this data folder") from error
            except (ServiceUnavailable, SessionExpired, OSError) as error:
                last_error = error
                time.sleep(0.25)
        raise ServerError(f"Neo4j did not answer on {conn.uri} within {timeout:.0f} s ({last_error}).\n"
                          + self._logs())

    def status(self) -> dict:
        conn = self.connection()
        info = {"uri": conn.uri, "home": str(self.home), "pid": self.pid(), "answers": False, "version": None}
        if info["pid"] is None:
            return info
        info.update(probe(conn))
        return info


def probe(conn: Connection) -> dict:
    """Whether a server answers, and its version and edition."""
    try:
        with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password)) as driver:
            records, _, _ = driver.execute_query(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
                database_="system")
            return {"answers": True, "version": records[0]["version"], "edition": records[0]["edition"]}
    except Exception as error:  # a status report, never a crash
        return {"answers": False, "error": str(error).splitlines()[0] if str(error) else type(error).__name__}
