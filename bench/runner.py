"""Running every benchmark at every scale and writing the report.

For each scale: generate the demo city at that scale into the server's
import folder, load it through neo4j-admin import into an empty database, compare the loaders (leaving
the govgraph-loaded graph, and checking it is the graph the import built),
time serviceLevels for the whole city, measure the API against direct Cypher
and against the @neo4j/graphql peer, then the analysis measures. A section that cannot run (a part of govgraph
not there, no Node.js) is recorded as skipped with the reason; one that fails
is recorded with its error and the rest still run, so one report always
comes out and says what it could not measure.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import subprocess
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import (
    analysis_bench,
    api_bench,
    deep_page,
    first_load,
    loading,
    peer_bench,
    report,
    servers,
    service_levels_bench,
)
from bench.settings import Say, Settings, Skipped
from bench.stats import stopwatch
from bench.target import Target


def section(name: str, body: Callable[[], dict], say: Say, log: Path) -> dict:
    """Run one section; a failure is recorded (and logged with its traceback), never fatal to the run."""
    say(f"  {name} …")
    began = time.perf_counter()
    try:
        result = body()
    except Skipped as why:
        say(f"  {name}: skipped ({why})")
        return {"skipped": str(why)}
    except Exception as error:  # one broken section must not lose the others' figures
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"--- {name} ---\n{traceback.format_exc()}\n")
        message = f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"
        say(f"  {name}: FAILED ({message}); traceback in {log}")
        return {"error": message}
    say(f"  {name}: done in {time.perf_counter() - began:.1f} s")
    return result


def _machine() -> dict:
    memory_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    except OSError:
        pass
    node = shutil.which("node")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else None
    return {"cpus": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "node": node_version, "platform": platform.platform()}


PYTHON_PACKAGES = ("govgraph", "neo4j", "strawberry-graphql", "fastapi", "uvicorn", "graphql-core", "networkx",
                   "httpx")
PEER_PACKAGES = ("@neo4j/graphql", "@apollo/server", "graphql", "neo4j-driver")


def versions() -> dict:
    """What was measured: the commit of this checkout, the Python packages, the peer's locked npm packages."""
    import importlib.metadata as metadata
    import json

    found: dict = {}
    root = Path(__file__).resolve().parents[1]
    try:
        described = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root, capture_output=True,
                                   text=True, timeout=10)
        found["commit"] = described.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        found["commit"] = None
    for name in PYTHON_PACKAGES:
        label = "neo4j (Python driver)" if name == "neo4j" else name
        try:
            found[label] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[label] = None
    try:
        lock = json.loads((servers.PEER_DIR / "package-lock.json").read_text(encoding="utf-8"))
        for name in PEER_PACKAGES:
            found[name] = lock.get("packages", {}).get(f"node_modules/{name}", {}).get("version")
    except (OSError, ValueError):
        pass
    return found


def generate(target: Target, scale: float, seed: int) -> tuple[Path, dict]:
    """The demo city at this scale, written into the server's import folder (LOAD CSV reads only there)."""
    try:
        from loaders.demo import city as demo
    except ImportError as error:
        raise Skipped(f"the demo generator (loaders.demo) is not there: {error}") from None
    out = target.import_dir / f"govgraph-bench-x{scale:g}"
    shutil.rmtree(out, ignore_errors=True)
    with stopwatch() as watch:
        data_dir = Path(demo.generate(out, scale=scale, seed=seed))
    files = sorted(data_dir.rglob("*.csv"))
    return data_dir, {"dir": str(data_dir), "files": len(files), "bytes": sum(f.stat().st_size for f in files),
                      "generate_s": round(watch.seconds, 3)}


