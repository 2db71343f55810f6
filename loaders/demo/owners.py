"""The demo city's compounds as their residents run them: property companies (some with a party organisation),
owners' committees (with their secretaries cross-appointed, 交叉任职), and the two kinds of association.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import partial

from loaders.demo import names
from loaders.demo.party import PROPERTY_COMMITTEE
from loaders.demo.rows import PLAN, CityRows, Compound, add_years, random_date, weighted_sample


def add_property_and_owners(city: CityRows) -> None:
    """Property companies, owners' committees and associations, after the party and the resident units."""
    rng = city.rng
    by_district: dict[str, list[Compound]] = {d.code: [] for d in city.districts}
    for compound in city.compounds:
        share = (0.92 if not compound.old else 0.35) if compound.community.urban else 0.3
        if rng.random() < share:
            by_district[compound.district.code].append(compound)
    for district in city.districts:
        managed = by_district[district.code]
        count = max(1, math.ceil(len(managed) / PLAN["compounds_per_property_company"]))
        taken: set[str] = set()
        companies = []
        for number in range(1, count + 1):
            rating = rng.choices(range(6), weights=(1, 2, 4, 5, 3, 2))[0]
            row = {"id": f"pc-{district.place.code}-{number:03d}",
                   "name": names.pick_unique(rng, partial(names.property_company_name, rng, district.name[:2]), taken),
                   "party_building_rating": rating, "based_in": district.code}
            if rng.random() < 0.7:
                row["phone"] = f"100{rng.randint(0, 99_999_999):08d}"
            company = city.node("PropertyCompany", **row)
            companies.append(company)
            manager = city.person()
            city.serve(manager, company, "总经理", random_date(rng, dt.date(2012, 1, 1), dt.date(2020, 1, 1)))
            city.pc_managers[company] = manager
            if rating >= 4:  # strong party building: a party organisation under the property committee
                org = city.node("PartyOrganization", id=f"po-{company}", name=f"{row['name']}党支部",
                                kind="unit_party_organization",
                                parent_org=city.city_orgs[f"functional_{PROPERTY_COMMITTEE + 1}"],
                                based_in=district.code)
                city.serve(manager, org, "书记", city.term_start())
            city.property_companies.append(row)
        weights = [1.0 + 3 * rng.random() for _ in companies]
        for compound in managed:
            company = rng.choices(companies, weights=weights)[0]
            compound.property_company = company
            start = random_date(rng, dt.date(2010, 1, 1), dt.date(2020, 9, 30))
            city.rel("MANAGES", company, compound.id, start_date=start)
            if compound.party_org and rng.random() < 0.3:  # 物业党建联建
                city.serve(city.pc_managers[company], compound.party_org, "兼职委员", start, part_time=True)
                city.rel("CO_BUILDS", company, compound.party_org, mechanisms=city.mechanisms(),
                         agreement=f"{compound.name}物业党建联建协议",
                         start_date=max(start, dt.date(2019, 1, 1)))
    _owners_committees(city)
    _associations(city)


def _owners_committees(city: CityRows) -> None:
    rng = city.rng
    target = city.n(PLAN["owners_committees"])
    eligible = [c for c in city.compounds if c.community.urban and c.property_company and c.households >= 150]
    communities: dict[str, list[Compound]] = {}
    for compound in eligible:
        communities.setdefault(compound.community.code, []).append(compound)
    codes = list(communities)
    chosen = weighted_sample(rng, codes, [len(communities[c]) for c in codes],
                             min(len(codes), round(city.n(PLAN["owners_committee_associations"]) * 1.45)))
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
        committee = city.node("OwnersCommittee", id=f"oc-{compound.id}", name=f"{compound.name}业主委员会",
                              founded=founded, term_end=add_years(term_start, 5),
                              based_in=compound.id)
        compound.owners_committee = committee
        city.rel("REPRESENTS", committee, compound.id, start_date=founded)
        members = [city.person() for _ in range(rng.randint(3, 6))]
        org_members = city.compound_members.get(compound.party_org or "", [])
        if org_members and rng.random() < 0.65:
            # 交叉任职: the party organisation's secretary is elected to the owners' committee
            members[0] = org_members[0]
        for rank, member in enumerate(members):
            city.serve(member, committee, "主任" if rank == 0 else "副主任" if rank == 1 else "委员", term_start)
        city.committee_chairs[committee] = members[0]
        if compound.party_org and rng.random() < 0.35:
            # … and vice versa: an owners' committee member joins the party organisation
            member = members[-1]
            city.people[member]["party_member"] = True
            city.serve(member, compound.party_org, "委员", term_start)
        if reelected:
            for rank in range(rng.randint(1, 2)):
                city.serve(city.person(), committee, "主任" if rank == 0 else "委员",
                           add_years(term_start, -5), end=term_start)


def _associations(city: CityRows) -> None:
    rng = city.rng
    by_code = {p.community.code: p for p in city.places}
    with_committees = [p for p in city.places if any(c.owners_committee for c in p.compounds)]
    with_committees.sort(key=lambda p: -sum(1 for c in p.compounds if c.owners_committee))
    for place in with_committees[: city.n(PLAN["owners_committee_associations"])]:
        association = city.node("Association", id=f"as-{place.community.code}-oca",
                                name=f"{place.community.name}业委会协会", kind="owners_committee_association",
                                parent_org=place.grand_committee, based_in=place.community.code)
        start = random_date(rng, dt.date(2020, 3, 1), dt.date(2020, 11, 30))
        committees = [c.owners_committee for c in place.compounds if c.owners_committee]
        for committee in committees:
            city.rel("MEMBER_OF", committee, association, start_date=start)
        city.serve(city.committee_chairs[committees[0]], association, "会长", start)
        city.serve(place.secretary, association, "党建指导员", start, part_time=True)
    companies_at: dict[str, list[str]] = {}
    for compound in city.compounds:
        if compound.property_company:
            listed = companies_at.setdefault(compound.community.code, [])
            if compound.property_company not in listed:
                listed.append(compound.property_company)
    ranked = sorted(companies_at, key=lambda code: (-len(companies_at[code]), code))
    for code in ranked[: city.n(PLAN["property_company_associations"])]:
        place = by_code[code]
        association = city.node("Association", id=f"as-{code}-pca", name=f"{place.community.name}物业服务协会",
                                kind="property_company_association", parent_org=place.grand_committee,
                                based_in=code)
        start = random_date(rng, dt.date(2020, 3, 1), dt.date(2020, 11, 30))
        for company in companies_at[code]:
            city.rel("MEMBER_OF", company, association, start_date=start)
        city.serve(city.pc_managers[companies_at[code][0]], association, "会长", start)
        deputy = next((m for m in place.members if _is_party(city, m)), place.secretary)
        city.serve(deputy, association, "秘书长", start, part_time=True)


def _is_party(city: CityRows, person: str) -> bool:
    return bool(city.people[person]["party_member"])
