"""The demo city's party organisations, and the two city-wide programmes built on them.

Grand (working) committees in every street and community, whose secretary also
heads the residents' committee (一肩挑); compound party organisations, some
covering neighbouring compounds (联合组建); grid branches and building groups;
the "two-new" and functional joint committees. Then the business-district
party-building alliance, and the cadres sent down to compounds (领航行动).
"""
from __future__ import annotations

import datetime as dt

from graph import ontology
from loaders.demo import geo
from loaders.demo.rows import PLAN, CityRows, Place, random_date, weighted_sample

TWO_NEW_COMMITTEES = ("非公有制经济组织综合党委", "社会组织综合党委", "商务楼宇综合党委")
FUNCTIONAL_COMMITTEES = ("物业服务行业联合党委", "快递物流行业联合党委", "网约车出租车行业联合党委",
                         "律师行业联合党委", "个体私营经济联合党委", "教育培训机构联合党委",
                         "家政服务行业联合党委", "城市商圈联合党委")
PROPERTY_COMMITTEE = 0  # index in FUNCTIONAL_COMMITTEES of the property-service committee


def add_party(city: CityRows) -> None:
    """The party organisations and their posts, after the government (a secretary also heads the residents'
    committee); fills each place's grand committee, secretary and members, and each compound's `party_org`."""
    for district in city.districts:
        for street in district.streets:
            _street_committee(city, district, street)
    for place in city.places:
        _community_committee(city, place)
    for number, name in enumerate(TWO_NEW_COMMITTEES, 1):
        city.city_orgs[f"two_new_{number}"] = city.node(
            "PartyOrganization", id=f"po-510600-twonew-{number}", name=f"德阳市{name}", kind="two_new_committee",
            based_in=geo.CITY_CODE)
    for number, name in enumerate(FUNCTIONAL_COMMITTEES, 1):
        city.city_orgs[f"functional_{number}"] = city.node(
            "PartyOrganization", id=f"po-510600-functional-{number}", name=f"德阳市{name}",
            kind="functional_joint_committee", based_in=geo.CITY_CODE)
    for key in [k for k in city.city_orgs if k.startswith(("two_new", "functional"))]:
        secretary = city.person(True)
        city.serve(secretary, city.city_orgs[key], "书记", city.term_start())
    _compound_party_organizations(city)
    _grid_branches(city)


def _street_committee(city: CityRows, district: geo.District, street: geo.Street) -> None:
    orgs = city.street_orgs[street.code]
    committee = city.node("PartyOrganization", id=f"po-{street.code[:9]}-gwc",
                          name=street.name + ("大工委" if street.urban else "大党委"),
                          kind="grand_working_committee" if street.urban else "grand_party_committee",
                          parent_org=city.city_orgs[district.code], based_in=street.code)
    city.rel("COVERS", committee, street.code, start_date=dt.date(2019, 9, 1))
    orgs["committee"] = committee
    start = city.term_start()
    city.serve(city.person(True), committee, "书记", start)
    director = city.person(True)  # the office's director is the committee's deputy secretary
    city.serve(director, committee, "副书记", start)
    city.serve(director, orgs["office"], "主任", start)
    deputy = city.person(True)  # a deputy director runs the dispatch centre
    city.serve(deputy, orgs["office"], "副主任", start)
    city.serve(deputy, orgs["dispatch"], "主任", start)
    city.serve(deputy, committee, "委员", start)


def _community_committee(city: CityRows, place: Place) -> None:
    rng, community = city.rng, place.community
    street_committee = city.street_orgs[place.street.code]["committee"]
    place.grand_committee = city.node("PartyOrganization", id=f"po-{community.code}-gpc",
                                      name=community.name + "大党委", kind="grand_party_committee",
                                      parent_org=street_committee, based_in=community.code)
    city.rel("COVERS", place.grand_committee, community.code, start_date=dt.date(2019, 9, 1))
    start = city.term_start()
    # "3 posts, 16 grades": post 1 (正职), 2 (副职), 3 (委员), grades 01-16.
    # The ladder is on the post (SERVES_IN ladder_post, ladder_grade); the first community's secretary is at the top.
    grade = 16 if place is city.places[0] else rng.randint(8, 16)
    place.secretary = city.person(True, staff_grade=f"1-{grade:02d}")
    city.serve(place.secretary, place.grand_committee, "书记", start)
    city.serve(place.secretary, place.residents_committee, "主任", start, ladder_post=1, ladder_grade=grade)  # 一肩挑
    for number in range(rng.randint(2, 4)):
        post = 2 if number == 0 else 3
        grade = 1 if place is city.places[0] and number == 1 else rng.randint(1, 12)
        member = city.person(True if post == 2 or rng.random() < 0.6 else False,
                             staff_grade=f"{post}-{grade:02d}")
        city.serve(member, place.residents_committee, "副主任" if post == 2 else "委员", start, ladder_post=post,
                   ladder_grade=grade)
        if city.people[member]["party_member"]:  # party members also sit on the grand committee
            city.serve(member, place.grand_committee, "副书记" if post == 2 else "委员", start)
        place.members.append(member)
    if rng.random() < 0.15:  # turnover: a member who left before the end of the term
        former = city.person(True, staff_grade=f"3-{rng.randint(1, 8):02d}")
        city.serve(former, place.grand_committee, "委员", start - dt.timedelta(days=900),
                   end=start - dt.timedelta(days=rng.randint(1, 300)))


