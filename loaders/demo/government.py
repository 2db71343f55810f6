"""The demo city's government: the governance commission and its promotion centre, one governance body
per district, and in every street an office, a dispatch centre and the departments' forces sent down to it
(下沉力量), down to the residents' (villagers') committee of every community.
"""
from __future__ import annotations

import datetime as dt

from loaders.demo import geo
from loaders.demo.rows import PLAN, CityRows, random_date

MAIN_DUTIES, FORMER_DUTIES, DELEGATED_POWERS = 30, 100, 35  # 街道职责: ≤ 30 main duties of 100+; 35 powers
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("police", "公安"), ("urban_management", "城管"), ("market_regulation", "市场监管"),
    ("natural_resources", "自然资源"), ("housing", "住房城乡建设"), ("ecology_environment", "生态环境"),
    ("emergency", "应急管理"), ("health", "卫生健康"), ("civil_affairs", "民政"),
    ("human_resources", "人力资源社会保障"), ("transport", "交通运输"), ("water", "水务"),
    ("fire_rescue", "消防救援"), ("culture_tourism", "文化广电旅游"), ("agriculture", "农业农村"),
    ("judicial", "司法"), ("taxation", "税务"), ("commerce", "商务"),
)


def add_government(city: CityRows) -> None:
    """The government bodies and their posts; fills `street_orgs`, `city_orgs` and each residents' committee."""
    rng = city.rng
    leading = city.node("GovernmentBody", id="gov-510600-leading", name="德阳市城乡基层治理委员会",
                        name_en="Deyang Urban and Rural Grassroots Governance Commission", kind="leading_body",
                        based_in=geo.CITY_CODE)
    centre = city.node("GovernmentBody", id="gov-510600-promotion", name="德阳市城乡基层治理促进中心",
                       name_en="Deyang Grassroots Governance Promotion Centre", kind="promotion_centre",
                       parent_org=leading, based_in=geo.CITY_CODE)
    city.city_orgs.update(leading=leading, promotion=centre)
    start = dt.date(2019, 12, 20)
    head = city.person(True)
    city.serve(head, leading, "主任", start)
    director = city.person(True)
    city.serve(director, leading, "办公室主任", start)
    city.serve(director, centre, "主任", start)  # cross-appointment: the commission's office is the centre
    for _ in range(5):
        city.serve(city.person(True), leading, "委员", start, part_time=True)
    for role in ("副主任", "副主任", "科员", "科员", "科员", "科员"):
        city.serve(city.person(True if role == "副主任" else None), centre, role, start)

    for district, posts in zip(city.districts, PLAN["district_body_posts"]):
        body = city.node("GovernmentBody", id=f"gov-{district.place.code}-governance",
                         name=f"{district.name}城乡基层治理促进中心", kind="district_body",
                         parent_org=centre, based_in=district.code)
        for number in range(posts):
            role = "主任" if number == 0 else "副主任" if number < 3 else "工作人员"
            person = city.person(True if number < 3 else None)
            city.serve(person, body, role, random_date(rng, dt.date(2020, 1, 1), dt.date(2020, 6, 30)))
            if number == 0:  # district heads sit on the city commission
                city.serve(person, leading, "委员", start, part_time=True)
        city.city_orgs[district.code] = body

    for district in city.districts:
        for street in district.streets:
            _street_government(city, district, street)
    for place in city.places:
        community = place.community
        place.residents_committee = city.node(
            "GovernmentBody", id=f"gov-{community.code}-rc",
            name=community.name + ("居民委员会" if community.urban else "村民委员会"), kind="residents_committee",
            parent_org=city.street_orgs[place.street.code]["office"], based_in=community.code)


def _street_government(city: CityRows, district: geo.District, street: geo.Street) -> None:
    code = street.code[:9]
    suffix = "办事处" if street.urban and not street.name.endswith("办事处") else "人民政府" if not street.urban else ""
    # The street reform: the duty list cut from 100+ to at most 30 main duties, 35 powers delegated to every street.
    first = not city.street_orgs
    office = city.node("GovernmentBody", id=f"gov-{code}-office", name=street.name + suffix, kind="street_office",
                       parent_org=city.city_orgs[district.code], based_in=street.code,
                       main_duties=MAIN_DUTIES if first else city.rng.randint(22, MAIN_DUTIES),
                       former_duties=FORMER_DUTIES if first else city.rng.randint(FORMER_DUTIES, 140),
                       delegated_powers=DELEGATED_POWERS)
    dispatch = city.node("GovernmentBody", id=f"gov-{code}-dispatch", name=f"{street.name}城市综合管理调度中心",
                         kind="dispatch_centre", parent_org=office, based_in=street.code)
    orgs = {"office": office, "dispatch": dispatch}
    for department, label in DEPARTMENTS:
        orgs[department] = city.node("GovernmentBody", id=f"gov-{code}-dispatch-{department}",
                                     name=f"{street.name}{label}下沉力量", kind="functional_department",
                                     department=department, parent_org=dispatch, based_in=street.code)
    city.street_orgs[street.code] = orgs
