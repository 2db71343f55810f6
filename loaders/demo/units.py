"""The demo city's resident units (驻区单位): their heads, their seats on grand committees, their co-building
agreements (共驻共建) and, for firms and social organisations, a party organisation of their own.
"""
from __future__ import annotations

import datetime as dt

from loaders.demo import names
from loaders.demo.party import FUNCTIONAL_COMMITTEES
from loaders.demo.rows import PLAN, CityRows, Place, random_date, weighted_sample

RESIDENT_UNIT_KINDS = (("hospital", 0.08), ("school", 0.16), ("firm", 0.44), ("agency", 0.22),
                       ("social_organization", 0.10))


def add_resident_units(city: CityRows) -> None:
    """Resident units and their heads, seats and co-building, after the party (they sit on its committees)."""
    rng = city.rng
    count = city.n(PLAN["resident_units"])
    kinds = [k for k, _ in RESIDENT_UNIT_KINDS]
    shares = [s for _, s in RESIDENT_UNIT_KINDS]
    weights = [4.0 if p.community.urban else 1.0 for p in city.places]
    homes = rng.choices(city.places, weights=weights, k=count)
    taken: set[str] = set()
    for number, place in enumerate(homes, 1):
        kind = rng.choices(kinds, weights=shares)[0]
        name, sector = names.resident_unit_name(rng, kind, place.district.name, place.street.name,
                                                place.community.name, taken)
        unit = {"id": f"ru-{place.district.place.code}-{number:04d}", "name": name, "kind": kind,
                "sector": sector, "based_in": place.community.code, "_place": place}
        city.units.append(unit)
    seated = set(u["id"] for u in weighted_sample(rng, city.units, [1.0] * count,
                                                  city.n(PLAN["seated_resident_units"])))
    co_building = set(u["id"] for u in weighted_sample(rng, city.units, [1.0] * count,
                                                       city.n(PLAN["co_building_units"])))
    for unit in city.units:
        place: Place = unit.pop("_place")
        unit_id = city.node("ResidentUnit", **unit)
        head = city.person(rng.random() < 0.7)
        city.unit_heads[unit_id] = head
        city.serve(head, unit_id, "负责人", random_date(rng, dt.date(2015, 1, 1), dt.date(2020, 6, 30)))
        if unit_id in seated:
            start = random_date(rng, dt.date(2019, 6, 1), dt.date(2020, 10, 31))
            city.rel("SEATS_ON", unit_id, place.grand_committee, start_date=start)
            city.serve(head, place.grand_committee, "兼职委员", start, part_time=True, on_behalf_of=unit_id)
            if unit["kind"] in ("hospital", "agency") and rng.random() < 0.5:
                street_committee = city.street_orgs[place.street.code]["committee"]
                city.rel("SEATS_ON", unit_id, street_committee, start_date=start)
                city.serve(head, street_committee, "兼职委员", start, part_time=True, on_behalf_of=unit_id)
        if unit_id in co_building:
            _co_build(city, unit_id, place)
        if unit["kind"] in ("firm", "social_organization") and rng.random() < PLAN["unit_party_share"]:
            if unit["kind"] == "social_organization":
                parent = city.city_orgs["two_new_2"]
            elif rng.random() < 0.25:
                parent = city.city_orgs[f"functional_{rng.randint(2, len(FUNCTIONAL_COMMITTEES))}"]
            else:
                parent = city.city_orgs[rng.choice(["two_new_1", "two_new_3"])]
            org = city.node("PartyOrganization", id=f"po-{unit_id}", name=f"{unit['name']}党支部",
                            kind="unit_party_organization", parent_org=parent, based_in=place.community.code)
            city.serve(head, org, "书记", city.term_start())
            unit["party_org"] = org


def _co_build(city: CityRows, unit_id: str, place: Place) -> None:
    rng = city.rng
    start = random_date(rng, dt.date(2019, 3, 1), dt.date(2020, 11, 30))
    mechanisms = city.mechanisms()
    city.rel("CO_BUILDS", unit_id, place.grand_committee, mechanisms=mechanisms,
             agreement=f"{place.community.name}共驻共建协议", start_date=start)
    with_org = [c for c in place.compounds if c.party_org]
    if with_org and rng.random() < 0.12:
        compound = rng.choice(with_org)
        city.rel("CO_BUILDS", unit_id, compound.party_org, mechanisms=city.mechanisms(),
                 agreement=f"{compound.name}共建协议", start_date=start)
