"""The demo city's services: facilities, planners and their projects, and residents' cases.

Added to a `CityRows` after its areas and organisations exist, from the
same seeded random stream.
"""
from __future__ import annotations

import datetime as dt

from graph import ontology
from loaders.demo import geo
from loaders.demo.rows import PLAN, CityRows, Compound, Place, random_date, weighted_sample

# Counts at scale 1 of the facilities the article names without a figure.
SUPPORT_FACILITIES: dict[str, tuple[int, str, str]] = {
    # kind: (count, name stem, operator: which organisation runs it)
    "canteen": (160, "社区食堂", "residents_committee"),
    "elderly_centre": (230, "夕阳红养老中心", "residents_committee"),
    "health_station": (280, "卫生服务站", "hospital"),
    "police_post": (150, "流动警务室", "police"),
    "deputies_studio": (130, "代表委员工作室", "office"),
    "after_school_centre": (190, "四点半学校", "residents_committee"),
    "job_station": (120, "双创就业辅导站", "residents_committee"),
    "residents_council": (640, "", "party_org"),  # 居民议事会 / 百姓说事点 / 院坝龙门阵
}
COUNCIL_NAMES = ("居民议事会", "百姓说事点", "院坝龙门阵")
# The two area service complexes: 8 categories, 53 services each, 50M+ yuan together.
SERVICE_COMPLEXES = (("旌阳区", "城北片区综合服务体", 26_800_000.0), ("旌阳区", "旌东片区综合服务体", 24_600_000.0))
COMPLEX_SERVICES = 53
# Party-building lounges in 7 city business districts (商圈); 53 services for mobile people in all.
LOUNGES = (("万达广场", 8), ("凯德广场", 7), ("文庙广场", 8), ("洋洋百货", 7), ("长江路商圈", 8),
           ("广汉金雁商圈", 7), ("什邡方亭商圈", 8))
PROJECT_KINDS = {  # kind: (share of the 38, budget range in yuan, name stems)
    "featured_block": (9, (1_000_000, 5_000_000), ("特色街区打造", "文化街区微更新", "夜间经济街区")),
    "position_upgrade": (10, (300_000, 1_500_000), ("党群服务中心亲民化改造", "党群阵地升级", "邻里中心建设")),
    "old_compound_renewal": (12, (500_000, 3_000_000), ("老旧小区改造", "三无院落整治", "小二楼提档升级")),
    "elderly_care_complex": (7, (1_000_000, 4_000_000), ("养老服务综合体建设", "日间照料中心建设")),
}
MEDIATED_CASES = 6_783
OTHER_CASES = 1_217  # routine reports that were not disputes
MEDIATED_CATEGORIES = {  # category: who handles it ("community" = the residents' committee)
    "物业服务纠纷": "housing", "邻里纠纷": "community", "婚姻家庭纠纷": "community", "房屋漏水纠纷": "community",
    "停车纠纷": "urban_management", "噪音扰民": "police", "养犬纠纷": "police", "劳资纠纷": "human_resources",
    "消费纠纷": "market_regulation", "土地承包纠纷": "agriculture", "宅基地纠纷": "natural_resources",
}
RURAL_CATEGORIES = ("土地承包纠纷", "宅基地纠纷")
OTHER_CATEGORIES = {
    "环境卫生": "urban_management", "违章搭建": "urban_management", "占道经营": "urban_management",
    "食品安全": "market_regulation", "消防隐患": "fire_rescue", "市政设施损坏": "housing",
    "污水排放": "ecology_environment",
}


def add_services(city: CityRows) -> None:
    _facilities(city)
    _planners_and_projects(city)
    _cases(city)


# -- facilities ---------------------------------------------------------------
def _facility(city: CityRows, number: int, kind: str, name: str, lat: float, lon: float, area: str,
              operator: str | None, **extra: object) -> str:
    return city.node("Facility", id=f"fac-{kind.replace('_', '-')}-{number:04d}", name=name, kind=kind, lat=lat,
                     lon=lon, area=area, operator=operator, **extra)


def _categories(city: CityRows, low: int, high: int) -> list[str]:
    chosen = set(city.rng.sample(ontology.SERVICE_CATEGORIES, city.rng.randint(low, high)))
    return [c for c in ontology.SERVICE_CATEGORIES if c in chosen]


