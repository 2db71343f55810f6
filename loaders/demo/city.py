"""The Deyang demo city: a deterministic, plausible city built on Deyang's real divisions.

    from loaders.demo.city import generate, load_demo
    generate(Path("deyang/"))                 # the files a user would keep, one per kind (see docs/model.md)
    report = load_demo(driver)                # generate once (cached) and load through loaders.load_paths

It contains every structure of the Deyang report (`../shared/reference/domain.md`)
and reproduces every figure of it that the ontology can hold; the figures and
how they are measured in the graph are in `loaders.demo.figures`
(`cypher/demo_figures.cypher`). Same seed and scale, byte-identical files.

What it holds at scale 1 (the article's figure, or our choice where it gives none):

- Areas: the city; 6 county-level units, 127 streets/townships, 1,778
  communities/villages (real names, admin-code-like ids: `510603001001`);
  compounds: 3–9 in each urban community (社区; 30 % of them old: works'
  dormitories, courtyards), a resettlement compound in about a third of
  villages (≈ 2,540 in all), with coordinates inside their district's disc
  (`demo_geo.DISTRICTS`), clustered within 900 m of their community, 8 % on the
  fringe (1.2–2.2 km); grids: 3–7 per urban community, one per village with a
  compound (≈ 2,230), a big compound (900+ households) being a grid of its own.
- Government: 1 city leading body + 1 promotion centre; 6 district bodies with
  54 posts (50+); in every street an office, an urban-management dispatch
  centre and the force of 18 departments sunk to it (police, urban
  management, market regulation …); a residents' (villagers') committee in
  every community, its full-time staff on the "3 posts, 16 grades" ladder.
- Party: a grand working committee (大工委; 大党委 in towns) in every street
  and a grand party committee in every community; 3 two-new and 8 functional
  joint committees; 927 compound party organisations (12 % joint, covering two
  or three compounds); grid branches in 90 % of grids plus building groups,
  2,300 in all (2,280+); party organisations of firms and social organisations.
- 1,120 resident units (hospitals, schools, firms, agencies, social
  organisations): 1,064 hold part-time seats (1,000+; SEATS_ON, and the person
  they send SERVES_IN the committee part-time on their behalf), 56 hold none;
  1,036 co-build (1,000+; CO_BUILDS with two to five of the five mechanisms).
- ≈ 310 property companies (one per 5.5 managed compounds; 92 % of newer urban
  compounds managed, 35 % of old ones, 30 % of village compounds), rated 0–5
  for party building, the strong ones with a party organisation under the
  property committee and co-building with compound organisations (物业党建联建);
  256 owners' committees (35 % re-elected, with their former members' ended
  posts); 83 owners'-committee and 36 property-company associations under
  community grand committees; a city party-building alliance of 100+ members.
- Cross-appointments (交叉任职): in 65 % of compounds with both, the party
  organisation's secretary sits on the owners' committee, in 35 % an owners'
  committee member joins the party organisation (some compounds share no one);
  association presidents and advisers come from owners' committees, companies
  and community committees; community secretaries head the residents'
  committee (一肩挑); volunteer team leaders are party members with posts.
- People: 2,177 volunteer teams with 12,240 volunteers (12,000+); 60 cadres
  sent down to compounds (领航行动, with the four mechanisms) and serving there
  as advisers; 336 community planners (330+) in the four roles and five fields;
  ≈ 28,700 people in all, 40 % with a fictional phone number (personal data;
  no real Chinese mobile number starts with 100).
- Services: 2 area service complexes (51.4 M yuan, 53 services in 8
  categories each); 7 party-building lounges in business districts (53
  services); a party-mass service centre in every street and community, a
  legal-aid point in every street, and canteens, elderly centres, health
  stations, police posts, deputies' studios, 4:30 schools, job stations and
  residents' councils (≈ 3,940 facilities); 38 first-batch planner projects of
  the four kinds with awards in lieu of subsidies and planners on each.
- Cases: 6,783 mediated disputes plus 1,217 other reports in 2020, handled by
  a department of the street's dispatch centre or the residents' committee;
  95 % accepted within 2 h, 90 % handled within 24 h, 93 % closed within 7 days,
  2 % still open; about one street in eight lags (late 2.6 times as often) and
  urban management, housing, natural resources and human resources more than
  the police and the residents' committees; each with its source (12345
  hotline, grid inspection, walk-in, online, talk point) and, for 85 % of the
  closed ones, the return visit's satisfaction.
- The street reform: every street office's duty list (at most 30 main duties,
  of 100+ before) and its 35 delegated powers; the "3 posts, 16 grades" ladder
  on the community staff's posts (SERVES_IN ladder_post, ladder_grade).
- 1,236 residents' conventions and property-service standards (AGREES ties
  from the owners' committee, party organisation, property company or
  residents' committee to the compound or community they are for).

Coverage gaps planners can find: compounds with no party organisation (≈ 58 %),
no owners' committee, no property company, all three (三无院落, ≈ 27 %, mostly
village and old compounds), none of any facility within 1,000 m (a few dozen
fringe compounds); grids without a branch (10 %); resident units on no
committee. Every street and community has its grand committee.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from neo4j import Driver

from graph.store.settings import govgraph_home
from loaders.demo import files as demo_files
from loaders.demo.build import CityBuilder
from loaders.load import LoadReport, load_paths

# Bump when the generator's output changes, so cached files of an older generator are not reused.
GENERATOR_VERSION = 4
DEFAULT_SEED = 2020


def generate(out_dir: Path, scale: float = 1.0, seed: int = DEFAULT_SEED) -> Path:
    """Write the demo city's files (a CSV per node kind and per relationship kind) into out_dir."""
    nodes, rels = CityBuilder(seed, scale).build()
    demo_files.write_all(Path(out_dir), nodes, rels)
    return Path(out_dir)


def cache_dir(scale: float = 1.0, seed: int = DEFAULT_SEED) -> Path:
    return govgraph_home() / "demo" / f"v{GENERATOR_VERSION}-seed{seed}-scale{scale:g}"


def ensure_files(scale: float = 1.0, seed: int = DEFAULT_SEED) -> tuple[Path, float | None]:
    """The cached folder of the demo's files, generated if missing; and the seconds generating took (None: cached).

    Generated into a private folder and renamed into place, so a folder that exists is complete.
    """
    folder = cache_dir(scale, seed)
    if folder.is_dir():
        return folder, None
    began = time.perf_counter()
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    generate(partial, scale, seed)
    try:
        partial.rename(folder)
    except OSError:  # another process got there first with the same files
        shutil.rmtree(partial, ignore_errors=True)
    return folder, time.perf_counter() - began


def load_demo(driver: Driver, database: str | None = None, scale: float = 1.0, seed: int = DEFAULT_SEED,
              progress: bool = False) -> LoadReport:
    """Generate the demo city once (cached under GOVGRAPH_HOME/demo) and load it like a user's files.

    Loading is MERGE on stable ids: a second load finds every node and tie in place and changes nothing.
    """
    folder, _ = ensure_files(scale, seed)
    return load_paths([folder], driver, database, progress=progress)
