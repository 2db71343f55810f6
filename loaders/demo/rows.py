"""The demo city while it is built: the plan, what the builder knows about each place, and the row helpers.

`CityRows` holds the rows written so far, per node kind and per relationship
type (dicts keyed by the ontology's column names), the facts the stages share
(places, compounds, the organisations each stage founded) and the one seeded
`random.Random` every stage draws from. Each stage (`areas`, `government`,
`party`, `units`, `owners`, `volunteers`, `services`) is a function of a
`CityRows` that adds its rows through `node`, `rel`, `person` and `serve`;
`build.CityBuilder` runs them in order. Nothing iterates over a set, so a seed
always gives the same city.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from graph import ontology
from loaders.demo import geo, names

T = TypeVar("T")

AS_OF = dt.date(2020, 12, 31)  # the article's year: every tie starts on or before this date
# The generated counts at scale 1 (the article's figure, or a plausible choice where it gives none).
PLAN = {
    "district_body_posts": (9, 10, 8, 9, 8, 10),  # 54: "50+" (fixed at every scale)
    "resident_units": 1_120,
    "seated_resident_units": 1_064,  # 1,000+
    "co_building_units": 1_036,  # 1,000+
    "unit_party_share": 0.45,  # firms and social organisations with a party organisation of their own
    "compound_party_organizations": 927,
    "joint_party_org_share": 0.12,  # 联合组建: one organisation covering two or three compounds
    "owners_committees": 256,
    "owners_committee_associations": 83,
    "property_company_associations": 36,
    "compounds_per_property_company": 5.5,
    "grid_branch_share": 0.9,  # grids with a branch; the rest are gaps
    "grid_branches_and_building_groups": 2_300,  # 2,280+
    "volunteer_teams": 2_177,
    "participants": 12_240,  # 12,000+
    "sent_down_cadres": 60,
    "planners": 336,  # 330+
    "alliance_members": 112,  # 100+
}


def weighted_sample(rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int) -> list[T]:
    """k distinct items, likelier by weight (Efraimidis–Spirakis), in sampled order."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True)
    return [items[i] for _, i in keyed[:k]]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


@dataclass
class Compound:
    id: str
    name: str
    community: geo.Community
    street: geo.Street
    district: geo.District
    lat: float
    lon: float
    households: int
    old: bool  # an old compound (老旧小区): a works' dormitory, a courtyard
    party_org: str | None = None
    owners_committee: str | None = None
    property_company: str | None = None
    grid: str | None = None


@dataclass
class Place:
    """What the builder knows about one community beyond its row."""

    community: geo.Community
    street: geo.Street
    district: geo.District
    compounds: list[Compound] = field(default_factory=list)
    grids: list[str] = field(default_factory=list)
    grand_committee: str = ""
    residents_committee: str = ""
    secretary: str = ""  # of the grand party committee, also heads the residents' committee (一肩挑)
    members: list[str] = field(default_factory=list)  # full-time members of the grand committee
    teams: list[str] = field(default_factory=list)


# ×50 is the benchmarks' "province" (over a million nodes); beyond ×100 a 24 GB machine runs out of room.
MIN_SCALE, MAX_SCALE = 0.01, 100


class CityRows:
    """The rows of the city built so far, and the helpers every stage writes them with."""

    def __init__(self, seed: int = 2020, scale: float = 1.0) -> None:
        if not (MIN_SCALE <= scale <= MAX_SCALE):
            raise ValueError(f"scale must be between {MIN_SCALE:g} and {MAX_SCALE:g}, not {scale}")
        self.rng = random.Random(seed)
        self.scale = scale
        self.nodes: dict[str, list[dict]] = {k.name: [] for k in ontology.NODE_KINDS}
        self.rels: dict[str, list[dict]] = {r.type: [] for r in ontology.REL_KINDS if r.file}
        self._rel_seq = {r.type: 0 for r in ontology.REL_KINDS if r.file}
        self._person_seq = 0
        self.districts: list[geo.District] = []
        self.places: list[Place] = []
        self.compounds: list[Compound] = []
        self.street_orgs: dict[str, dict[str, str]] = {}  # street code -> {office, committee, dispatch, <dept>…}
        self.units: list[dict] = []  # resident unit rows
        self.unit_heads: dict[str, str] = {}  # resident unit id -> person id
        self.property_companies: list[dict] = []
        self.pc_managers: dict[str, str] = {}
        self.city_orgs: dict[str, str] = {}
        self.compound_members: dict[str, list[str]] = {}  # compound party org id -> member person ids
        self.people: dict[str, dict] = {}  # person id -> its row
        self.grid_names: dict[str, str] = {}
        self.committee_chairs: dict[str, str] = {}  # owners' committee id -> its current chair

    # -- small helpers ----------------------------------------------------
    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def node(self, node_kind: str, /, **row: object) -> str:
        self.nodes[node_kind].append(row)
        return str(row["id"])

    def rel(self, rel_type: str, source: str, target: str, **props: object) -> None:
        rel = ontology.REL_BY_TYPE[rel_type]
        self._rel_seq[rel_type] += 1
        self.rels[rel_type].append({"id": f"{rel.file}-{self._rel_seq[rel_type]:06d}", "source": source,
                                    "target": target, **props})

    def person(self, party_member: bool | None = None, **extra: object) -> str:
        rng = self.rng
        self._person_seq += 1
        gender = "female" if rng.random() < 0.52 else "male"
        row = {"id": f"p-{self._person_seq:06d}", "name": names.person_name(rng, gender), "gender": gender,
               "party_member": rng.random() < 0.3 if party_member is None else party_member, **extra}
        if rng.random() < 0.4:
            # Fictional on purpose: no Chinese mobile number starts with 100.
            row["phone"] = f"100{rng.randint(0, 99_999_999):08d}"
        self.people[row["id"]] = row
        return self.node("Person", **row)

    def serve(self, person: str, org: str, role: str, start: dt.date, end: dt.date | None = None,
              part_time: bool | None = None, on_behalf_of: str | None = None, **extra: object) -> None:
        self.rel("SERVES_IN", person, org, role=role, part_time=part_time, on_behalf_of=on_behalf_of,
                 start_date=start, end_date=end, **extra)

    def term_start(self) -> dt.date:
        return random_date(self.rng, dt.date(2016, 11, 1), dt.date(2020, 10, 31))

    def mechanisms(self) -> list[str]:
        """The co-building mechanisms an agreement names: two to all five, in the ontology's order."""
        chosen = set(self.rng.sample(ontology.CO_BUILDING_MECHANISMS, self.rng.randint(2, 5)))
        return [m for m in ontology.CO_BUILDING_MECHANISMS if m in chosen]
