"""The governance ontology, defined once.

Every node kind and relationship kind govgraph knows, with each property's
type, whether it is required, whether it is personal data, and its Chinese
label. Everything else is derived from this module: the constraints and
indexes (`cypher/schema.cypher`, checked by a test), loader validation, the
CSV/Excel templates, the GraphQL types and `docs/model.md`.

Adding a kind is one entry in NODE_KINDS or REL_KINDS.

Aligned with Popolo and the W3C Organization Ontology: a node is an Area, an
Organization, a Person, a Facility, a Project or a Case (its *family* label)
and carries one *kind* label within its family (a Compound is an Area).
Memberships are `SERVES_IN` relationships.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

# The shapes of the entries, re-exported: every layer reads them as ontology.Prop, ontology.NodeKind …
from graph.model import COMMON_PROPS, DATED_PROPS, NodeKind, Prop, PropType, Ref, RelKind  # noqa: F401
from graph.ontology_check import check
from graph.vocabularies import (
    ASSOCIATION_KINDS,
    BROKERAGE_ROLE_LABEL_ZH,
    BROKERAGE_ROLES,
    CASE_SOURCES,
    CASE_STATUSES,
    CO_BUILDING_MECHANISMS,
    CONVENTION_KINDS,
    FACILITY_KINDS,
    GOVERNMENT_KINDS,
    GRAND_COMMITTEE_KINDS,
    GRID_BRANCH_KINDS,
    PARTY_ORG_KINDS,
    PLANNER_FIELDS,
    PLANNER_ROLES,
    PROJECT_KINDS,
    PROJECT_STATUSES,
    RESIDENT_UNIT_KINDS,
    SATISFACTION_LEVELS,
    SENT_DOWN_MECHANISMS,
    SERVICE_CATEGORIES,
    STAFF_LADDER_GRADES,
    STAFF_LADDER_POSTS,
)

LAT = Prop("lat", "float", "纬度", minimum=-90, maximum=90, description="WGS84 latitude")
LON = Prop("lon", "float", "经度", minimum=-180, maximum=180, description="WGS84 longitude")
AREA_PROPS = (
    Prop("admin_code", "string", "区划代码"),
    Prop("population", "int", "人口", minimum=0),
    Prop("households", "int", "户数", minimum=0),
    LAT,
    LON,
)


ORG_REFS = (
    Ref("parent_org", "SUB_ORGANIZATION_OF", "上级组织", ("Organization",)),
    Ref("based_in", "BASED_IN", "所在区域", ("Area",)),
)


def _kind(name, family, label_zh, file, description, props=(), refs=(), **facts):
    return NodeKind(name, family, label_zh, file, description, tuple(props), tuple(refs), **facts)


def _subtype(enum, description=""):
    """The `kind` property of a family's kind: its subtype, by a closed set of codes."""
    return Prop("kind", "string", "类型", required=True, enum=enum, description=description, api="subtype")


def _area(name, label_zh, file, parent_targets, description):
    refs = ((Ref("parent", "WITHIN", "上级区域", parent_targets, required=bool(parent_targets)),)
            if parent_targets else ())
    return _kind(name, "Area", label_zh, file, description, AREA_PROPS, refs, sector="area")


def _org(name, label_zh, file, description, props=(), refs=ORG_REFS, **facts):
    return _kind(name, "Organization", label_zh, file, description, props, refs, **facts)