def _facilities(city: CityRows) -> None:
    rng = city.rng
    by_name = {d.name: d for d in city.districts}
    urban_places = [p for p in city.places if p.community.urban]
    for number, (district_name, name, cost) in enumerate(SERVICE_COMPLEXES, 1):
        place = rng.choice([p for p in urban_places if p.district is by_name[district_name]] or urban_places)
        lat, lon = geo.place_near(rng, place.community.lat, place.community.lon, 50, 300, place.district.place)
        _facility(city, number, "area_service_complex", f"{district_name}{name}", lat, lon, place.community.code,
                  city.street_orgs[place.street.code]["office"], categories=list(ontology.SERVICE_CATEGORIES),
                  services=COMPLEX_SERVICES, cost_yuan=cost, opened=dt.date(2020, 9 + number, 1))
    for number, (district_name, services) in enumerate(LOUNGES, 1):
        district = next((d for d in city.districts if district_name.startswith(d.name[:2])), by_name["旌阳区"])
        choices = [p for p in urban_places if p.district is district] or urban_places
        place = rng.choice(choices)
        lat, lon = geo.place_near(rng, place.community.lat, place.community.lon, 50, 400, place.district.place)
        _facility(city, number, "party_building_lounge", f"{district_name}城市党建会客厅", lat, lon,
                  place.community.code, city.city_orgs["alliance"], categories=_categories(city, 3, 5),
                  services=services, opened=random_date(rng, dt.date(2019, 10, 1), dt.date(2020, 10, 31)))
    number = 0
    for district in city.districts:  # a party-mass service centre in every street and every community
        for street in district.streets:
            number += 1
            _facility(city, number, "party_mass_service_centre", f"{street.name}党群服务中心", street.lat,
                      street.lon, street.code, city.street_orgs[street.code]["office"],
                      categories=_categories(city, 4, 7), services=rng.randint(20, 45))
    for place in city.places:
        number += 1
        lat, lon = geo.place_near(rng, place.community.lat, place.community.lon, 0, 150, place.district.place)
        _facility(city, number, "party_mass_service_centre", f"{place.community.name}党群服务中心", lat, lon,
                  place.community.code, place.grand_committee, categories=_categories(city, 3, 6),
                  services=rng.randint(8, 30))
    hospitals = {}
    for unit in city.nodes["ResidentUnit"]:
        if unit["kind"] == "hospital":
            hospitals.setdefault(unit["based_in"][:9], unit["id"])
    for kind, (count, stem, operator_kind) in SUPPORT_FACILITIES.items():
        _support_facilities(city, kind, city.n(count), stem, operator_kind, hospitals)
    legal = 0
    for district in city.districts:  # a legal-aid point at every street's judicial office
        for street in district.streets:
            legal += 1
            lat, lon = geo.place_near(rng, street.lat, street.lon, 20, 200, district.place)
            _facility(city, legal, "legal_aid_point", f"{street.name}法律援助点", lat, lon, street.code,
                      city.street_orgs[street.code]["judicial"], categories=["legal"], services=rng.randint(3, 8))


def _support_facilities(city: CityRows, kind: str, count: int, stem: str, operator_kind: str,
                        hospitals: dict[str, str]) -> None:
    rng = city.rng
    if kind == "residents_council":  # in compounds with a party organisation, or in the community
        spots: list[tuple[Place, Compound | None]] = [(p, c) for p in city.places for c in p.compounds if c.party_org]
        spots += [(p, None) for p in city.places]
    else:
        spots = [(p, None) for p in city.places]
    weights = [(3.0 if p.community.urban else 0.6) * (2.0 if c else 1.0) for p, c in spots]
    for number, (place, compound) in enumerate(weighted_sample(rng, spots, weights, count), 1):
        if compound is not None:
            lat, lon, area, where = compound.lat, compound.lon, compound.id, compound.name
        else:
            lat, lon = geo.place_near(rng, place.community.lat, place.community.lon, 30, 400, place.district.place)
            area, where = place.community.code, place.community.name
        street_orgs = city.street_orgs[place.street.code]
        operator = {
            "residents_committee": place.residents_committee,
            "hospital": hospitals.get(place.street.code[:9], street_orgs["health"]),
            "police": street_orgs["police"],
            "office": street_orgs["office"],
            "party_org": compound.party_org if compound else place.grand_committee,
        }[operator_kind]
        name = f"{where}{stem or rng.choice(COUNCIL_NAMES)}"
        categories = {"canteen": ["elderly", "convenience"], "elderly_centre": ["elderly", "health_rehab"],
                      "health_station": ["health_rehab"], "police_post": ["legal", "governance"],
                      "deputies_studio": ["governance"], "after_school_centre": ["youth"],
                      "job_station": ["employment"], "residents_council": ["governance"]}[kind]
        _facility(city, number, kind, name, lat, lon, area, operator, categories=categories,
                  services=rng.randint(1, 6))


