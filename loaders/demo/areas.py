"""The demo city's areas: the city, its districts, streets and communities, their compounds and grids.

Districts, streets and communities are Deyang's real divisions (`geo`); the
compounds (小区) and grids (网格) inside each community are drawn, with the
population and households of every area summed up from the compounds below it.
"""
from __future__ import annotations

from functools import partial

from loaders.demo import geo, names
from loaders.demo.rows import CityRows, Compound, Place


def add_areas(city: CityRows) -> None:
    """The city, districts, streets, communities, compounds and grids; fills `districts`, `places`, `compounds`."""
    rng = city.rng
    city.districts = geo.load_divisions(min(1.0, city.scale))
    geo.place_geography(rng, city.districts)
    city.node("City", id=geo.CITY_CODE, name=geo.CITY_NAME, name_en="Deyang",
              admin_code=geo.CITY_CODE, lat=geo.CITY_LAT, lon=geo.CITY_LON)
    per_community = max(1.0, city.scale)
    city_pop = city_hh = 0
    for district in city.districts:
        d_pop = d_hh = 0
        for street in district.streets:
            s_pop = s_hh = 0
            for community in street.communities:
                place = Place(community, street, district)
                city.places.append(place)
                _compounds_of(city, place, per_community)
                base = rng.randint(250, 900) if community.urban else rng.randint(260, 560)
                households = base + sum(c.households for c in place.compounds)
                population = round(households * rng.uniform(2.4, 2.9))
                city.node("Community", id=community.code, name=community.name, admin_code=community.code,
                          population=population, households=households, lat=community.lat,
                          lon=community.lon, parent=street.code)
                _grids_of(city, place, per_community)
                s_pop, s_hh = s_pop + population, s_hh + households
            city.node("Street", id=street.code, name=street.name, admin_code=street.code, population=s_pop,
                      households=s_hh, lat=street.lat, lon=street.lon, parent=district.code)
            d_pop, d_hh = d_pop + s_pop, d_hh + s_hh
        city.node("District", id=district.code, name=district.name, name_en=district.place.name_en,
                  admin_code=district.code, population=d_pop, households=d_hh, lat=district.place.lat,
                  lon=district.place.lon, parent=geo.CITY_CODE)
        city_pop, city_hh = city_pop + d_pop, city_hh + d_hh
    city.nodes["City"][0].update(population=city_pop, households=city_hh)


def _compounds_of(city: CityRows, place: Place, per_community: float) -> None:
    rng, community = city.rng, place.community
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
        name = names.pick_unique(rng, partial(names.compound_name, rng, old), taken)
        compound = Compound(f"{community.code}-{number:03d}", name, community, place.street, place.district,
                            lat, lon, households, old)
        place.compounds.append(compound)
        city.compounds.append(compound)
        city.node("Compound", id=compound.id, name=name, population=round(households * rng.uniform(2.3, 2.9)),
                  households=households, lat=lat, lon=lon, parent=community.code)


def _grids_of(city: CityRows, place: Place, per_community: float) -> None:
    rng, community = city.rng, place.community
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
            city.node("Grid", id=grid_id, name=f"{compound.name}网格", households=compound.households,
                      lat=compound.lat, lon=compound.lon, parent=compound.id)
        else:
            lat, lon = geo.place_near(rng, community.lat, community.lon, 50, 600, place.district.place)
            city.node("Grid", id=grid_id, name=f"{community.name}第{number}网格", lat=lat, lon=lon,
                      parent=community.code)
        city.grid_names[grid_id] = city.nodes["Grid"][-1]["name"]
        place.grids.append(grid_id)