NODE_KINDS: tuple[NodeKind, ...] = (
    _area("City", "市", "cities", (), "a city (市), top of the five-level linkage"),
    _area("District", "区/县", "districts", ("City",), "a county-level unit: district, county or county-level city"),
    _area("Street", "街道/镇", "streets", ("District",), "a street (街道), or a township (镇/乡) in rural parts"),
    _area("Community", "社区/村", "communities", ("Street",), "a community (社区), or a village (村)"),
    _area("Compound", "小区/院落", "compounds", ("Community",), "a residential compound (小区/院落)"),
    _area("Grid", "网格", "grids", ("Community", "Compound"), "a grid (网格) of buildings under a community"),
    _org("PartyOrganization", "党组织", "party_organizations",
         "a party organisation: grand party (working) committee, two-new or functional joint committee, "
         "compound party organisation, grid branch, building group",
         (_subtype(PARTY_ORG_KINDS),), sector="party"),
    _org("GovernmentBody", "政府机构", "government_bodies",
         "a government body: leading body, promotion centre, street office, dispatch centre, functional department",
         (_subtype(GOVERNMENT_KINDS),
          Prop("department", "string", "部门", description="for functional departments: police, urban management …"),
          Prop("main_duties", "int", "主要职责数", minimum=0, maximum=30,
               description="for street offices: the main duties on the street's duty list (at most 30)"),
          Prop("former_duties", "int", "原职责数", minimum=0,
               description="for street offices: the duties it carried before the reform (100+)"),
          Prop("delegated_powers", "int", "下放执法审批权限数", minimum=0,
               description="for street offices: enforcement and approval powers delegated to the street (35)")),
         sector="government"),
    _org("ResidentUnit", "驻区单位", "resident_units",
         "a resident unit (驻区单位): hospital, school, firm or agency in the area",
         (_subtype(RESIDENT_UNIT_KINDS),
          Prop("sector", "string", "行业")),
         sector="resident_unit"),
    _org("Association", "协会/联盟", "associations",
         "an owners'-committee association, property-company association or party-building alliance",
         (_subtype(ASSOCIATION_KINDS),), sector="party",
         sector_by_subtype=(("owners_committee_association", "owners"), ("property_company_association", "property"),
                            ("party_building_alliance", "party"))),
    _org("OwnersCommittee", "业主委员会", "owners_committees", "an owners' committee (业委会) of a compound",
         (Prop("founded", "date", "成立日期"), Prop("term_end", "date", "任期届满")), sector="owners"),
    _org("PropertyCompany", "物业公司", "property_companies", "a property-management company (物业公司)",
         (Prop("party_building_rating", "int", "党建评级", minimum=0, maximum=5,
               description="0-5; strong firms get priority for purchased services"),
          Prop("phone", "string", "联系电话", personal=True)), sector="property"),
    _org("VolunteerTeam", "志愿服务队", "volunteer_teams", "a volunteer service team (志愿服务队)",
         (Prop("members", "int", "队员人数", minimum=0, api="member_count"), Prop("focus", "string", "服务方向")),
         sector="volunteers"),
    _kind("Person", "Person", "人员", "persons",
          "a person (pseudonymous id): cadre, committee member, planner, volunteer",
          (Prop("gender", "string", "性别", enum=("female", "male")),
           Prop("party_member", "bool", "党员", sensitive=True),
           Prop("expertise", "string", "专长", description="for planners: one of the five fields",
                enum=PLANNER_FIELDS + ("other",)),
           Prop("planner_role", "string", "规划师角色", enum=PLANNER_ROLES),
           Prop("staff_grade", "string", "岗位等级", description="'3 posts 16 grades' ladder, e.g. 2-07"),
           Prop("phone", "string", "手机号码", personal=True),
           Prop("id_number", "string", "身份证号", personal=True)),
          sector="people", placed_via=("SERVES_IN", "Organization")),
    _kind("Facility", "Facility", "服务设施", "facilities",
          "a service facility: complex, party-mass centre, lounge, canteen, elderly centre, health station …",
          (_subtype(FACILITY_KINDS),
           LAT, LON,
           Prop("categories", "string_list", "服务类别", enum=SERVICE_CATEGORIES),
           Prop("services", "int", "服务项目数", minimum=0),
           Prop("cost_yuan", "float", "投资(元)", minimum=0),
           Prop("opened", "date", "启用日期")),
          (Ref("area", "LOCATED_IN", "所在区域", ("Area",), required=True),
           Ref("operator", "OPERATED_BY", "运营单位", ("Organization",)))),
    _kind("Project", "Project", "项目", "projects",
          "a planner project: featured block, position upgrade, old-compound renewal, elderly-care complex",
          (_subtype(PROJECT_KINDS),
           Prop("status", "string", "状态", enum=PROJECT_STATUSES),
           Prop("budget_yuan", "float", "预算(元)", minimum=0),
           Prop("award_yuan", "float", "以奖代补(元)", minimum=0),
           Prop("batch", "int", "批次", minimum=1)),
          (Ref("area", "LOCATED_IN", "所在区域", ("Area",), required=True),)),
    _kind("Case", "Case", "诉求案件", "cases",
          "a resident's report, with the times it was reported, accepted, handled and closed (2 h / 24 h / 7 d)",
          (Prop("category", "string", "类别"),
           Prop("status", "string", "状态", required=True, enum=CASE_STATUSES),
           Prop("mediated", "bool", "矛盾纠纷调处"),
           Prop("reported_at", "datetime", "上报时间", required=True),
           Prop("accepted_at", "datetime", "受理时间"),
           Prop("handled_at", "datetime", "办理时间"),
           Prop("closed_at", "datetime", "办结时间"),
           Prop("source", "string", "诉求来源", enum=CASE_SOURCES, description="the channel it came in by"),
           Prop("satisfaction", "string", "回访满意度", enum=SATISFACTION_LEVELS,
                description="the resident's evaluation at the return visit, where recorded"),
           Prop("reporter_phone", "string", "联系电话", personal=True, description="the reporter's phone"),
           Prop("content", "string", "诉求内容", sensitive=True,
                description="what the resident reported, in their words")),
          (Ref("area", "REPORTED_IN", "发生区域", ("Area",), required=True),
           Ref("handler", "HANDLED_BY", "承办单位", ("Organization",)))),
)

