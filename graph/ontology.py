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

from dataclasses import dataclass, field
from typing import Literal

PropType = Literal["string", "int", "float", "bool", "date", "datetime", "string_list"]


@dataclass(frozen=True)
class Prop:
    name: str
    type: PropType
    label_zh: str
    required: bool = False
    personal: bool = False  # phone, ID number: never exported to analysis or logs
    enum: tuple[str, ...] | None = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Ref:
    """A single-valued tie written as a column of a node's own file.

    `parent` on a Compound's row becomes (Compound)-[:WITHIN]->(parent).
    """

    column: str
    rel: str
    label_zh: str
    targets: tuple[str, ...]  # kind or family names the id may point to
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class NodeKind:
    name: str  # Neo4j kind label, also the GraphQL type name
    family: str  # Neo4j family label carrying the id constraint
    label_zh: str
    file: str  # CSV file stem / sheet name
    description: str
    props: tuple[Prop, ...] = ()
    refs: tuple[Ref, ...] = ()

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return COMMON_PROPS + self.props

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.family,) if self.family == self.name else (self.family, self.name)


@dataclass(frozen=True)
class RelKind:
    type: str  # Neo4j relationship type
    label_zh: str
    sources: tuple[str, ...]  # kind or family names
    targets: tuple[str, ...]
    file: str | None  # its own CSV file (None: only written through a Ref column)
    description: str
    props: tuple[Prop, ...] = ()
    dated: bool = False  # carries start_date / end_date
    undirected: bool = False  # stored once, read both ways (CO_BUILDS)
    key: tuple[str, ...] = ()  # props that, with both ends, identify one tie

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return self.props + (DATED_PROPS if self.dated else ())


