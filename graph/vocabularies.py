"""The closed sets of codes the ontology's properties take (`Prop.enum`), and the governance subsets of them.

Codes are English snake_case, each with the Chinese term of the Deyang report beside it; the ontology
(graph/ontology.py) attaches them to properties and re-exports them.
"""
from __future__ import annotations

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
CASE_SOURCES = (
    "hotline_12345",  # 12345 市民服务热线
    "grid_inspection",  # 网格员巡查上报
    "walk_in",  # 来访 (便民服务中心窗口)
    "online",  # 网络/微信/APP
    "talk_point",  # 百姓说事点 / 居民议事会
    "other",  # 其他
)
SATISFACTION_LEVELS = ("satisfied", "basically_satisfied", "dissatisfied")  # 满意 / 基本满意 / 不满意
CONVENTION_KINDS = (
    "residents_convention",  # 居民公约 / 小区公约
    "property_service_standard",  # 物业服务标准
)
# "3 posts, 16 grades" (3岗16级), the community full-time staff's career ladder: post 1 正职 (secretary, director),
# 2 副职 (deputies), 3 委员/专职工作者 (members and staff); grades 1-16 within them.
STAFF_LADDER_POSTS = 3
STAFF_LADDER_GRADES = 16


# Which party organisations answer "a grand party committee" (大党委/大工委) and "a grid branch".
GRAND_COMMITTEE_KINDS = ("grand_party_committee", "grand_working_committee")
GRID_BRANCH_KINDS = ("grid_party_branch",)

# Gould–Fernandez brokerage roles (graph/algorithms/brokerage.py computes them; a test checks the two agree).
BROKERAGE_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
BROKERAGE_ROLE_LABEL_ZH = {
    "coordinator": "协调者", "itinerant": "顾问/巡回者", "representative": "代表者",
    "gatekeeper": "守门人", "liaison": "联络者",
}