REL_KINDS: tuple[RelKind, ...] = (
    RelKind("WITHIN", "隶属", ("Area",), ("Area",), None, "the five-level area hierarchy",
            fields=("parent", "children")),
    RelKind("SUB_ORGANIZATION_OF", "下级组织", ("Organization",), ("Organization",), None,
            "an organisation under another (grid branch under a community committee)",
            fields=("parent_organization", "sub_organizations")),
    RelKind("BASED_IN", "驻在", ("Organization",), ("Area",), None, "where an organisation sits",
            fields=("based_in", "organizations_based_here")),
    RelKind("COVERS", "覆盖", ("Organization",), ("Area",), "covers",
            "an organisation's responsibility for an area (a compound party organisation covers its compound)",
            dated=True,
            fields=("covers", "covered_by")),
    RelKind("SERVES_IN", "任职", ("Person",), ("Organization",), "serves_in",
            "a post (Popolo membership); on_behalf_of names the resident unit that sent a part-time member",
            (Prop("role", "string", "职务", required=True),
             Prop("part_time", "bool", "兼职"),
             Prop("on_behalf_of", "string", "派出单位", description="id of the sending resident unit",
                  refers_to="Organization"),
             Prop("ladder_post", "int", "岗位(3岗)", minimum=1, maximum=STAFF_LADDER_POSTS,
                  description="for community full-time staff, the post on the '3 posts, 16 grades' ladder: "
                              "1 head, 2 deputy, 3 member or staff"),
             Prop("ladder_grade", "int", "等级(16级)", minimum=1, maximum=STAFF_LADDER_GRADES,
                  description="the grade on that ladder (pay: base + grade allowance + fixed allowance + bonus)")),
            dated=True, key=("role",),
            fields=("posts", "members")),
    RelKind("SEATS_ON", "兼职委员单位", ("Organization",), ("PartyOrganization",), "seats_on",
            "a resident unit holding a part-time seat on a grand party committee", dated=True,
            fields=("seats_on", "seat_holders")),
    RelKind("CO_BUILDS", "共驻共建", ("Organization",), ("Organization",), "co_builds",
            "a co-building agreement between two units",
            (Prop("mechanisms", "string_list", "共建机制", enum=CO_BUILDING_MECHANISMS),
             Prop("agreement", "string", "协议名称")),
            dated=True, undirected=True,
            fields=("co_builds", "co_builds")),
    RelKind("MEMBER_OF", "成员单位", ("Organization",), ("Association",), "member_of",
            "an organisation in an association or alliance", dated=True,
            fields=("member_of", "member_organizations")),
    RelKind("MANAGES", "物业服务", ("PropertyCompany",), ("Compound",), "manages",
            "a property company managing a compound", dated=True,
            fields=("manages", "managed_by")),
    RelKind("REPRESENTS", "代表", ("OwnersCommittee",), ("Compound",), "represents",
            "an owners' committee representing a compound", dated=True,
            fields=("represents", "represented_by")),
    RelKind("SENT_DOWN_TO", "下沉", ("Person",), ("Area",), "sent_down_to",
            "a cadre sent down to a compound (领航行动)",
            (Prop("programme", "string", "项目", required=True),
             Prop("mechanisms", "string_list", "工作机制", enum=SENT_DOWN_MECHANISMS)),
            dated=True,
            fields=("sent_down_to", "sent_down_cadres")),
    RelKind("AGREES", "公约标准", ("Organization",), ("Area",), "conventions",
            "a residents' convention or property-service standard an organisation agreed for a compound or "
            "community (start_date: when it was agreed; several parties to one share its title)",
            (Prop("category", "string", "类别", required=True, enum=CONVENTION_KINDS),
             Prop("title", "string", "名称", required=True)),
            dated=True, key=("title",),
            fields=("agreed_conventions", "conventions")),
    RelKind("PLANS", "规划", ("Person",), ("Project",), "plans", "a community planner on a project",
            (Prop("role", "string", "角色", required=True, enum=PLANNER_ROLES),), key=("role",),
            fields=("plans", "planners")),
    RelKind("LOCATED_IN", "位于", ("Facility", "Project"), ("Area",), None, "where a facility or project is",
            fields=("located_in", "{plural}")),
    RelKind("OPERATED_BY", "运营", ("Facility",), ("Organization",), None, "who runs a facility",
            fields=("operated_by", "operates")),
    RelKind("REPORTED_IN", "发生于", ("Case",), ("Area",), None, "where a case was reported",
            fields=("reported_in", "cases")),
    RelKind("HANDLED_BY", "承办", ("Case",), ("Organization",), None, "who handled a case",
            fields=("handled_by", "cases_handled")),
)

FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(kind.family for kind in NODE_KINDS))
FULLTEXT_INDEX = "name_fulltext"
FULLTEXT_FAMILIES = ("Area", "Organization", "Person", "Facility", "Project")
FULLTEXT_PROPS = ("name", "name_en")

NODE_BY_NAME = {kind.name: kind for kind in NODE_KINDS}
NODE_BY_FILE = {kind.file: kind for kind in NODE_KINDS}
REL_BY_TYPE = {rel.type: rel for rel in REL_KINDS}
REL_BY_FILE = {rel.file: rel for rel in REL_KINDS if rel.file}
KINDS_OF_FAMILY = {family: tuple(k for k in NODE_KINDS if k.family == family) for family in FAMILIES}


def kinds_matching(names: tuple[str, ...]) -> tuple[NodeKind, ...]:
    """Node kinds named directly or through their family."""
    return tuple(k for k in NODE_KINDS if k.name in names or k.family in names)


def family_of(label: str) -> str:
    """The family a kind or family label belongs to (a family is its own)."""
    return label if label in FAMILIES else NODE_BY_NAME[label].family


def is_label(name: str) -> bool:
    """Only ontology labels may ever be spliced into Cypher."""
    return name in NODE_BY_NAME or name in FAMILIES


def is_rel_type(name: str) -> bool:
    return name in REL_BY_TYPE


PROP_NAMES = frozenset(p.name for kind in (*NODE_KINDS, *REL_KINDS) for p in kind.all_props)


def is_prop(name: str) -> bool:
    """Only ontology property names may be spliced into a map projection (graph/store/queries.py)."""
    return name in PROP_NAMES


def personal_props() -> dict[str, tuple[str, ...]]:
    return {k.name: tuple(p.name for p in k.all_props if p.personal) for k in NODE_KINDS
            if any(p.personal for p in k.all_props)}