# --- shared properties -----------------------------------------------------
COMMON_PROPS = (
    Prop("id", "string", "编号", required=True, description="stable id from the source system (never Neo4j's internal id)"),
    Prop("name", "string", "名称", required=True, description="name, Chinese first"),
    Prop("name_en", "string", "英文名称", description="English name, if any"),
)
DATED_PROPS = (
    Prop("start_date", "date", "开始日期"),
    Prop("end_date", "date", "结束日期", description="empty while current"),
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

PARTY_ORG_KINDS = (
    "grand_party_committee",  # 大党委 (street/community)
    "grand_working_committee",  # 大工委
    "two_new_committee",  # "两新"综合党委
    "functional_joint_committee",  # 功能型联合党委
    "community_party_committee",  # 社区党委
    "compound_party_organization",  # 小区党组织
    "grid_party_branch",  # 网格党支部
    "building_party_group",  # 楼宇楼院党小组
    "unit_party_organization",  # 驻区单位党组织
)
GOVERNMENT_KINDS = (
    "leading_body",  # 城乡基层治理领导机构
    "promotion_centre",  # 城乡基层治理促进中心
    "district_body",  # 区县相应机构
    "street_office",  # 街道办事处
    "dispatch_centre",  # 城市综合管理调度中心
    "functional_department",  # 职能部门 (police, urban management …)
    "residents_committee",  # 居委会
)
RESIDENT_UNIT_KINDS = ("hospital", "school", "firm", "agency", "social_organization")
ASSOCIATION_KINDS = (
    "owners_committee_association",  # 业委会协会
    "property_company_association",  # 物业公司协会
    "party_building_alliance",  # 党建联盟
)
FACILITY_KINDS = (
    "area_service_complex",  # 片区型综合服务体
    "party_mass_service_centre",  # 党群服务中心
    "party_building_lounge",  # 党建会客厅
    "canteen",  # 社区食堂
    "elderly_centre",  # 夕阳红
    "health_station",  # 卫生服务站
    "legal_aid_point",  # 法律援助点
    "police_post",  # 流动警务室
    "deputies_studio",  # 代表委员工作室
    "after_school_centre",  # 四点半学校
    "job_station",  # 双创
    "residents_council",  # 居民议事会 / 百姓说事点 / 院坝龙门阵
)
SERVICE_CATEGORIES = (
    "governance", "health_rehab", "youth", "elderly", "culture_sport",
    "employment", "legal", "convenience",
)
PROJECT_KINDS = ("featured_block", "position_upgrade", "old_compound_renewal", "elderly_care_complex")
PROJECT_STATUSES = ("proposed", "selected", "in_progress", "completed")
PLANNER_ROLES = ("pool", "advisory", "builder", "crowd_wisdom")  # 人才库 顾问团 营造师 众智组
PLANNER_FIELDS = ("architecture_planning", "construction_operation", "landscape", "culture_art", "social_work")
CO_BUILDING_MECHANISMS = (
    "branch_co_building",  # 支部共建
    "joint_decisions",  # 决策联动
    "joint_work",  # 工作联手
    "shared_resources",  # 资源联用
    "joint_assessment",  # 考核联评
)
SENT_DOWN_MECHANISMS = ("group_guidance", "proposal_feedback", "adviser_liaison", "project_leadership")
CASE_STATUSES = ("reported", "accepted", "handled", "closed")

ORG_REFS = (
    Ref("parent_org", "SUB_ORGANIZATION_OF", "上级组织", ("Organization",)),
    Ref("based_in", "BASED_IN", "所在区域", ("Area",)),
)


def _kind(name, family, label_zh, file, description, props=(), refs=()):
    return NodeKind(name, family, label_zh, file, description, tuple(props), tuple(refs))


def _area(name, label_zh, file, parent_targets, description):
    refs = (Ref("parent", "WITHIN", "上级区域", parent_targets, required=bool(parent_targets)),) if parent_targets else ()
    return _kind(name, "Area", label_zh, file, description, AREA_PROPS, refs)


def _org(name, label_zh, file, description, props=(), refs=ORG_REFS):
    return _kind(name, "Organization", label_zh, file, description, props, refs)


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
         (Prop("kind", "string", "类型", required=True, enum=PARTY_ORG_KINDS),)),
    _org("GovernmentBody", "政府机构", "government_bodies",
         "a government body: leading body, promotion centre, street office, dispatch centre, functional department",
         (Prop("kind", "string", "类型", required=True, enum=GOVERNMENT_KINDS),
          Prop("department", "string", "部门", description="for functional departments: police, urban management …"))),
    _org("ResidentUnit", "驻区单位", "resident_units",
         "a resident unit (驻区单位): hospital, school, firm or agency in the area",
         (Prop("kind", "string", "类型", required=True, enum=RESIDENT_UNIT_KINDS),
          Prop("sector", "string", "行业"))),
    _org("Association", "协会/联盟", "associations",
         "an owners'-committee association, property-company association or party-building alliance",
         (Prop("kind", "string", "类型", required=True, enum=ASSOCIATION_KINDS),)),
    _org("OwnersCommittee", "业主委员会", "owners_committees", "an owners' committee (业委会) of a compound",
         (Prop("founded", "date", "成立日期"), Prop("term_end", "date", "任期届满"))),
    _org("PropertyCompany", "物业公司", "property_companies", "a property-management company (物业公司)",
         (Prop("party_building_rating", "int", "党建评级", minimum=0, maximum=5,
               description="0-5; strong firms get priority for purchased services"),
          Prop("phone", "string", "联系电话", personal=True))),
    _org("VolunteerTeam", "志愿服务队", "volunteer_teams", "a volunteer service team (志愿服务队)",
         (Prop("members", "int", "队员人数", minimum=0), Prop("focus", "string", "服务方向"))),
    _kind("Person", "Person", "人员", "persons",
          "a person (pseudonymous id): cadre, committee member, planner, volunteer",
          (Prop("gender", "string", "性别", enum=("female", "male")),
           Prop("party_member", "bool", "党员"),
           Prop("expertise", "string", "专长", description="for planners: one of the five fields",
                enum=PLANNER_FIELDS + ("other",)),
           Prop("planner_role", "string", "规划师角色", enum=PLANNER_ROLES),
           Prop("staff_grade", "string", "岗位等级", description="'3 posts 16 grades' ladder, e.g. 2-07"),
           Prop("phone", "string", "手机号码", personal=True),
           Prop("id_number", "string", "身份证号", personal=True))),
    _kind("Facility", "Facility", "服务设施", "facilities",
          "a service facility: complex, party-mass centre, lounge, canteen, elderly centre, health station …",
          (Prop("kind", "string", "类型", required=True, enum=FACILITY_KINDS),
           LAT, LON,
           Prop("categories", "string_list", "服务类别", enum=SERVICE_CATEGORIES),
           Prop("services", "int", "服务项目数", minimum=0),
           Prop("cost_yuan", "float", "投资(元)", minimum=0),
           Prop("opened", "date", "启用日期")),
          (Ref("area", "LOCATED_IN", "所在区域", ("Area",), required=True),
           Ref("operator", "OPERATED_BY", "运营单位", ("Organization",)))),
    _kind("Project", "Project", "项目", "projects",
          "a planner project: featured block, position upgrade, old-compound renewal, elderly-care complex",
          (Prop("kind", "string", "类型", required=True, enum=PROJECT_KINDS),
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
           Prop("closed_at", "datetime", "办结时间")),
          (Ref("area", "REPORTED_IN", "发生区域", ("Area",), required=True),
           Ref("handler", "HANDLED_BY", "承办单位", ("Organization",)))),
)

