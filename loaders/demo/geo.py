"""The demo city's skeleton: Deyang's real divisions, their codes, and where they lie.

The divisions (6 county-level units, 127 streets/townships, 1,778
communities/villages) are a copy of China's statistical division tables
(about 2016) shipped in `loaders/demo/data/deyang-divisions.json`. Their 12-digit
codes follow the real pattern: the six county-level codes are real; below
them streets (街道) are numbered from 001, towns (镇) from 100 and townships
(乡) from 200, communities (社区) from 001 and villages (村) from 200. A
division's code is also its stable id.

Geography is plausible, not surveyed: each district is a disc around a centre
near the real one, small enough that the discs do not overlap; everything in
a district (streets, communities, compounds, facilities) lies inside its disc.
"""
from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

DIVISIONS_FILE = Path(__file__).parent / "data" / "deyang-divisions.json"
EARTH_RADIUS_M = 6_371_008.8

CITY_CODE = "510600000000"
CITY_NAME = "德阳市"
CITY_LAT, CITY_LON = 31.127, 104.398


@dataclass(frozen=True)
class DistrictPlace:
    code: str  # 6-digit county-level code
    name_en: str
    lat: float
    lon: float
    radius_m: float  # everything of the district lies within this distance of (lat, lon)


# Centres near the real seats; radii chosen so that no two discs overlap.
DISTRICTS: dict[str, DistrictPlace] = {
    "旌阳区": DistrictPlace("510603", "Jingyang District", 31.130, 104.395, 10_000),
    "中江县": DistrictPlace("510623", "Zhongjiang County", 31.035, 104.690, 17_000),
    "罗江县": DistrictPlace("510626", "Luojiang County", 31.330, 104.520, 9_000),
    "广汉市": DistrictPlace("510681", "Guanghan City", 30.975, 104.280, 9_000),
    "什邡市": DistrictPlace("510682", "Shifang City", 31.125, 104.165, 10_000),
    "绵竹市": DistrictPlace("510683", "Mianzhu City", 31.345, 104.215, 11_000),
}

_COMMUNITY_SUFFIXES = (("社区居民委员会", "社区"), ("社区居委会", "社区"), ("居民委员会", "社区"),
                       ("居委会", "社区"), ("村村委员会", "村"), ("村民委员会", "村"), ("村委会", "村"))


@dataclass
class Community:
    code: str
    name: str  # 文昌社区 / 红雨村 (the committee suffix dropped)
    urban: bool  # a 社区 rather than a 村
    lat: float = 0.0
    lon: float = 0.0


@dataclass
class Street:
    code: str
    name: str
    urban: bool  # a 街道 (street) rather than a 镇/乡 (town, township)
    lat: float = 0.0
    lon: float = 0.0
    communities: list[Community] = field(default_factory=list)


@dataclass
class District:
    code: str
    name: str
    place: DistrictPlace
    streets: list[Street] = field(default_factory=list)


def community_name(raw: str) -> tuple[str, bool]:
    """'文昌社区居委会' -> ('文昌社区', True); '红雨村村委会' -> ('红雨村', False)."""
    for suffix, kind in _COMMUNITY_SUFFIXES:
        if raw.endswith(suffix):
            return raw[: -len(suffix)].removesuffix(kind) + kind, kind == "社区"
    return raw, "社区" in raw


def load_divisions(fraction: float = 1.0) -> list[District]:
    """The real divisions with codes; `fraction` < 1 keeps that share of each street's communities."""
    raw = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))
    districts = []
    for district_name, streets in raw.items():
        place = DISTRICTS[district_name]
        district = District(place.code + "000000", district_name, place)
        counters = {"街道": 1, "镇": 100, "乡": 200}
        for street_name, communities in streets.items():
            kind = "乡" if street_name.endswith("乡") else "镇" if street_name.endswith("镇") else "街道"
            street_code = place.code + f"{counters[kind]:03d}" + "000"
            counters[kind] += 1
            street = Street(street_code, street_name, kind == "街道")
            keep = len(communities) if fraction >= 1 else max(1, round(len(communities) * fraction))
            urban_no, rural_no = 1, 200
            for raw_name in communities[:keep]:
                name, urban = community_name(raw_name)
                if urban:
                    number, urban_no = urban_no, urban_no + 1
                else:
                    number, rural_no = rural_no, rural_no + 1
                street.communities.append(Community(street_code[:9] + f"{number:03d}", name, urban))
            district.streets.append(street)
        districts.append(district)
    return districts


# --- geometry ------------------------------------------------------------
def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), as Neo4j's point.distance gives for WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def offset(lat: float, lon: float, distance: float, bearing: float) -> tuple[float, float]:
    """The point `distance` metres from (lat, lon) in direction `bearing` (radians); small distances."""
    dlat = distance * math.cos(bearing) / 111_320.0
    dlon = distance * math.sin(bearing) / (111_320.0 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def place_near(rng: random.Random, lat: float, lon: float, min_m: float, max_m: float,
               district: DistrictPlace) -> tuple[float, float]:
    """A point between min_m and max_m from (lat, lon), inside the district's disc."""
    for attempt in range(40):
        shrink = 1.0 if attempt < 20 else 0.5  # near the edge, try closer in
        distance = rng.uniform(min_m, max_m) * shrink
        point = offset(lat, lon, distance, rng.uniform(0, 2 * math.pi))
        if distance_m(district.lat, district.lon, *point) <= district.radius_m * 0.98:
            return round(point[0], 6), round(point[1], 6)
    # Pull towards the district centre: always inside.
    return round((lat + district.lat) / 2, 6), round((lon + district.lon) / 2, 6)


def place_geography(rng: random.Random, districts: list[District]) -> None:
    """Streets, then communities, in plausible places: streets (街道) at the core, towns further out."""
    for district in districts:
        place = district.place
        for street in district.streets:
            if street.urban:
                street.lat, street.lon = place_near(rng, place.lat, place.lon, 300, 0.22 * place.radius_m, place)
            else:
                street.lat, street.lon = place_near(rng, place.lat, place.lon, 0.3 * place.radius_m,
                                                    0.85 * place.radius_m, place)
            for community in street.communities:
                if community.urban:
                    spread = 1_600 if street.urban else 900
                    community.lat, community.lon = place_near(rng, street.lat, street.lon, 150, spread, place)
                else:
                    community.lat, community.lon = place_near(rng, street.lat, street.lon, 800, 4_500, place)