# -- community planners and the first batch of projects -------------------------
def apportion(total: int, shares: list[int]) -> list[int]:
    """`total` split in proportion to `shares` (largest remainders), each share getting one first if it can."""
    counts = [1 if i < total else 0 for i in range(len(shares))]
    rest = total - sum(counts)
    quotas = [share * rest / sum(shares) for share in shares]
    counts = [c + int(q) for c, q in zip(counts, quotas)]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(quotas[i] - int(quotas[i])), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _planners_and_projects(city: CityRows) -> None:
    rng = city.rng
    roles, fields = ontology.PLANNER_ROLES, ontology.PLANNER_FIELDS
    planners: dict[str, list[str]] = {role: [] for role in roles}
    for number in range(city.n(PLAN["planners"])):
        # Every role and field is present; then the pool (人才库) is the largest group.
        role = roles[number] if number < len(roles) else rng.choices(roles, weights=(40, 15, 30, 15))[0]
        field = fields[number % len(fields)] if number < len(fields) else rng.choice(fields)
        planners[role].append(city.person(rng.random() < 0.35, expertise=field, planner_role=role))
    kinds = list(PROJECT_KINDS)
    counts = apportion(city.n(sum(share for share, _, _ in PROJECT_KINDS.values())),
                       [PROJECT_KINDS[k][0] for k in kinds])
    plan = [kind for kind, count in zip(kinds, counts) for _ in range(count)]
    urban = [p for p in city.places if p.community.urban]
    old = [c for c in city.compounds if c.old] or city.compounds
    for number, kind in enumerate(plan, 1):
        _, (low, high), stems = PROJECT_KINDS[kind]
        if kind == "old_compound_renewal":
            compound = rng.choice(old)
            area, where = compound.id, compound.name
        else:
            place = rng.choice(urban)
            area, where = place.community.code, place.community.name
        budget = round(rng.uniform(low, high), -4)
        status = rng.choices(("selected", "in_progress", "completed"), weights=(4, 5, 2))[0]
        project = city.node("Project", id=f"prj-2020-{number:03d}", name=f"{where}{rng.choice(stems)}项目",
                            kind=kind, status=status, budget_yuan=budget,
                            award_yuan=round(budget * rng.uniform(0.15, 0.3), -4), batch=1, area=area)
        team = [rng.choice(planners["advisory"] or planners["pool"]),
                rng.choice(planners["builder"] or planners["pool"])]
        team += rng.sample(planners["pool"], min(len(planners["pool"]), rng.randint(1, 3)))
        if planners["crowd_wisdom"] and rng.random() < 0.6:
            team.append(rng.choice(planners["crowd_wisdom"]))
        seen: list[str] = []
        for person in team:
            if person not in seen:
                seen.append(person)
                city.rel("PLANS", person, project, role=city.people[person]["planner_role"])


# -- residents' cases ---------------------------------------------------------
# How often each step is late across the city (the promise kept by 95 %, 90 % and 93 % of cases) …
LATE_SHARE = {"accept": 0.05, "handle": 0.10, "close": 0.07}
# … and how that varies: some streets' dispatch centres lag (their late shares multiplied), and some
# departments' sunk forces more than others. The factors are rescaled over the year's cases so the city's
# shares stay the promise's.
LAGGING_STREETS = 0.12  # the share of streets below the promise
LAGGING_STREET_FACTOR = 2.6
DEPARTMENT_FACTORS = {"urban_management": 1.6, "housing": 1.5, "natural_resources": 1.4, "human_resources": 1.3,
                      "community": 0.8, "police": 0.7}
SOURCES = {  # the channel: weight for a dispute, for a routine report
    "hotline_12345": (30, 45), "grid_inspection": (28, 35), "walk_in": (14, 6), "online": (14, 12),
    "talk_point": (12, 0), "other": (2, 2),
}
EVALUATED = 0.85  # closed cases with a return visit (回访)


