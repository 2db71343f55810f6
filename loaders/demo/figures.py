"""The Deyang article's figures, and how to check a loaded graph against them.

Each figure names the column of `cypher/demo_figures.cypher` that measures it
in the graph. Figures of things that grow with the city (927 compound party
organisations, 6,783 mediated cases …) scale with the demo's `scale`; fixed
figures (1 leading body, 18 departments per dispatch centre, 8 categories …)
hold at every scale. `at_least` marks the article's "+" (余, 多).

Not represented, because the ontology has no kind for them: 120+ counters
removed and 4,460+ plaques cleared.
"""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import Driver

from graph.store import queries


@dataclass(frozen=True)
class Figure:
    key: str  # column of cypher/demo_figures.cypher
    value: int
    label: str
    label_zh: str
    at_least: bool = False
    scaled: bool = True

    def expected(self, scale: float) -> int:
        """The figure for a city `scale` times the article's (never below 1 for a thing that exists)."""
        if not self.scaled or self.value == 0:
            return self.value
        return max(1, round(self.value * scale))

    def holds(self, actual: int | float | None, scale: float) -> bool:
        if actual is None:
            return False
        want = self.expected(scale)
        return actual >= want if self.at_least else actual == want


def _fixed(key: str, value: int, label: str, label_zh: str, at_least: bool = False) -> Figure:
    return Figure(key, value, label, label_zh, at_least=at_least, scaled=False)


FIGURES: tuple[Figure, ...] = (
    _fixed("leading_bodies", 1, "city governance leading body", "城乡基层治理领导机构"),
    _fixed("promotion_centres", 1, "governance promotion centre", "城乡基层治理促进中心"),
    _fixed("district_bodies", 6, "district governance bodies", "县区相应机构"),
    _fixed("district_body_posts", 50, "posts in the district bodies", "增编", at_least=True),
    _fixed("streets_without_grand_committee", 0, "streets without a grand working committee", "未建大工委的街道"),
    _fixed("communities_without_grand_committee", 0, "communities without a grand party committee",
           "未建大党委的社区"),
    Figure("seated_resident_units", 1000, "resident units holding part-time seats", "驻区单位担任兼职委员",
           at_least=True),
    _fixed("two_new_committees", 3, "two-new comprehensive party committees", "两新综合党委"),
    _fixed("functional_joint_committees", 8, "functional joint party committees", "功能型联合党委"),
    Figure("grid_branches_and_building_groups", 2280, "grid party branches and building party groups",
           "网格党支部、楼宇楼院党小组", at_least=True),
    _fixed("streets_without_dispatch_centre", 0, "streets without a dispatch centre", "未建调度中心的街道"),
    _fixed("dispatch_departments_fewest", 18, "departments at a dispatch centre (fewest)", "下沉职能部门(最少)"),
    _fixed("dispatch_departments_most", 18, "departments at a dispatch centre (most)", "下沉职能部门(最多)"),
    Figure("owners_committee_associations", 83, "owners'-committee associations", "业委会协会"),
    Figure("property_company_associations", 36, "property-company associations", "物业公司协会"),
    Figure("compound_party_organizations", 927, "compound party organisations", "小区党组织"),
    Figure("owners_committees", 256, "owners' committees founded or re-elected", "业委会成立或换届"),
    Figure("volunteer_teams", 2177, "volunteer teams", "志愿服务队"),
    Figure("participants", 12000, "party members and residents taking part", "参与党员和居民", at_least=True),
    Figure("sent_down_cadres", 60, "cadres sent down to compounds (领航行动)", "下沉小区职级干部"),
    Figure("planners", 330, "community planners", "社区规划师", at_least=True),
    Figure("projects", 38, "planner projects, first batch", "首批项目清单"),
    _fixed("service_complexes", 2, "area service complexes", "片区型综合服务体"),
    _fixed("service_complex_cost_yuan", 50_000_000, "cost of the service complexes (yuan)", "投入(元)",
           at_least=True),
    _fixed("service_complex_services", 53, "services at each complex", "服务项目"),
    _fixed("service_complex_categories", 8, "service categories at each complex", "服务大类"),
    _fixed("party_building_lounges", 7, "party-building lounges in business districts", "党建会客厅"),
    Figure("alliance_members", 100, "party-building alliance members", "党建联盟成员", at_least=True),
    _fixed("lounge_services", 50, "services for mobile people at the lounges", "便民服务", at_least=True),
    Figure("co_building_units", 1000, "resident units co-building", "共驻共建单位", at_least=True),
    Figure("mediated_cases", 6783, "disputes mediated", "矛盾纠纷调处"),
    Figure("conventions", 1200, "residents' conventions and property-service standards agreed", "公约、标准",
           at_least=True),
    _fixed("street_main_duties_most", 30, "main duties on a street's duty list (most)", "街道主要职责(最多)"),
    _fixed("street_former_duties_fewest", 100, "duties of a street before the reform (fewest)", "街道原职责(最少)",
           at_least=True),
    _fixed("delegated_powers_fewest", 35, "enforcement and approval powers delegated to a street (fewest)",
           "下放街道执法审批权限(最少)"),
    _fixed("delegated_powers_most", 35, "enforcement and approval powers delegated to a street (most)",
           "下放街道执法审批权限(最多)"),
    _fixed("staff_ladder_posts", 3, "posts on the community staff career ladder", "社区专职工作者岗位(3岗)"),
    _fixed("staff_ladder_grades", 16, "grades on the community staff career ladder", "社区专职工作者等级(16级)"),
    _fixed("sent_down_mechanisms", 4, "working mechanisms of the cadres sent down", "下沉干部工作机制"),
    Figure("projects_with_award", 38, "planner projects funded by awards in lieu of subsidies", "以奖代补项目"),
)


@dataclass(frozen=True)
class FigureCheck:
    figure: Figure
    expected: int
    actual: int | float | None
    holds: bool

    @property
    def wanted(self) -> str:
        return f"≥ {self.expected:,}" if self.figure.at_least else f"{self.expected:,}"


def measure(driver: Driver, database: str | None = None) -> dict[str, int | float | None]:
    """The graph's value for every figure (one round trip)."""
    records, _, _ = driver.execute_query(queries.query("demo_figures"), database_=database)
    return dict(records[0])


def check(driver: Driver, database: str | None = None, scale: float = 1.0) -> list[FigureCheck]:
    """Every figure against the graph; `holds` is False where the graph falls short."""
    measured = measure(driver, database)
    return [FigureCheck(f, f.expected(scale), measured.get(f.key), f.holds(measured.get(f.key), scale))
            for f in FIGURES]
