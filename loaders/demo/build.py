"""Building the demo city's rows: areas, organisations, people and their ties.

`CityBuilder(seed, scale).build()` returns rows per node kind and per
relationship type (dicts keyed by the ontology's column names), ready for
`demo_files.write_all`. All randomness comes from one seeded `random.Random`
and nothing iterates over a set, so a seed always gives the same city.
Facilities, projects and cases are added by `demo_services`.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from graph import ontology
from loaders.demo import geo
from loaders.demo import names

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

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("police", "公安"), ("urban_management", "城管"), ("market_regulation", "市场监管"),
    ("natural_resources", "自然资源"), ("housing", "住房城乡建设"), ("ecology_environment", "生态环境"),
    ("emergency", "应急管理"), ("health", "卫生健康"), ("civil_affairs", "民政"),
    ("human_resources", "人力资源社会保障"), ("transport", "交通运输"), ("water", "水务"),
    ("fire_rescue", "消防救援"), ("culture_tourism", "文化广电旅游"), ("agriculture", "农业农村"),
    ("judicial", "司法"), ("taxation", "税务"), ("commerce", "商务"),
)
TWO_NEW_COMMITTEES = ("非公有制经济组织综合党委", "社会组织综合党委", "商务楼宇综合党委")
FUNCTIONAL_COMMITTEES = ("物业服务行业联合党委", "快递物流行业联合党委", "网约车出租车行业联合党委",
                         "律师行业联合党委", "个体私营经济联合党委", "教育培训机构联合党委",
                         "家政服务行业联合党委", "城市商圈联合党委")
PROPERTY_COMMITTEE = 0  # index in FUNCTIONAL_COMMITTEES of the property-service committee
VOLUNTEER_FOCUS = ("疫情防控", "环境卫生", "助老助残", "文明劝导", "治安巡逻", "关爱儿童", "文化文艺",
                   "邻里互助", "垃圾分类", "法律宣传")
RESIDENT_UNIT_KINDS = (("hospital", 0.08), ("school", 0.16), ("firm", 0.44), ("agency", 0.22),
                       ("social_organization", 0.10))


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


class CityBuilder:
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
              part_time: bool | None = None, on_behalf_of: str | None = None) -> None:
        self.rel("SERVES_IN", person, org, role=role, part_time=part_time, on_behalf_of=on_behalf_of,
                 start_date=start, end_date=end)

    def term_start(self) -> dt.date:
        return random_date(self.rng, dt.date(2016, 11, 1), dt.date(2020, 10, 31))

    # -- the city ---------------------------------------------------------
    def build(self) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
        from loaders.demo import services as demo_services

        self.areas()
        self.government()
        self.party()
        self.resident_units()
        self.property_and_owners()
        self.volunteers()
        self.cadres()
        demo_services.add_services(self)
        return self.nodes, self.rels

    def areas(self) -> None:
        rng = self.rng
        self.districts = geo.load_divisions(min(1.0, self.scale))
        geo.place_geography(rng, self.districts)
        self.node("City", id=geo.CITY_CODE, name=geo.CITY_NAME, name_en="Deyang",
                  admin_code=geo.CITY_CODE, lat=geo.CITY_LAT, lon=geo.CITY_LON)
        per_community = max(1.0, self.scale)
        city_pop = city_hh = 0
        for district in self.districts:
            d_pop = d_hh = 0
            for street in district.streets:
                s_pop = s_hh = 0
                for community in street.communities:
                    place = Place(community, street, district)
                    self.places.append(place)
                    self._compounds_of(place, per_community)
                    base = rng.randint(250, 900) if community.urban else rng.randint(260, 560)
                    households = base + sum(c.households for c in place.compounds)
                    population = round(households * rng.uniform(2.4, 2.9))
                    self.node("Community", id=community.code, name=community.name, admin_code=community.code,
                              population=population, households=households, lat=community.lat,
                              lon=community.lon, parent=street.code)
                    self._grids_of(place, per_community)
                    s_pop, s_hh = s_pop + population, s_hh + households
                self.node("Street", id=street.code, name=street.name, admin_code=street.code, population=s_pop,
                          households=s_hh, lat=street.lat, lon=street.lon, parent=district.code)
                d_pop, d_hh = d_pop + s_pop, d_hh + s_hh
            self.node("District", id=district.code, name=district.name, name_en=district.place.name_en,
                      admin_code=district.code, population=d_pop, households=d_hh, lat=district.place.lat,
                      lon=district.place.lon, parent=geo.CITY_CODE)
            city_pop, city_hh = city_pop + d_pop, city_hh + d_hh
        self.nodes["City"][0].update(population=city_pop, households=city_hh)

    def _compounds_of(self, place: Place, per_community: float) -> None:
        rng, community = self.rng, place.community
        if community.urban:
            count = round(rng.randint(3, 9) * per_community)
        else:  # a village's resettlement compound (集中安置小区), in about a third of villages
            count = round((1 if rng.random() < 0.35 else 0) * per_community)
        taken: set[str] = set()
        for number in range(1, count + 1):
            old = community.urban and rng.random() < 0.3
            if community.urban:
                # Most compounds within 900 m of the community centre; a few on the fringe.
                far = rng.random() < 0.08
                lat, lon = geo.place_near(rng, community.lat, community.lon, 1_200 if far else 100,
                                          2_200 if far else 900, place.district.place)
                households = rng.randint(30, 220) if old else rng.randint(150, 1_400)
            else:
                lat, lon = geo.place_near(rng, community.lat, community.lon, 200, 1_800, place.district.place)
                households = rng.randint(60, 420)
            name = names.pick_unique(rng, lambda: names.compound_name(rng, old), taken)
            compound = Compound(f"{community.code}-{number:03d}", name, community, place.street, place.district,
                                lat, lon, households, old)
            place.compounds.append(compound)
            self.compounds.append(compound)
            self.node("Compound", id=compound.id, name=name, population=round(households * rng.uniform(2.3, 2.9)),
                      households=households, lat=lat, lon=lon, parent=community.code)

    def _grids_of(self, place: Place, per_community: float) -> None:
        rng, community = self.rng, place.community
        if community.urban:
            count = round(rng.randint(3, 7) * per_community)
        else:
            count = 1 if place.compounds else 0
        big = [c for c in place.compounds if c.households >= 900]
        for number in range(1, count + 1):
            grid_id = f"{community.code}-G{number:02d}"
            if number <= len(big) and number < count:  # a big compound is a grid of its own
                compound = big[number - 1]
                compound.grid = grid_id
                self.node("Grid", id=grid_id, name=f"{compound.name}网格", households=compound.households,
                          lat=compound.lat, lon=compound.lon, parent=compound.id)
            else:
                lat, lon = geo.place_near(rng, community.lat, community.lon, 50, 600, place.district.place)
                self.node("Grid", id=grid_id, name=f"{community.name}第{number}网格", lat=lat, lon=lon,
                          parent=community.code)
            self.grid_names[grid_id] = self.nodes["Grid"][-1]["name"]
            place.grids.append(grid_id)

    # -- government ---------------------------------------------------------
    def government(self) -> None:
        rng = self.rng
        city = geo.CITY_CODE
        leading = self.node("GovernmentBody", id="gov-510600-leading", name="德阳市城乡基层治理委员会",
                            name_en="Deyang Urban and Rural Grassroots Governance Commission", kind="leading_body",
                            based_in=city)
        centre = self.node("GovernmentBody", id="gov-510600-promotion", name="德阳市城乡基层治理促进中心",
                           name_en="Deyang Grassroots Governance Promotion Centre", kind="promotion_centre",
                           parent_org=leading, based_in=city)
        self.city_orgs.update(leading=leading, promotion=centre)
        start = dt.date(2019, 12, 20)
        head = self.person(True)
        self.serve(head, leading, "主任", start)
        director = self.person(True)
        self.serve(director, leading, "办公室主任", start)
        self.serve(director, centre, "主任", start)  # cross-appointment: the commission's office is the centre
        for _ in range(5):
            self.serve(self.person(True), leading, "委员", start, part_time=True)
        for role in ("副主任", "副主任", "科员", "科员", "科员", "科员"):
            self.serve(self.person(True if role == "副主任" else None), centre, role, start)

        for district, posts in zip(self.districts, PLAN["district_body_posts"]):
            body = self.node("GovernmentBody", id=f"gov-{district.place.code}-governance",
                             name=f"{district.name}城乡基层治理促进中心", kind="district_body",
                             parent_org=centre, based_in=district.code)
            for number in range(posts):
                role = "主任" if number == 0 else "副主任" if number < 3 else "工作人员"
                person = self.person(True if number < 3 else None)
                self.serve(person, body, role, random_date(rng, dt.date(2020, 1, 1), dt.date(2020, 6, 30)))
                if number == 0:  # district heads sit on the city commission
                    self.serve(person, leading, "委员", start, part_time=True)
            self.city_orgs[district.code] = body

        for district in self.districts:
            for street in district.streets:
                self._street_government(district, street)
        for place in self.places:
            community = place.community
            place.residents_committee = self.node(
                "GovernmentBody", id=f"gov-{community.code}-rc",
                name=community.name + ("居民委员会" if community.urban else "村民委员会"), kind="residents_committee",
                parent_org=self.street_orgs[place.street.code]["office"], based_in=community.code)

    def _street_government(self, district: geo.District, street: geo.Street) -> None:
        code = street.code[:9]
        suffix = "办事处" if street.urban and not street.name.endswith("办事处") else "人民政府" if not street.urban else ""
        office = self.node("GovernmentBody", id=f"gov-{code}-office", name=street.name + suffix, kind="street_office",
                           parent_org=self.city_orgs[district.code], based_in=street.code)
        dispatch = self.node("GovernmentBody", id=f"gov-{code}-dispatch", name=f"{street.name}城市综合管理调度中心",
                             kind="dispatch_centre", parent_org=office, based_in=street.code)
        orgs = {"office": office, "dispatch": dispatch}
        for department, label in DEPARTMENTS:
            orgs[department] = self.node("GovernmentBody", id=f"gov-{code}-dispatch-{department}",
                                         name=f"{street.name}{label}下沉力量", kind="functional_department",
                                         department=department, parent_org=dispatch, based_in=street.code)
        self.street_orgs[street.code] = orgs

    # -- party organisations ---------------------------------------------
    def party(self) -> None:
        for district in self.districts:
            for street in district.streets:
                self._street_committee(district, street)
        for place in self.places:
            self._community_committee(place)
        for number, name in enumerate(TWO_NEW_COMMITTEES, 1):
            self.city_orgs[f"two_new_{number}"] = self.node(
                "PartyOrganization", id=f"po-510600-twonew-{number}", name=f"德阳市{name}", kind="two_new_committee",
                based_in=geo.CITY_CODE)
        for number, name in enumerate(FUNCTIONAL_COMMITTEES, 1):
            self.city_orgs[f"functional_{number}"] = self.node(
                "PartyOrganization", id=f"po-510600-functional-{number}", name=f"德阳市{name}",
                kind="functional_joint_committee", based_in=geo.CITY_CODE)
        for key in [k for k in self.city_orgs if k.startswith(("two_new", "functional"))]:
            secretary = self.person(True)
            self.serve(secretary, self.city_orgs[key], "书记", self.term_start())
        self._compound_party_organizations()
        self._grid_branches()

    def _street_committee(self, district: geo.District, street: geo.Street) -> None:
        orgs = self.street_orgs[street.code]
        committee = self.node("PartyOrganization", id=f"po-{street.code[:9]}-gwc",
                              name=street.name + ("大工委" if street.urban else "大党委"),
                              kind="grand_working_committee" if street.urban else "grand_party_committee",
                              parent_org=self.city_orgs[district.code], based_in=street.code)
        self.rel("COVERS", committee, street.code, start_date=dt.date(2019, 9, 1))
        orgs["committee"] = committee
        start = self.term_start()
        self.serve(self.person(True), committee, "书记", start)
        director = self.person(True)  # the office's director is the committee's deputy secretary
        self.serve(director, committee, "副书记", start)
        self.serve(director, orgs["office"], "主任", start)
        deputy = self.person(True)  # a deputy director runs the dispatch centre
        self.serve(deputy, orgs["office"], "副主任", start)
        self.serve(deputy, orgs["dispatch"], "主任", start)
        self.serve(deputy, committee, "委员", start)

    def _community_committee(self, place: Place) -> None:
        rng, community = self.rng, place.community
        street_committee = self.street_orgs[place.street.code]["committee"]
        place.grand_committee = self.node("PartyOrganization", id=f"po-{community.code}-gpc",
                                          name=community.name + "大党委", kind="grand_party_committee",
                                          parent_org=street_committee, based_in=community.code)
        self.rel("COVERS", place.grand_committee, community.code, start_date=dt.date(2019, 9, 1))
        start = self.term_start()
        # "3 posts, 16 grades": post 1 (正职), 2 (副职), 3 (委员), grades 01-16.
        place.secretary = self.person(True, staff_grade=f"1-{rng.randint(8, 16):02d}")
        self.serve(place.secretary, place.grand_committee, "书记", start)
        self.serve(place.secretary, place.residents_committee, "主任", start)  # 一肩挑
        for number in range(rng.randint(2, 4)):
            post = 2 if number == 0 else 3
            member = self.person(True if post == 2 or rng.random() < 0.6 else False,
                                 staff_grade=f"{post}-{rng.randint(1, 12):02d}")
            self.serve(member, place.residents_committee, "副主任" if post == 2 else "委员", start)
            if self.people[member]["party_member"]:  # party members also sit on the grand committee
                self.serve(member, place.grand_committee, "副书记" if post == 2 else "委员", start)
            place.members.append(member)
        if rng.random() < 0.15:  # turnover: a member who left before the end of the term
            former = self.person(True, staff_grade=f"3-{rng.randint(1, 8):02d}")
            self.serve(former, place.grand_committee, "委员", start - dt.timedelta(days=900),
                       end=start - dt.timedelta(days=rng.randint(1, 300)))

    def _compound_party_organizations(self) -> None:
        rng = self.rng
        target = min(self.n(PLAN["compound_party_organizations"]), len(self.compounds))
        weights = [c.households * (1.0 if c.community.urban and not c.old else 0.45 if c.community.urban else 0.25)
                   for c in self.compounds]
        leads = weighted_sample(rng, self.compounds, weights, target)
        lead_ids = {c.id for c in leads}
        by_place = {p.community.code: p for p in self.places}
        for number, compound in enumerate(leads, 1):
            place = by_place[compound.community.code]
            org = self.node("PartyOrganization", id=f"po-{compound.id}", name=f"{compound.name}党支部",
                            kind="compound_party_organization", parent_org=place.grand_committee,
                            based_in=compound.id)
            start = random_date(rng, dt.date(2018, 6, 1), dt.date(2020, 11, 30))
            compound.party_org = org
            self.rel("COVERS", org, compound.id, start_date=start)
            if rng.random() < PLAN["joint_party_org_share"]:  # 联合组建: neighbouring compounds without one
                free = [c for c in place.compounds if c.id not in lead_ids and c.party_org is None]
                for neighbour in free[: rng.randint(1, 2)]:
                    neighbour.party_org = org
                    self.rel("COVERS", org, neighbour.id, start_date=start)
            members = [self.person(True) for _ in range(rng.randint(2, 5))]
            for rank, member in enumerate(members):
                self.serve(member, org, "书记" if rank == 0 else "副书记" if rank == 1 else "委员", start)
            self.compound_members[org] = members

    def _grid_branches(self) -> None:
        rng = self.rng
        grids = [(place, grid) for place in self.places for grid in place.grids]
        with_branch = weighted_sample(rng, grids, [1.0] * len(grids), round(len(grids) * PLAN["grid_branch_share"]))
        groups = max(self.n(PLAN["grid_branches_and_building_groups"]) - len(with_branch),
                     round(0.1 * len(with_branch)))
        branches = []
        for place, grid in sorted(with_branch, key=lambda pg: pg[1]):
            branch = self.node("PartyOrganization", id=f"po-{grid}", name=f"{self.grid_names[grid]}党支部",
                               kind="grid_party_branch", parent_org=place.grand_committee, based_in=grid)
            self.rel("COVERS", branch, grid, start_date=random_date(rng, dt.date(2019, 3, 1), dt.date(2020, 9, 30)))
            leader = self.person(True)
            self.serve(leader, branch, "书记", self.term_start())
            branches.append((place, grid, branch))
        for number in range(groups):
            place, grid, branch = branches[number % len(branches)]
            building = rng.randint(1, 24)
            commercial = place.community.urban and rng.random() < 0.2
            label = f"{place.community.name}商务楼宇" if commercial else f"{self.grid_names[grid]}{building}栋"
            group = self.node("PartyOrganization", id=f"po-{grid}-b{number // len(branches) + 1:02d}",
                              name=f"{label}党小组", kind="building_party_group", parent_org=branch, based_in=grid)
            self.serve(self.person(True), group, "组长", self.term_start())

    # -- resident units, seats, co-building -------------------------------
    def resident_units(self) -> None:
        rng = self.rng
        count = self.n(PLAN["resident_units"])
        kinds = [k for k, _ in RESIDENT_UNIT_KINDS]
        shares = [s for _, s in RESIDENT_UNIT_KINDS]
        weights = [4.0 if p.community.urban else 1.0 for p in self.places]
        homes = rng.choices(self.places, weights=weights, k=count)
        taken: set[str] = set()
        for number, place in enumerate(homes, 1):
            kind = rng.choices(kinds, weights=shares)[0]
            name, sector = names.resident_unit_name(rng, kind, place.district.name, place.street.name,
                                                    place.community.name, taken)
            unit = {"id": f"ru-{place.district.place.code}-{number:04d}", "name": name, "kind": kind,
                    "sector": sector, "based_in": place.community.code, "_place": place}
            self.units.append(unit)
        seated = set(u["id"] for u in weighted_sample(rng, self.units, [1.0] * count,
                                                      self.n(PLAN["seated_resident_units"])))
        co_building = set(u["id"] for u in weighted_sample(rng, self.units, [1.0] * count,
                                                           self.n(PLAN["co_building_units"])))
        for unit in self.units:
            place: Place = unit.pop("_place")
            unit_id = self.node("ResidentUnit", **unit)
            head = self.person(rng.random() < 0.7)
            self.unit_heads[unit_id] = head
            self.serve(head, unit_id, "负责人", random_date(rng, dt.date(2015, 1, 1), dt.date(2020, 6, 30)))
            if unit_id in seated:
                start = random_date(rng, dt.date(2019, 6, 1), dt.date(2020, 10, 31))
                self.rel("SEATS_ON", unit_id, place.grand_committee, start_date=start)
                self.serve(head, place.grand_committee, "兼职委员", start, part_time=True, on_behalf_of=unit_id)
                if unit["kind"] in ("hospital", "agency") and rng.random() < 0.5:
                    street_committee = self.street_orgs[place.street.code]["committee"]
                    self.rel("SEATS_ON", unit_id, street_committee, start_date=start)
                    self.serve(head, street_committee, "兼职委员", start, part_time=True, on_behalf_of=unit_id)
            if unit_id in co_building:
                self._co_build(unit_id, place)
            if unit["kind"] in ("firm", "social_organization") and rng.random() < PLAN["unit_party_share"]:
                if unit["kind"] == "social_organization":
                    parent = self.city_orgs["two_new_2"]
                elif rng.random() < 0.25:
                    parent = self.city_orgs[f"functional_{rng.randint(2, len(FUNCTIONAL_COMMITTEES))}"]
                else:
                    parent = self.city_orgs[rng.choice(["two_new_1", "two_new_3"])]
                org = self.node("PartyOrganization", id=f"po-{unit_id}", name=f"{unit['name']}党支部",
                                kind="unit_party_organization", parent_org=parent, based_in=place.community.code)
                self.serve(head, org, "书记", self.term_start())
                unit["party_org"] = org

    def _co_build(self, unit_id: str, place: Place) -> None:
        rng = self.rng
        start = random_date(rng, dt.date(2019, 3, 1), dt.date(2020, 11, 30))
        mechanisms = self.mechanisms()
        self.rel("CO_BUILDS", unit_id, place.grand_committee, mechanisms=mechanisms,
                 agreement=f"{place.community.name}共驻共建协议", start_date=start)
        with_org = [c for c in place.compounds if c.party_org]
        if with_org and rng.random() < 0.12:
            compound = rng.choice(with_org)
            self.rel("CO_BUILDS", unit_id, compound.party_org, mechanisms=self.mechanisms(),
                     agreement=f"{compound.name}共建协议", start_date=start)

    def mechanisms(self) -> list[str]:
        """The co-building mechanisms an agreement names: two to all five, in the ontology's order."""
        chosen = set(self.rng.sample(ontology.CO_BUILDING_MECHANISMS, self.rng.randint(2, 5)))
        return [m for m in ontology.CO_BUILDING_MECHANISMS if m in chosen]

    # -- property companies, owners' committees, associations ---------------
    def property_and_owners(self) -> None:
        rng = self.rng
        by_district: dict[str, list[Compound]] = {d.code: [] for d in self.districts}
        for compound in self.compounds:
            share = (0.92 if not compound.old else 0.35) if compound.community.urban else 0.3
            if rng.random() < share:
                by_district[compound.district.code].append(compound)
        for district in self.districts:
            managed = by_district[district.code]
            count = max(1, math.ceil(len(managed) / PLAN["compounds_per_property_company"]))
            taken: set[str] = set()
            companies = []
            for number in range(1, count + 1):
                rating = rng.choices(range(6), weights=(1, 2, 4, 5, 3, 2))[0]
                row = {"id": f"pc-{district.place.code}-{number:03d}",
                       "name": names.pick_unique(rng, lambda: names.property_company_name(rng, district.name[:2]),
                                                 taken),
                       "party_building_rating": rating, "based_in": district.code}
                if rng.random() < 0.7:
                    row["phone"] = f"100{rng.randint(0, 99_999_999):08d}"
                company = self.node("PropertyCompany", **row)
                companies.append(company)
                manager = self.person()
                self.serve(manager, company, "总经理", random_date(rng, dt.date(2012, 1, 1), dt.date(2020, 1, 1)))
                self.pc_managers[company] = manager
                if rating >= 4:  # strong party building: a party organisation under the property committee
                    org = self.node("PartyOrganization", id=f"po-{company}", name=f"{row['name']}党支部",
                                    kind="unit_party_organization",
                                    parent_org=self.city_orgs[f"functional_{PROPERTY_COMMITTEE + 1}"],
                                    based_in=district.code)
                    self.serve(manager, org, "书记", self.term_start())
                self.property_companies.append(row)
            weights = [1.0 + 3 * rng.random() for _ in companies]
            for compound in managed:
                company = rng.choices(companies, weights=weights)[0]
                compound.property_company = company
                start = random_date(rng, dt.date(2010, 1, 1), dt.date(2020, 9, 30))
                self.rel("MANAGES", company, compound.id, start_date=start)
                if compound.party_org and rng.random() < 0.3:  # 物业党建联建
                    self.serve(self.pc_managers[company], compound.party_org, "兼职委员", start, part_time=True)
                    self.rel("CO_BUILDS", company, compound.party_org, mechanisms=self.mechanisms(),
                             agreement=f"{compound.name}物业党建联建协议",
                             start_date=max(start, dt.date(2019, 1, 1)))
        self._owners_committees()
        self._associations()

    def _owners_committees(self) -> None:
        rng = self.rng
        target = self.n(PLAN["owners_committees"])
        eligible = [c for c in self.compounds if c.community.urban and c.property_company and c.households >= 150]
        communities: dict[str, list[Compound]] = {}
        for compound in eligible:
            communities.setdefault(compound.community.code, []).append(compound)
        codes = list(communities)
        chosen = weighted_sample(rng, codes, [len(communities[c]) for c in codes],
                                 min(len(codes), round(self.n(PLAN["owners_committee_associations"]) * 1.45)))
        picked = [communities[code][0] for code in chosen]  # one in each chosen community first
        rest = [c for code in chosen for c in communities[code][1:]]
        picked += weighted_sample(rng, rest, [c.households for c in rest], target - len(picked))
        if len(picked) < target:  # a small city: take any other eligible compound
            others = [c for c in eligible if c not in picked]
            picked += others[: target - len(picked)]
        for compound in picked[:target]:
            reelected = rng.random() < 0.35
            founded = random_date(rng, dt.date(2013, 1, 1), dt.date(2015, 12, 31)) if reelected \
                else random_date(rng, dt.date(2019, 1, 1), dt.date(2020, 11, 30))
            term_start = random_date(rng, dt.date(2019, 1, 1), dt.date(2020, 11, 30)) if reelected else founded
            committee = self.node("OwnersCommittee", id=f"oc-{compound.id}", name=f"{compound.name}业主委员会",
                                  founded=founded, term_end=add_years(term_start, 5),
                                  based_in=compound.id)
            compound.owners_committee = committee
            self.rel("REPRESENTS", committee, compound.id, start_date=founded)
            members = [self.person() for _ in range(rng.randint(3, 6))]
            org_members = self.compound_members.get(compound.party_org or "", [])
            if org_members and rng.random() < 0.65:
                # 交叉任职: the party organisation's secretary is elected to the owners' committee
                members[0] = org_members[0]
            for rank, member in enumerate(members):
                self.serve(member, committee, "主任" if rank == 0 else "副主任" if rank == 1 else "委员", term_start)
            self.committee_chairs[committee] = members[0]
            if compound.party_org and rng.random() < 0.35:
                # … and vice versa: an owners' committee member joins the party organisation
                member = members[-1]
                self.people[member]["party_member"] = True
                self.serve(member, compound.party_org, "委员", term_start)
            if reelected:
                for rank in range(rng.randint(1, 2)):
                    self.serve(self.person(), committee, "主任" if rank == 0 else "委员",
                               add_years(term_start, -5), end=term_start)

    def _associations(self) -> None:
        rng = self.rng
        by_code = {p.community.code: p for p in self.places}
        with_committees = [p for p in self.places if any(c.owners_committee for c in p.compounds)]
        with_committees.sort(key=lambda p: -sum(1 for c in p.compounds if c.owners_committee))
        for place in with_committees[: self.n(PLAN["owners_committee_associations"])]:
            association = self.node("Association", id=f"as-{place.community.code}-oca",
                                    name=f"{place.community.name}业委会协会", kind="owners_committee_association",
                                    parent_org=place.grand_committee, based_in=place.community.code)
            start = random_date(rng, dt.date(2020, 3, 1), dt.date(2020, 11, 30))
            committees = [c.owners_committee for c in place.compounds if c.owners_committee]
            for committee in committees:
                self.rel("MEMBER_OF", committee, association, start_date=start)
            self.serve(self.committee_chairs[committees[0]], association, "会长", start)
            self.serve(place.secretary, association, "党建指导员", start, part_time=True)
        companies_at: dict[str, list[str]] = {}
        for compound in self.compounds:
            if compound.property_company:
                listed = companies_at.setdefault(compound.community.code, [])
                if compound.property_company not in listed:
                    listed.append(compound.property_company)
        ranked = sorted(companies_at, key=lambda code: (-len(companies_at[code]), code))
        for code in ranked[: self.n(PLAN["property_company_associations"])]:
            place = by_code[code]
            association = self.node("Association", id=f"as-{code}-pca", name=f"{place.community.name}物业服务协会",
                                    kind="property_company_association", parent_org=place.grand_committee,
                                    based_in=code)
            start = random_date(rng, dt.date(2020, 3, 1), dt.date(2020, 11, 30))
            for company in companies_at[code]:
                self.rel("MEMBER_OF", company, association, start_date=start)
            self.serve(self.pc_managers[companies_at[code][0]], association, "会长", start)
            deputy = next((m for m in place.members if self._is_party(m)), place.secretary)
            self.serve(deputy, association, "秘书长", start, part_time=True)

    def _is_party(self, person: str) -> bool:
        return bool(self.people[person]["party_member"])

    # -- volunteers and the party-building alliance --------------------------
    def volunteers(self) -> None:
        rng = self.rng
        target = self.n(PLAN["volunteer_teams"])
        homes: list[tuple[Place, Compound | None]] = [(p, None) for p in self.places][:target]
        with_org = [(p, c) for p in self.places for c in p.compounds if c.party_org]
        homes += weighted_sample(rng, with_org, [c.households for _, c in with_org], target - len(homes))
        if len(homes) < target:  # a big city: some compounds have two or more teams
            homes += rng.choices(with_org or homes, k=target - len(homes))
        teams = []
        for number, (place, compound) in enumerate(homes, 1):
            focus = rng.choice(VOLUNTEER_FOCUS)
            where = compound.name if compound else place.community.name
            team = self.node("VolunteerTeam", id=f"vt-{place.community.code}-{number:05d}",
                             name=f"{where}{focus}志愿服务队", members=rng.randint(12, 60), focus=focus,
                             parent_org=compound.party_org if compound else place.grand_committee,
                             based_in=compound.id if compound else place.community.code)
            start = random_date(rng, dt.date(2018, 1, 1), dt.date(2020, 10, 31))
            # The team's leader already holds a post: a compound or community party member (cross-appointment).
            leader = self.compound_members[compound.party_org][-1] if compound else \
                (place.members[-1] if place.members else place.secretary)
            self.serve(leader, team, "队长", start)
            teams.append((team, start))
            place.teams.append(team)
        volunteers = [self.person() for _ in range(self.n(PLAN["participants"]))]
        for index, person in enumerate(volunteers):
            team, start = teams[index % len(teams)] if index < 3 * len(teams) else rng.choice(teams)
            self.serve(person, team, "队员", start + dt.timedelta(days=rng.randint(0, 60)))
        for person in weighted_sample(rng, volunteers, [1.0] * len(volunteers), len(volunteers) // 16):
            team, start = rng.choice(teams)
            self.serve(person, team, "队员", start + dt.timedelta(days=rng.randint(0, 60)))
        self._alliance()

    def _alliance(self) -> None:
        rng = self.rng
        alliance = self.node("Association", id="as-510600-alliance", name="德阳市城市商圈党建联盟",
                             kind="party_building_alliance", parent_org=self.city_orgs["functional_8"],
                             based_in=geo.CITY_CODE)
        self.city_orgs["alliance"] = alliance
        candidates = [self.city_orgs[k] for k in self.city_orgs if k.startswith(("two_new", "functional"))]
        urban_units = [u["id"] for u in self.units if u["kind"] in ("firm", "social_organization", "hospital")]
        candidates += weighted_sample(rng, urban_units, [1.0] * len(urban_units), self.n(PLAN["alliance_members"]))
        strong = [c["id"] for c in self.property_companies if c["party_building_rating"] >= 4]
        candidates += strong[: max(1, len(strong) // 4)]
        for member in candidates:
            self.rel("MEMBER_OF", member, alliance, start_date=random_date(rng, dt.date(2019, 7, 1),
                                                                          dt.date(2020, 10, 31)))

    # -- 领航行动: cadres sent down to compounds ---------------------------------
    def cadres(self) -> None:
        rng = self.rng
        with_org = [c for c in self.compounds if c.party_org]
        for compound in weighted_sample(rng, with_org, [c.households for c in with_org],
                                        self.n(PLAN["sent_down_cadres"])):
            cadre = self.person(True)
            start = random_date(rng, dt.date(2020, 5, 1), dt.date(2020, 8, 31))
            chosen = set(rng.sample(ontology.SENT_DOWN_MECHANISMS, rng.randint(2, 4)))
            self.rel("SENT_DOWN_TO", cadre, compound.id, programme="领航行动",
                     mechanisms=[m for m in ontology.SENT_DOWN_MECHANISMS if m in chosen], start_date=start)
            self.serve(cadre, compound.party_org, "领航顾问", start, part_time=True)