def _cases(city: CityRows) -> None:
    rng = city.rng
    spots: list[tuple[Place, Compound | None]] = [(p, c) for p in city.places for c in p.compounds]
    spots += [(p, None) for p in city.places]
    weights = [(c.households / 100 if c else 2.0) * (2.0 if p.community.urban else 1.0) for p, c in spots]
    mediated = [True] * city.n(MEDIATED_CASES) + [False] * city.n(OTHER_CASES)
    where = rng.choices(spots, weights=weights, k=len(mediated))
    streets = sorted({place.street.code for place, _ in spots})
    lagging = set(rng.sample(streets, max(1, round(LAGGING_STREETS * len(streets)))))
    drawn = []
    for is_mediated, (place, compound) in zip(mediated, where):
        if is_mediated:
            pool = [c for c in MEDIATED_CATEGORIES if (c in RURAL_CATEGORIES) != place.community.urban] \
                if rng.random() < 0.85 else list(MEDIATED_CATEGORIES)
            category = rng.choice(pool)
            handler_kind = MEDIATED_CATEGORIES[category]
        else:
            category = rng.choice(list(OTHER_CATEGORIES))
            handler_kind = OTHER_CATEGORIES[category]
        factor = (LAGGING_STREET_FACTOR if place.street.code in lagging else 1.0) \
            * DEPARTMENT_FACTORS.get(handler_kind, 1.0)
        drawn.append((is_mediated, place, compound, category, handler_kind, factor))
    scale = len(drawn) / sum(d[-1] for d in drawn) if drawn else 1.0
    sources = list(SOURCES)
    year_start = dt.datetime(2020, 1, 1, 0, 0)
    cutoff = dt.datetime(2020, 12, 31, 23, 59, 59)
    for number, (is_mediated, place, compound, category, handler_kind, factor) in enumerate(drawn, 1):
        late = {step: min(0.9, share * factor * scale) for step, share in LATE_SHARE.items()}
        handler = place.residents_committee if handler_kind == "community" \
            else city.street_orgs[place.street.code][handler_kind]
        reported = year_start + dt.timedelta(days=rng.randint(0, 364), hours=rng.randint(7, 21),
                                             minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
        # Service level: accept within 2 h, handle within 24 h, close within 7 days; most cases make it.
        accepted = reported + (dt.timedelta(minutes=rng.randint(3, 119)) if rng.random() >= late["accept"]
                               else dt.timedelta(minutes=rng.randint(121, 600)))
        handled = accepted + (dt.timedelta(minutes=rng.randint(30, 23 * 60)) if rng.random() >= late["handle"]
                              else dt.timedelta(hours=rng.randint(25, 96)))
        closed = reported + (dt.timedelta(hours=rng.randint(24, 167)) if rng.random() >= late["close"]
                             else dt.timedelta(hours=rng.randint(170, 480)))
        closed = max(closed, handled + dt.timedelta(hours=1))
        times = {"reported_at": reported, "accepted_at": accepted, "handled_at": handled, "closed_at": closed}
        if rng.random() < 0.02:  # still open: stopped at some stage
            times["closed_at"] = None
            if rng.random() < 0.5:
                times["handled_at"] = None
        for key in ("accepted_at", "handled_at", "closed_at"):
            if times[key] is not None and times[key] > cutoff:  # not yet by the year's end
                times[key] = None
        if times["accepted_at"] is None:
            times["handled_at"] = None
        if times["handled_at"] is None:
            times["closed_at"] = None
        status = "closed" if times["closed_at"] else "handled" if times["handled_at"] \
            else "accepted" if times["accepted_at"] else "reported"
        source = rng.choices(sources, weights=[SOURCES[s][0 if is_mediated else 1] for s in sources])[0]
        satisfaction = None
        if times["closed_at"] is not None and rng.random() < EVALUATED:
            was_late = accepted - reported > dt.timedelta(hours=2) or handled - accepted > dt.timedelta(hours=24) \
                or closed - reported > dt.timedelta(days=7)
            odds = (55, 25, 20) if was_late else (86, 11, 3)
            satisfaction = rng.choices(ontology.SATISFACTION_LEVELS, weights=odds)[0]
        where_name = compound.name if compound else place.community.name
        city.node("Case", id=f"case-2020-{number:06d}", name=f"{category}（{where_name}）",
                  category=category, status=status, mediated=is_mediated, **times, source=source,
                  satisfaction=satisfaction, area=compound.id if compound else place.community.code, handler=handler)