def _compound_party_organizations(city: CityRows) -> None:
    rng = city.rng
    target = min(city.n(PLAN["compound_party_organizations"]), len(city.compounds))
    weights = [c.households * (1.0 if c.community.urban and not c.old else 0.45 if c.community.urban else 0.25)
               for c in city.compounds]
    leads = weighted_sample(rng, city.compounds, weights, target)
    lead_ids = {c.id for c in leads}
    by_place = {p.community.code: p for p in city.places}
    for compound in leads:
        place = by_place[compound.community.code]
        org = city.node("PartyOrganization", id=f"po-{compound.id}", name=f"{compound.name}党支部",
                        kind="compound_party_organization", parent_org=place.grand_committee,
                        based_in=compound.id)
        start = random_date(rng, dt.date(2018, 6, 1), dt.date(2020, 11, 30))
        compound.party_org = org
        city.rel("COVERS", org, compound.id, start_date=start)
        if rng.random() < PLAN["joint_party_org_share"]:  # 联合组建: neighbouring compounds without one
            free = [c for c in place.compounds if c.id not in lead_ids and c.party_org is None]
            for neighbour in free[: rng.randint(1, 2)]:
                neighbour.party_org = org
                city.rel("COVERS", org, neighbour.id, start_date=start)
        members = [city.person(True) for _ in range(rng.randint(2, 5))]
        for rank, member in enumerate(members):
            city.serve(member, org, "书记" if rank == 0 else "副书记" if rank == 1 else "委员", start)
        city.compound_members[org] = members


def _grid_branches(city: CityRows) -> None:
    rng = city.rng
    grids = [(place, grid) for place in city.places for grid in place.grids]
    with_branch = weighted_sample(rng, grids, [1.0] * len(grids), round(len(grids) * PLAN["grid_branch_share"]))
    groups = max(city.n(PLAN["grid_branches_and_building_groups"]) - len(with_branch),
                 round(0.1 * len(with_branch)))
    branches = []
    for place, grid in sorted(with_branch, key=lambda pg: pg[1]):
        branch = city.node("PartyOrganization", id=f"po-{grid}", name=f"{city.grid_names[grid]}党支部",
                           kind="grid_party_branch", parent_org=place.grand_committee, based_in=grid)
        city.rel("COVERS", branch, grid, start_date=random_date(rng, dt.date(2019, 3, 1), dt.date(2020, 9, 30)))
        leader = city.person(True)
        city.serve(leader, branch, "书记", city.term_start())
        branches.append((place, grid, branch))
    for number in range(groups):
        place, grid, branch = branches[number % len(branches)]
        building = rng.randint(1, 24)
        commercial = place.community.urban and rng.random() < 0.2
        label = f"{place.community.name}商务楼宇" if commercial else f"{city.grid_names[grid]}{building}栋"
        group = city.node("PartyOrganization", id=f"po-{grid}-b{number // len(branches) + 1:02d}",
                          name=f"{label}党小组", kind="building_party_group", parent_org=branch, based_in=grid)
        city.serve(city.person(True), group, "组长", city.term_start())


def add_alliance(city: CityRows) -> None:
    """The business-district alliance: committees, urban resident units and strong property companies join it."""
    rng = city.rng
    alliance = city.node("Association", id="as-510600-alliance", name="德阳市城市商圈党建联盟",
                         kind="party_building_alliance", parent_org=city.city_orgs["functional_8"],
                         based_in=geo.CITY_CODE)
    city.city_orgs["alliance"] = alliance
    candidates = [city.city_orgs[k] for k in city.city_orgs if k.startswith(("two_new", "functional"))]
    urban_units = [u["id"] for u in city.units if u["kind"] in ("firm", "social_organization", "hospital")]
    candidates += weighted_sample(rng, urban_units, [1.0] * len(urban_units), city.n(PLAN["alliance_members"]))
    strong = [c["id"] for c in city.property_companies if c["party_building_rating"] >= 4]
    candidates += strong[: max(1, len(strong) // 4)]
    for member in candidates:
        city.rel("MEMBER_OF", member, alliance, start_date=random_date(rng, dt.date(2019, 7, 1),
                                                                      dt.date(2020, 10, 31)))


def add_cadres(city: CityRows) -> None:
    """领航行动: cadres sent down to compounds with a party organisation, each advising it part-time."""
    rng = city.rng
    with_org = [c for c in city.compounds if c.party_org]
    for compound in weighted_sample(rng, with_org, [c.households for c in with_org],
                                    city.n(PLAN["sent_down_cadres"])):
        cadre = city.person(True)
        start = random_date(rng, dt.date(2020, 5, 1), dt.date(2020, 8, 31))
        chosen = set(rng.sample(ontology.SENT_DOWN_MECHANISMS, rng.randint(2, 4)))
        city.rel("SENT_DOWN_TO", cadre, compound.id, programme="领航行动",
                 mechanisms=[m for m in ontology.SENT_DOWN_MECHANISMS if m in chosen], start_date=start)
        city.serve(cadre, compound.party_org, "领航顾问", start, part_time=True)
