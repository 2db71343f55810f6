"""Where to build next: facility sites by greedy maximum coverage.

`recommend_sites(kind, radius_m, count, area_id)` answers the planner's
question "where would `count` more facilities of this kind cover the most
compounds (and residents) that no facility of the kind covers today?":

1. A compound is *covered* when a facility of that kind stands within
   `radius_m` metres of it (great-circle distance; a facility's position is
   its own lat/lon, else its area's). The 15-minute life circle of GB
   50180-2018 is 800–1,000 m, the 10-minute 500 m, the 5-minute 300 m.
2. Candidate sites are the existing compounds of the area (the city by
   default): a new facility goes where people already live.
3. Greedy maximum coverage: pick the site that newly covers the most
   residents (compound population; ties: more compounds, then the smaller
   id), mark what it covers, repeat `count` times or until nothing is left to
   gain. Greedy is within 1 - 1/e of the best possible choice of sites and is
   what planners can check by hand; each pick reports its own gain. With
   ``objective="compounds"`` compounds come first and residents break ties.

Scaling: positions become points on the unit sphere, so a radius in metres is
a fixed chord length and a k-d tree (scipy.spatial.cKDTree) finds every
compound within reach of a site exactly, in O(log n) per query; the greedy
loop is lazy (a max-heap of stale gains, recomputed only when popped).
Compounds without coordinates cannot be placed and are counted apart.

Plans are answered as the network questions are (graph/analysis/analyst.py): written once as steps, run
over a sync driver (`recommend_sites`) or an async one (`arecommend_sites`), and kept in the analyst's
cache against the graph version, one computation per plan however many ask for it at once.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from neo4j import AsyncDriver, Driver
from scipy.spatial import cKDTree

from graph import ontology
from graph.analysis import steps
from graph.analysis.analyst import CACHE, key, reading_version
from graph.analysis.cache import AnalysisCache
from graph.analysis.projections import AnalysisError, area_exists
from graph.analysis.steps import Steps, Work, cached, read

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
MAX_RADIUS_M = 50_000.0
MAX_COUNT = 1000
OBJECTIVES = ("residents", "compounds")
FACILITY_KINDS: tuple[str, ...] = ontology.FACILITY_KINDS


@dataclass(frozen=True)
class Compound:
    id: str
    name: str
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True)
class Pick:
    rank: int
    site: Compound
    compounds_gained: tuple[str, ...]  # ids of the compounds this pick newly covers
    residents_gained: int
    compounds_covered: int  # covered after this pick (existing facilities included)
    residents_covered: int


@dataclass(frozen=True)
class SitePlan:
    kind: str
    radius_m: float
    area_id: str | None
    objective: str
    compounds: int  # compounds of the area with a position
    residents: int
    covered_before: int  # compounds covered by existing facilities
    residents_covered_before: int
    picks: tuple[Pick, ...]
    unplaced: tuple[str, ...]  # compounds without coordinates
    facilities: int  # existing facilities of the kind with a position
    graph_version: int | None = None  # the graph version planned on (set when read from Neo4j)

    @property
    def uncovered_after(self) -> int:
        return self.compounds - (self.picks[-1].compounds_covered if self.picks else self.covered_before)

    @property
    def residents_uncovered_after(self) -> int:
        return self.residents - (self.picks[-1].residents_covered if self.picks else self.residents_covered_before)


def check(kind: str, radius_m: float, count: int, objective: str = "residents") -> None:
    if kind not in FACILITY_KINDS:
        raise AnalysisError(f"unknown facility kind {kind!r}: expected one of {', '.join(FACILITY_KINDS)}",
                            argument="kind")
    if not (isinstance(radius_m, (int, float)) and math.isfinite(radius_m) and 0 < radius_m <= MAX_RADIUS_M):
        raise AnalysisError(f"radius must be between 0 and {MAX_RADIUS_M:.0f} metres, not {radius_m!r}",
                            argument="radius_m")
    if not (isinstance(count, int) and 1 <= count <= MAX_COUNT):
        raise AnalysisError(f"count must be a whole number from 1 to {MAX_COUNT}, not {count!r}",
                            argument="count")
    if objective not in OBJECTIVES:
        raise AnalysisError(f"unknown objective {objective!r}: expected one of {', '.join(OBJECTIVES)}",
                            argument="objective")


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Positions (degrees) as points on the unit sphere: chord length there is monotone in great-circle distance."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


def chord(radius_m: float) -> float:
    return 2.0 * math.sin(min(radius_m / EARTH_RADIUS_M, math.pi) / 2.0)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def greedy_sites(compounds: list[Compound], facilities: list[tuple[float, float]], radius_m: float, count: int,
                 kind: str = "", area_id: str | None = None, objective: str = "residents") -> SitePlan:
    """The greedy maximum-coverage plan (pure: no database), as the module docstring describes."""
    placed = sorted((c for c in compounds if c.lat is not None and c.lon is not None), key=lambda c: c.id)
    unplaced = tuple(sorted(c.id for c in compounds if c.lat is None or c.lon is None))
    reach = chord(radius_m)
    points = unit_vectors(np.array([c.lat for c in placed], float), np.array([c.lon for c in placed], float)) \
        if placed else np.empty((0, 3))
    covered = np.zeros(len(placed), dtype=bool)
    if placed and facilities:
        tree = cKDTree(points)
        sites = unit_vectors(np.array([f[0] for f in facilities], float), np.array([f[1] for f in facilities], float))
        for near in tree.query_ball_point(sites, reach):
            covered[near] = True
    population = np.array([c.population for c in placed], dtype=np.int64)
    before = (int(covered.sum()), int(population[covered].sum()))
    picks = _greedy(placed, points, covered, population, reach, count, objective, PlanState(*before))
    return SitePlan(kind, float(radius_m), area_id, objective, len(placed), int(population.sum()),
                    *before, picks, unplaced, len(facilities))


@dataclass
class PlanState:
    compounds: int
    residents: int


def _greedy(placed: list[Compound], points: np.ndarray, covered: np.ndarray, population: np.ndarray,
            reach: float, count: int, objective: str, state: PlanState) -> tuple[Pick, ...]:
    uncovered = np.flatnonzero(~covered)
    if not len(uncovered):
        return ()
    tree = cKDTree(points[uncovered])
    # What each candidate site would cover among the compounds uncovered today (indices into `placed`).
    reaches = [uncovered[np.asarray(near, dtype=int)] for near in tree.query_ball_point(points, reach)]
    taken = covered.copy()

    def gain(site: int) -> tuple[int, int]:
        new = reaches[site][~taken[reaches[site]]]
        residents, compounds = int(population[new].sum()), len(new)
        return (residents, compounds) if objective == "residents" else (compounds, residents)

    # Lazy greedy: gains only shrink as compounds get covered, so a popped stale gain is recomputed and
    # pushed back unless it still beats the best remaining bound. Heap entries: (-gain, site index).
    heap = [(-g[0], -g[1], site) for site in range(len(placed)) for g in [gain(site)] if g[0] or g[1]]
    heapq.heapify(heap)
    picks: list[Pick] = []
    while heap and len(picks) < count:
        first, second, site = heapq.heappop(heap)
        current = gain(site)
        if (-current[0], -current[1]) != (first, second):
            if current[0] or current[1]:
                heapq.heappush(heap, (-current[0], -current[1], site))
            continue
        new = reaches[site][~taken[reaches[site]]]
        taken[new] = True
        state.compounds += len(new)
        state.residents += int(population[new].sum())
        picks.append(Pick(len(picks) + 1, placed[site], tuple(sorted(placed[i].id for i in new)),
                          int(population[new].sum()), state.compounds, state.residents))
    return tuple(picks)


def _compounds(rows: list[dict[str, Any]]) -> list[Compound]:
    return [Compound(r["id"], r["name"], r["lat"], r["lon"], int(r["population"] or 0)) for r in rows]


def _facilities(rows: list[dict[str, Any]]) -> list[tuple[float, float]]:
    return [(r["lat"], r["lon"]) for r in rows if r["lat"] is not None and r["lon"] is not None]


def planning(kind: str, radius_m: float, count: int, area_id: str | None = None, objective: str = "residents",
             cache: AnalysisCache = CACHE) -> Steps[tuple[SitePlan, bool]]:
    """The plan and whether it came from memory, as steps (graph/analysis/steps.py), cached against the
    graph version as the network questions are."""
    check(kind, radius_m, count, objective)
    version = yield from reading_version()

    def compute() -> Steps[SitePlan]:
        if area_id is not None:
            yield from area_exists(area_id)
        compounds, facilities = yield read(("planning_compounds", {"area": area_id}),
                                           ("planning_facilities", {"kind": kind}))
        plan = yield Work(lambda: greedy_sites(_compounds(compounds), _facilities(facilities), radius_m, count,
                                               kind, area_id, objective))
        return replace(plan, graph_version=version.number)

    options = {"area": area_id, "count": count, "kind": kind, "objective": objective, "radius": float(radius_m)}
    return (yield from cached(cache, key(version, "planning", None, "sites", options), compute))


def recommend_sites(driver: Driver, database: str | None, kind: str, radius_m: float, count: int,
                    area_id: str | None = None, objective: str = "residents",
                    cache: AnalysisCache = CACHE) -> tuple[SitePlan, bool]:
    """The plan and whether it came from memory, over a sync driver."""
    return steps.run(planning(kind, radius_m, count, area_id, objective, cache), driver, database)


async def arecommend_sites(driver: AsyncDriver, database: str | None, kind: str, radius_m: float, count: int,
                           area_id: str | None = None, objective: str = "residents",
                           cache: AnalysisCache = CACHE) -> tuple[SitePlan, bool]:
    """`recommend_sites` over an async driver: queries awaited, the greedy in a worker thread."""
    return await steps.arun(planning(kind, radius_m, count, area_id, objective, cache), driver, database)