REL_KINDS: tuple[RelKind, ...] = (
    RelKind("WITHIN", "隶属", ("Area",), ("Area",), None, "the five-level area hierarchy"),
    RelKind("SUB_ORGANIZATION_OF", "下级组织", ("Organization",), ("Organization",), None,
            "an organisation under another (grid branch under a community committee)"),
    RelKind("BASED_IN", "驻在", ("Organization",), ("Area",), None, "where an organisation sits"),
    RelKind("COVERS", "覆盖", ("Organization",), ("Area",), "covers",
            "an organisation's responsibility for an area (a compound party organisation covers its compound)",
            dated=True),
    RelKind("SERVES_IN", "任职", ("Person",), ("Organization",), "serves_in",
            "a post (Popolo membership); on_behalf_of names the resident unit that sent a part-time member",
            (Prop("role", "string", "职务", required=True),
             Prop("part_time", "bool", "兼职"),
             Prop("on_behalf_of", "string", "派出单位", description="id of the sending resident unit")),
            dated=True, key=("role",)),
    RelKind("SEATS_ON", "兼职委员单位", ("Organization",), ("PartyOrganization",), "seats_on",
            "a resident unit holding a part-time seat on a grand party committee", dated=True),
    RelKind("CO_BUILDS", "共驻共建", ("Organization",), ("Organization",), "co_builds",
            "a co-building agreement between two units",
            (Prop("mechanisms", "string_list", "共建机制", enum=CO_BUILDING_MECHANISMS),
             Prop("agreement", "string", "协议名称")),
            dated=True, undirected=True),
    RelKind("MEMBER_OF", "成员单位", ("Organization",), ("Association",), "member_of",
            "an organisation in an association or alliance", dated=True),
    RelKind("MANAGES", "物业服务", ("PropertyCompany",), ("Compound",), "manages",
            "a property company managing a compound", dated=True),
    RelKind("REPRESENTS", "代表", ("OwnersCommittee",), ("Compound",), "represents",
            "an owners' committee representing a compound", dated=True),
    RelKind("SENT_DOWN_TO", "下沉", ("Person",), ("Area",), "sent_down_to",
            "a cadre sent down to a compound (领航行动)",
            (Prop("programme", "string", "项目", required=True),
             Prop("mechanisms", "string_list", "工作机制", enum=SENT_DOWN_MECHANISMS)),
            dated=True),
    RelKind("PLANS", "规划", ("Person",), ("Project",), "plans", "a community planner on a project",
            (Prop("role", "string", "角色", required=True, enum=PLANNER_ROLES),), key=("role",)),
    RelKind("LOCATED_IN", "位于", ("Facility", "Project"), ("Area",), None, "where a facility or project is"),
    RelKind("OPERATED_BY", "运营", ("Facility",), ("Organization",), None, "who runs a facility"),
    RelKind("REPORTED_IN", "发生于", ("Case",), ("Area",), None, "where a case was reported"),
    RelKind("HANDLED_BY", "承办", ("Case",), ("Organization",), None, "who handled a case"),
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


def personal_props() -> dict[str, tuple[str, ...]]:
    return {k.name: tuple(p.name for p in k.all_props if p.personal) for k in NODE_KINDS
            if any(p.personal for p in k.all_props)}
