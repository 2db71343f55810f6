"""The demo city's volunteer teams, each led by someone who already holds a post, and their members."""
from __future__ import annotations

import datetime as dt

from loaders.demo.rows import PLAN, CityRows, Compound, Place, random_date, weighted_sample

VOLUNTEER_FOCUS = ("疫情防控", "环境卫生", "助老助残", "文明劝导", "治安巡逻", "关爱儿童", "文化文艺",
                   "邻里互助", "垃圾分类", "法律宣传")


def add_volunteers(city: CityRows) -> None:
    """Volunteer teams, each led by someone already in post (a cross-appointment), and their members."""
    rng = city.rng
    target = city.n(PLAN["volunteer_teams"])
    homes: list[tuple[Place, Compound | None]] = [(p, None) for p in city.places][:target]
    with_org = [(p, c) for p in city.places for c in p.compounds if c.party_org]
    homes += weighted_sample(rng, with_org, [c.households for _, c in with_org], target - len(homes))
    if len(homes) < target:  # a big city: some compounds have two or more teams
        homes += rng.choices(with_org or homes, k=target - len(homes))
    teams = []
    for number, (place, compound) in enumerate(homes, 1):
        focus = rng.choice(VOLUNTEER_FOCUS)
        where = compound.name if compound else place.community.name
        team = city.node("VolunteerTeam", id=f"vt-{place.community.code}-{number:05d}",
                         name=f"{where}{focus}志愿服务队", members=rng.randint(12, 60), focus=focus,
                         parent_org=compound.party_org if compound else place.grand_committee,
                         based_in=compound.id if compound else place.community.code)
        start = random_date(rng, dt.date(2018, 1, 1), dt.date(2020, 10, 31))
        # The team's leader already holds a post: a compound or community party member (cross-appointment).
        leader = city.compound_members[compound.party_org][-1] if compound else \
            (place.members[-1] if place.members else place.secretary)
        city.serve(leader, team, "队长", start)
        teams.append((team, start))
        place.teams.append(team)
    volunteers = [city.person() for _ in range(city.n(PLAN["participants"]))]
    for index, person in enumerate(volunteers):
        team, start = teams[index % len(teams)] if index < 3 * len(teams) else rng.choice(teams)
        city.serve(person, team, "队员", start + dt.timedelta(days=rng.randint(0, 60)))
    for person in weighted_sample(rng, volunteers, [1.0] * len(volunteers), len(volunteers) // 16):
        team, start = rng.choice(teams)
        city.serve(person, team, "队员", start + dt.timedelta(days=rng.randint(0, 60)))
