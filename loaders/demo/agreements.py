"""The demo city's residents' conventions and property-service standards (公约、标准: 1,200+ agreed), each an
AGREES tie from every organisation party to it to the compound or community it is for.

Needs the areas, the party organisations, residents' committees, owners' committees and property companies.
"""
from __future__ import annotations

import datetime as dt

from loaders.demo.rows import CityRows, random_date

CONVENTIONS = 1_236  # at scale 1: the article's 1,200+


def add_conventions(city: CityRows) -> None:
    """AGREES ties: a compound's convention (its owners' committee, party organisation), its property-service
    standard (owners' committee and property company), a community's convention (residents' committee and
    grand party committee)."""
    rng = city.rng
    candidates: list[tuple[str, str, str, list[str]]] = []  # (area, category, title, parties)
    for place in city.places:
        for compound in place.compounds:
            parties = [p for p in (compound.owners_committee, compound.party_org) if p]
            if parties:
                candidates.append((compound.id, "residents_convention", f"{compound.name}居民公约", parties))
            if compound.owners_committee and compound.property_company:
                candidates.append((compound.id, "property_service_standard", f"{compound.name}物业服务标准",
                                   [compound.owners_committee, compound.property_company]))
        parties = [p for p in (place.residents_committee, place.grand_committee) if p]
        candidates.append((place.community.code, "residents_convention", f"{place.community.name}居民公约", parties))
    chosen = sorted(rng.sample(range(len(candidates)), min(len(candidates), city.n(CONVENTIONS))))
    for index in chosen:
        area, category, title, parties = candidates[index]
        agreed = random_date(rng, dt.date(2018, 1, 1), dt.date(2020, 11, 30))
        for party in parties:
            city.rel("AGREES", party, area, category=category, title=title, start_date=agreed)