def run_scale(target: Target, run: dict, settings: Settings, log_dir: Path, say: Say,
              save: Callable[[], None] = lambda: None) -> dict:
    """Fill `run` ({"scale": …}) section by section, calling `save` after each so a stopped run keeps its figures."""
    errors = log_dir / "errors.log"
    scale = run["scale"]
    try:
        data_dir, run["files"] = generate(target, scale, settings.seed)
    except (Skipped, ValueError) as why:
        # No generator, or one that refuses this scale: nothing to measure here, and the report says why.
        state = "skipped" if isinstance(why, Skipped) else "error"
        message = str(why) if isinstance(why, Skipped) else f"the demo generator refused scale ×{scale:g}: {why}"
        say(f"  nothing to load: {message}")
        for key in ("first_load", "load", "service_levels", "api", "peer", "deep_page", "analysis"):
            run[key] = {state: message}
        return run
    try:
        run["first_load"] = section("first load into an empty database: neo4j-admin import",
                                    lambda: first_load.import_alone(target, data_dir), say, errors)
        run["load"] = section("loading: govgraph loader vs LOAD CSV", lambda: loading.compare(target, data_dir),
                              say, errors)
        if "error" in run["load"]:
            # The other sections still need the graph: try the govgraph loader alone.
            retry = section("loading the graph alone, for the other sections",
                            lambda: loading.load_alone(target, data_dir), say, errors)
            if "error" in retry:
                for key in ("service_levels", "api", "peer", "deep_page", "analysis"):
                    run[key] = {"skipped": "no graph to run on: the load failed"}
                return run
        if report.figures(run["first_load"]) and report.figures(run["load"]):
            run["first_load"] = section("the import against both loaders",
                                        lambda: first_load.against_loaders(run["first_load"], run["load"], target),
                                        say, errors)
        run["size"] = target.size()
        save()
        say(f"  graph: {run['size']['nodes']:,} nodes, {run['size']['relationships']:,} relationships")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        run.get("first_load", {}).pop("_graph", None)  # the imported graph, kept only for against_loaders

    try:
        with servers.govgraph_api(target.env(), log_dir) as served:
            api_base = served.base
            run["api_process"] = served.memory()  # workers, and their memory once started
            # First, while the API has kept no answer: its first serviceLevels is computed from the cases.
            run["service_levels"] = section(
                "service levels (serviceLevels for the whole city)",
                lambda: service_levels_bench.measure(target.driver, target.conn.database, 2 if settings.quick else 5,
                                                     api_base), say, errors)
            save()
            run["api"] = section("API vs direct Cypher", lambda: api_bench.run(target, api_base, settings), say,
                                 errors)
            save()
            run["peer"] = section("govgraph vs @neo4j/graphql",
                                  lambda: peer_bench.run(target, api_base, settings, log_dir), say, errors)
            save()
            run["deep_page"] = section("page 1 against page 1,000 of a root list",
                                       lambda: deep_page.run(target, api_base, settings), say, errors)
            run["api_process"] = {**served.memory(), "started_rss_mb_max": run["api_process"]["peak_rss_mb_max"]}
    except Exception as error:  # the API could not start: both sections say so
        message = f"the govgraph API could not be served: {error}"
        say(f"  {message}")
        run.setdefault("service_levels", {"error": message})
        run.setdefault("api", {"error": message})
        run.setdefault("peer", {"error": message})
        run.setdefault("deep_page", {"error": message})
    save()
    run["analysis"] = section("analysis measures", lambda: analysis_bench.run(target, settings), say, errors)
    return run


def failures(results: dict) -> list[str]:
    """Each failure once per scale, with the sections it hit: `×50: <error> (load, api)`."""
    found = []
    for run in results["scales"]:
        by_error: dict[str, list[str]] = {}
        for key, value in run.items():
            if isinstance(value, dict) and "error" in value:
                by_error.setdefault(value["error"], []).append(key)
        found += [f"×{run['scale']:g}: {error} ({', '.join(keys)})" for error, keys in by_error.items()]
    return found


def run(settings: Settings, say: Say) -> tuple[dict, dict[str, Path]]:
    """Every benchmark at every scale; returns the results and the report files written."""
    began = time.perf_counter()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = settings.out / stamp
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {"started_at": dt.datetime.now().isoformat(timespec="seconds"), "quick": settings.quick,
                     "seed": settings.seed, "machine": _machine(), "versions": versions(), "scales": [], "notes": []}
    say(f"starting the benchmark database (largest scale ×{max(settings.scales):g}) …")
    target = Target.open(max(settings.scales), settings.import_dir, settings.allow_clear)
    results["server"] = target.describe()
    try:
        for scale in settings.scales:
            say(f"scale ×{scale:g}")
            run: dict = {"scale": scale}
            results["scales"].append(run)

            def save() -> None:
                # After every section, so an interrupted run still leaves the figures it measured.
                results["seconds"] = round(time.perf_counter() - began, 1)
                report.write(results, out_dir)

            run_scale(target, run, settings, out_dir, say, save)
            save()
    finally:
        target.close()
    results["seconds"] = round(time.perf_counter() - began, 1)
    return results, report.write(results, out_dir)
