"""A large run of malformed files through the loaders, by hand: `python -m bench.fuzz_loaders --count 3000`.

Makes `--count` cases from the templates (bench/malformed.py, every mutation in turn, seeds from `--seed`),
loads each one against a real Neo4j holding the templates — with `--dry-run`, and for every `--real`-th
case that must be refused a real load too — and counts the outcomes:

- `refused, located`: a LoadError whose every problem names a file of the case, naming the file the
  mutation broke, and its row and column where the mutation broke a cell;
- `refused, not located`; `accepted` (as it should be, for the cases that are valid);
- `wrong acceptance`, `wrong rejection`; `traceback` (any other exception); `hang` (over `--timeout`
  seconds); `partial write` (a refused real load that changed the graph's fingerprint).

With no NEO4J_URI a throwaway local Neo4j is started for the run. Exit status 1 when any case is a
traceback, a hang, a partial write, a wrong outcome or an unlocated refusal.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from bench.malformed import MUTATIONS, Case, make, templates
from loaders.demo.fingerprint import fingerprint
from loaders.limits import Limits
from loaders.load import load_paths
from loaders.problems import LoadError

BAD = ("traceback", "hang", "partial write", "wrong acceptance", "wrong rejection", "refused, not located")


class Hung(Exception):
    pass


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hung()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Result:
    case: Case
    outcome: str
    seconds: float
    detail: str = ""


def located(case: Case, error: LoadError) -> str:
    """Why the refusal is not located ('' when it is)."""
    inside = [str(p) for p in case.paths] + [str(case.folder)]
    for problem in error.problems:
        if not problem.message or not any(problem.file == p or problem.file.startswith(p + os.sep) or
                                          problem.file.startswith(str(case.folder)) for p in inside):
            return f"a problem names no file of the case: {problem}"
    if case.blamed is not None:
        blamed = [p for p in error.problems if p.file == str(case.blamed)]
        if not blamed:
            return f"no problem names {case.blamed.name}: {error.problems[0]}"
        if case.cell and not any(p.row is not None and p.column for p in blamed):
            return f"no problem names a row and column: {blamed[0]}"
    return ""


def run_case(case: Case, driver: Driver, database: str | None = None, *, real: bool = False,
             timeout: float = 60.0) -> Result:
    """Load one case (dry run, or real) and say what came of it."""
    limits = Limits.from_env(**case.limits)
    before = fingerprint(driver, database) if real else None
    began = time.perf_counter()
    outcome, detail = "", ""
    try:
        with _alarm(timeout):
            load_paths(case.paths, driver, database, dry_run=not real, limits=limits, encoding=case.encoding)
    except Hung:
        outcome, detail = "hang", f"over {timeout} s"
    except LoadError as error:
        if case.outcome == "accept":
            outcome, detail = "wrong rejection", str(error.problems[0])
        else:
            why = located(case, error)
            outcome, detail = ("refused, not located", why) if why else ("refused, located", str(error.problems[0]))
    except Exception as error:
        outcome, detail = "traceback", "".join(traceback.format_exception(error))[-2000:]
    else:
        outcome = "wrong acceptance" if case.outcome == "reject" else "accepted"
    seconds = time.perf_counter() - began
    if real and outcome.startswith("refused") and fingerprint(driver, database) != before:
        outcome, detail = "partial write", "the graph changed although the load was refused"
    return Result(case, outcome, seconds, detail)


def cases(count: int, seed: int, work: Path, templates_folder: Path) -> Iterator[tuple[int, Case]]:
    for number in range(count):
        mutation = MUTATIONS[number % len(MUTATIONS)]
        folder = work / f"case-{number:05d}"
        yield number, make(mutation, seed * 1_000_003 + number, templates_folder, folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--real", type=int, default=10, help="also load for real every N-th case to be refused")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds after which a case counts as hung")
    args = parser.parse_args(argv)

    from graph.store import db, schema
    from graph.store.neo4j_server import LocalServer
    from graph.store.settings import external_connection

    with tempfile.TemporaryDirectory(prefix="govgraph-fuzz-") as tmp:
        work = Path(tmp)
        server = None
        conn = external_connection()
        if conn is None:
            server = LocalServer(work / "home")
            conn = server.start(timeout=180)
        try:
            with db.driver(conn) as driver:
                schema.apply(driver, conn.database)
                tpl = templates(work / "templates")
                load_paths([tpl], driver, conn.database)  # the graph the cases are checked against
                return _run(args, driver, conn.database, work, tpl)
        finally:
            if server is not None:
                server.stop()


def _run(args: argparse.Namespace, driver: Driver, database: str | None, work: Path, tpl: Path) -> int:
    counts: Counter[str] = Counter()
    by_class: dict[str, Counter[str]] = {}
    slowest: list[tuple[float, str]] = []
    bad: list[Result] = []
    refused = 0
    began = time.perf_counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for number, case in cases(args.count, args.seed, work, tpl):
        real = False
        if case.outcome == "reject":
            refused += 1
            real = args.real > 0 and refused % args.real == 0
        result = run_case(case, driver, database, real=real, timeout=args.timeout)
        counts[result.outcome] += 1
        by_class.setdefault(case.name, Counter())[result.outcome] += 1
        slowest = sorted([*slowest, (result.seconds, case.name)], reverse=True)[:5]
        if result.outcome in BAD:
            bad.append(result)
        _remove(case.folder)
        if (number + 1) % 250 == 0:
            print(f"{number + 1:,} cases, {time.perf_counter() - began:.0f} s: {dict(counts)}", flush=True)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\n{args.count:,} malformed inputs ({len(by_class)} classes) in {time.perf_counter() - began:.0f} s; "
          f"peak memory {rss_after / 1024:.0f} MB (from {rss_before / 1024:.0f} MB)")
    for outcome, count in counts.most_common():
        print(f"  {outcome:<24} {count:>6,}")
    print("\nper class:")
    for name, outcomes in by_class.items():
        print(f"  {name:<52} " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    print("\nslowest: " + "; ".join(f"{name} {seconds:.1f} s" for seconds, name in slowest))
    for result in bad[:20]:
        print(f"\n{result.outcome}: {result.case.name} ({result.case.folder.name})\n{result.detail}")
    return 1 if bad else 0


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