def kind_of(labels: Iterable[str], family: str) -> str:
    """The kind label among a node's labels (the family label itself for single-kind families)."""
    kinds = [label for label in labels if label in NODE_BY_NAME and label != family]
    return kinds[0] if kinds else family


def sector_of(kind: str, subtype: str | None = None) -> str:
    """The sector a node of `kind` (and `subtype`) speaks for; "other" for kinds that name none."""
    node = NODE_BY_NAME[kind]
    return dict(node.sector_by_subtype).get(subtype or "", node.sector or "other")


def describe(prop: Prop) -> str:
    """A property in one line: its Chinese label, its description and its codes (GraphQL and docs use it)."""
    text = prop.label_zh + (f". {prop.description[0].upper()}{prop.description[1:]}" if prop.description else "")
    if prop.enum:
        text += ". One of: " + ", ".join(prop.enum)
    return text + "."


# The five levels of the linkage (市-区-街道-社区-小区), top down; a grid sits under a community or compound.
AREA_LEVELS = ("City", "District", "Street", "Community", "Compound")
STREET_LEVEL = "Street"  # where the dispatch centre and the grand working committee sit
COMPOUND_LEVEL = "Compound"  # where residents live: the level coverage and single points of failure are about

# The street's promise to residents (接诉 2 小时、处置 24 小时、办结 7 天): each step of a Case, the time it
# runs from and to (Case properties), and its limit in hours (graph/analysis/service_levels.py measures it).
SERVICE_PROMISE: dict[str, tuple[str, str, float]] = {
    "accept": ("reported_at", "accepted_at", 2.0),
    "handle": ("accepted_at", "handled_at", 24.0),
    "close": ("reported_at", "closed_at", 7 * 24.0),
}

# The node properties `govgraph analyze` writes on organisations (graph/analysis/writeback.py), described as
# every other property is, so that the API and the docs derive their fields from them. Not loaded from files.
MEASURE_PROPS: tuple[Prop, ...] = (
    Prop("degree", "int", "度数", description="organisations tied to this one in the organisation network"),
    Prop("degree_centrality", "float", "度中心性", description="degree / (n - 1)"),
    Prop("strength", "float", "加权度", description="sum of tie strengths"),
    Prop("betweenness", "float", "中介中心性", description="normalised; exact or sampled, see GraphMeta"),
    Prop("closeness", "float", "接近中心性", description="Wasserman–Faust closeness"),
    Prop("pagerank", "float", "PageRank", description="weighted by tie strength"),
    Prop("eigenvector", "float", "特征向量中心性", description="weighted by tie strength"),
    Prop("constraint", "float", "网络约束", description="Burt's constraint; low = structural holes"),
    Prop("effective_size", "float", "有效规模", description="Burt's effective size"),
    Prop("community", "int", "社群", description="Louvain community, 0 = largest"),
    *(Prop(f"brokerage_{role}", "int", f"中介角色:{BROKERAGE_ROLE_LABEL_ZH.get(role, '合计')}",
           description=f"Gould–Fernandez {role} paths across sectors")
      for role in (*BROKERAGE_ROLES, "total")),
    Prop("cut_compounds", "int", "单点失效影响院落",
         description="compounds cut off from their street if this organisation is lost"),
    Prop("analysis_version", "int", "分析所用图版本", description="graph version the measures were computed on"),
)

check(NODE_KINDS, REL_KINDS, get_args(PropType), subsets={
    "GRAND_COMMITTEE_KINDS": (GRAND_COMMITTEE_KINDS, PARTY_ORG_KINDS),
    "GRID_BRANCH_KINDS": (GRID_BRANCH_KINDS, PARTY_ORG_KINDS),
    "AREA_LEVELS": (AREA_LEVELS, [k.name for k in KINDS_OF_FAMILY["Area"]]),
    "STREET_LEVEL, COMPOUND_LEVEL": ((STREET_LEVEL, COMPOUND_LEVEL), AREA_LEVELS),
})
