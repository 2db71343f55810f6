"""How fast the explorer draws, in headless Chromium on this machine (software WebGL): time from navigation
to a drawn view — an ego network of about 1,000 nodes, the co-building network of the largest district, and
the map of the whole city. Measured, never asserted (DESIGN.md principle 5).

    python -m bench.explorer_speed                       # serves the API itself, on the configured Neo4j
    python -m bench.explorer_speed --base http://127.0.0.1:8011   # or against a running `govgraph serve`

The demo city must be loaded (`govgraph demo --no-serve`). Each view is loaded `--runs` times in a fresh
document; the table gives the median and the fastest, from navigation start (performance.now() in the page)
to the moment the view had drawn everything it asked the API for.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from bench.browser import CHROMIUM_ARGS, RequestLog, chromium_path, serving

NEIGHBORHOOD = "query($id: ID!, $d: Int!) { neighborhood(id: $id, depth: $d, first: 500) { elements } }"


def gql(base: str, query: str, **variables: Any) -> dict[str, Any]:
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, timeout=120).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


def ego_seeds(base: str, target: int = 1000) -> tuple[list[str], int]:
    """Grand working committees, two steps out each, until the union of their neighbourhoods reaches `target`."""
    committees = []
    for subtype in ("grand_working_committee", "grand_party_committee", "compound_party_organization"):
        page = gql(base, "query($s: PartyOrgKind!) { partyOrganizations(subtype: $s, first: 100) { nodes { id } } }",
                   s=subtype)
        committees += page["partyOrganizations"]["nodes"]
    seen: set[str] = set()
    seeds: list[str] = []
    for node in committees:
        elements = gql(base, NEIGHBORHOOD, id=node["id"], d=2)["neighborhood"]["elements"]
        seeds.append(f"Organization:{node['id']}")
        seen |= {n["data"]["id"] for n in elements["nodes"]}
        if len(seen) >= target:
            break
    return seeds, len(seen)


def largest_district(base: str) -> tuple[str, str, int]:
    districts = gql(base, "{ districts(first: 100) { nodes { id name } } }")["districts"]["nodes"]
    sized = []
    for d in districts:
        net = gql(base, "query($a: ID!) { coBuildingNetwork(areaId: $a, first: 1) { totalNodes } }", a=d["id"])
        sized.append((net["coBuildingNetwork"]["totalNodes"], d["id"], d["name"]))
    total, area, name = max(sized)
    return area, name, total


# Frames a second while the camera zooms in for 1.5 s (the layout stopped): how interactive the view is.
FPS = """async () => {
  window.__explorer.network.stopLayout();
  const camera = window.__explorer.network.renderer.getCamera();
  let frames = 0, stop = false;
  const tick = () => { frames++; if (!stop) requestAnimationFrame(tick); };
  const began = performance.now();
  requestAnimationFrame(tick);
  await camera.animate({ ratio: camera.ratio / 2 }, { duration: 1500 });
  stop = true;
  return frames / ((performance.now() - began) / 1000);
}"""
MAP_FPS = """async () => {
  const map = window.__explorer.map.map;
  let frames = 0, stop = false;
  const tick = () => { frames++; if (!stop) requestAnimationFrame(tick); };
  const began = performance.now();
  requestAnimationFrame(tick);
  map.zoomTo(map.getZoom() + 1.5, { duration: 1500 });
  await new Promise((resolve) => map.once("moveend", resolve));
  stop = true;
  return frames / ((performance.now() - began) / 1000);
}"""


def measure(page: Any, url: str, done: str, when: str, log: RequestLog, timeout: float = 120) -> float:
    page.goto("about:blank")
    page.goto(url)
    deadline = timeout * 1000
    waited = 0
    while not page.evaluate(done):
        page.wait_for_timeout(50)
        waited += 50
        if waited > deadline:
            raise RuntimeError(f"{url}: not drawn within {timeout} s")
    if log.foreign():
        raise RuntimeError(f"requests to other hosts: {log.foreign()}")
    return float(page.evaluate(when))


def run(base: str, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    seeds, ego_nodes = ego_seeds(base)
    big_seeds, big_nodes = ego_seeds(base, 10_000)
    area, area_name, area_total = largest_district(base)
    views = {
        "ego": (f"/#/network?seeds={quote(','.join(seeds))}&depth=2",
                "() => document.querySelector('[data-testid=network-canvas]')?.dataset.complete === '1'",
                "() => window.__explorer.network.completeAt",
                "() => window.__explorer.network.graph.order"),
        "ego_10k": (f"/#/network?seeds={quote(','.join(big_seeds))}&depth=2",
                    "() => document.querySelector('[data-testid=network-canvas]')?.dataset.complete === '1'",
                    "() => window.__explorer.network.completeAt",
                    "() => window.__explorer.network.graph.order"),
        "co_building": (f"/#/network?area={area}&areaName={quote(area_name)}",
                        "() => document.querySelector('[data-testid=network-canvas]')?.dataset.complete === '1'",
                        "() => window.__explorer.network.completeAt",
                        "() => window.__explorer.network.graph.order"),
        "city_map": ("/#/map",
                     "() => document.querySelector('[data-testid=map-canvas]')?.dataset.ready === '1'",
                     "() => window.__explorer.map.drawnAt",
                     "() => window.__explorer.map.compounds + window.__explorer.map.gapMarkers"
                     " + window.__explorer.map.facilities"),
    }
    results: dict[str, Any] = {"base": base, "runs": runs, "ego_seeds": seeds, "ego_nodes_api": ego_nodes,
                               "ego_10k_seeds": len(big_seeds), "ego_10k_nodes_api": big_nodes,
                               "district": {"id": area, "name": area_name, "organizations": area_total}}
    path = chromium_path()
    if path is None:
        raise RuntimeError("no chromium on PATH (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        log = RequestLog(base)
        log.attach(page)
        for name, (route, done, when, size) in views.items():
            times = [measure(page, base + route, done, when, log) for _ in range(runs)]
            results[name] = {"ms_median": statistics.median(times), "ms_min": min(times), "ms": times,
                             "drawn": page.evaluate(size),
                             "fps_zooming": page.evaluate(FPS) if name != "city_map" else page.evaluate(MAP_FPS)}
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="a running govgraph serve (default: serve the API here)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        base = args.base
        if base is None:
            from api.app import create_app
            base = stack.enter_context(serving(create_app()))
        results = run(base.rstrip("/"), args.runs)
    labels = {"ego": f"ego network, {results['ego_nodes_api']:,} nodes ({len(results['ego_seeds'])} seeds, 2 steps)",
              "ego_10k": f"ego network, {results['ego_10k_nodes_api']:,} nodes "
                         f"({results['ego_10k_seeds']} seeds, 2 steps)",
              "co_building": f"co-building network of {results['district']['name']} "
                             f"({results['district']['organizations']:,} organisations, strongest 1,000 drawn)",
              "city_map": "map of the whole city (compounds, gaps, facilities)"}
    print(f"{'view':<75} {'median ms':>10} {'fastest':>8} {'drawn':>7} {'fps zooming':>12}")
    for key, label in labels.items():
        r = results[key]
        print(f"{label:<75} {r['ms_median']:>10,.0f} {r['ms_min']:>8,.0f} {r['drawn']:>7,} {r['fps_zooming']:>12.1f}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
