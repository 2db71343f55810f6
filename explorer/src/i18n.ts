// Chinese first, English on a toggle. Kind, relationship and property labels come from the ontology (the API's
// `model` field, built from graph/ontology.py); only the explorer's own words (buttons, headings) are here.
import { gql } from "./api";

export type Lang = "zh" | "en";
export let lang: Lang = (localStorage.getItem("govgraph.lang") as Lang) || "zh";
export function setLang(l: Lang) {
  lang = l;
  localStorage.setItem("govgraph.lang", l);
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
}

export interface ModelProperty { name: string; field: string; labelZh: string; type: string; description: string; enum: string[] | null }
export interface ModelKind { name: string; family: string; labelZh: string; description: string; properties: ModelProperty[] }
export interface ModelRelation { type: string; labelZh: string; description: string; sources: string[]; targets: string[]; dated: boolean; undirected: boolean; properties: ModelProperty[] }
export interface Model { families: string[]; kinds: ModelKind[]; relations: ModelRelation[] }

export let model: Model = { families: [], kinds: [], relations: [] };
const kinds = new Map<string, ModelKind>();
const relations = new Map<string, ModelRelation>();

export const MODEL_QUERY = `query Model {
  model {
    families
    kinds { name family labelZh description properties { name field labelZh type description enum } }
    relations { type labelZh description sources targets dated undirected properties { name field labelZh type description enum } }
  }
}`;

export async function loadModel() {
  const data = await gql<{ model: Model }>("model", MODEL_QUERY);
  model = data.model;
  for (const k of model.kinds) kinds.set(k.name, k);
  for (const r of model.relations) relations.set(r.type, r);
}

export function kindInfo(kind: string): ModelKind | undefined { return kinds.get(kind); }
export function familyOf(kind: string): string { return kinds.get(kind)?.family ?? kind; }

function words(name: string): string {
  const s = name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const FAMILY_ZH: Record<string, string> = {};
export function kindLabel(kind: string): string {
  const k = kinds.get(kind);
  if (lang === "en") return words(kind);
  if (k) return k.labelZh;
  // A family (Area, Organization …): the labels of its kinds, as the ontology has no label for a family.
  if (!FAMILY_ZH[kind]) {
    const of = model.kinds.filter((x) => x.family === kind && x.name !== kind).map((x) => x.labelZh);
    FAMILY_ZH[kind] = of.length ? of.slice(0, 3).join("/") + (of.length > 3 ? "…" : "") : kind;
  }
  return FAMILY_ZH[kind];
}

export function relLabel(type: string): string {
  const r = relations.get(type);
  if (!r) return type;
  return lang === "en" ? words(type) : r.labelZh;
}

export function relInfo(type: string): ModelRelation | undefined { return relations.get(type); }

export function propLabel(prop: ModelProperty): string {
  return lang === "en" ? words(prop.name) : prop.labelZh;
}

/** A relationship property's label, by its Neo4j name (start_date …). */
export function relPropLabel(type: string, name: string): string {
  const p = relations.get(type)?.properties.find((x) => x.name === name);
  return p ? propLabel(p) : words(name);
}

const UI: Record<string, [string, string]> = {
  title: ["基层治理网络浏览器", "Governance network explorer"],
  search: ["搜索", "Search"],
  searchPlaceholder: ["搜索名称：社区、小区、组织、人员、设施……", "Search names: communities, compounds, organisations, people, facilities…"],
  entity: ["实体", "Entity"],
  network: ["网络", "Network"],
  chains: ["交叉任职链", "Chains"],
  map: ["规划地图", "Planner's map"],
  dashboard: ["概览", "Dashboard"],
  graphiql: ["GraphiQL", "GraphiQL"],
  showQuery: ["查看 GraphQL 查询", "Show the GraphQL query"],
  copy: ["复制", "Copy"],
  openGraphiql: ["在 GraphiQL 中打开", "Open in GraphiQL"],
  close: ["关闭", "Close"],
  csv: ["导出 CSV", "CSV"],
  png: ["导出 PNG", "PNG"],
  noHits: ["没有结果", "No results"],
  typeToSearch: ["输入名称开始搜索（中文或英文）", "Type a name to search (Chinese or English)"],
  properties: ["属性", "Properties"],
  ties: ["关系", "Ties"],
  measures: ["网络指标", "Network measures"],
  noMeasures: ["尚无网络指标：运行 govgraph analyze 后可见", "No measures yet: run govgraph analyze"],
  openNetwork: ["在网络中展开", "Open in the network"],
  openMap: ["在地图中查看", "Show on the map"],
  chainFrom: ["起点（组织或人员）", "From (organisation or person)"],
  chainTo: ["终点（组织或人员）", "To (organisation or person)"],
  chainFromThis: ["作为交叉任职链起点", "Chain from here"],
  chainToThis: ["作为交叉任职链终点", "Chain to here"],
  maxHops: ["最多人数", "Max people"],
  asOf: ["截至日期", "As of"],
  draw: ["绘制", "Draw"],
  noChains: ["没有不超过该人数的链", "No chain within that many people"],
  depth: ["展开步数", "Steps"],
  tieFilter: ["关系类型", "Tie kinds"],
  sizeBy: ["节点大小", "Size by"],
  legend: ["图例", "Legend"],
  nodes: ["节点", "nodes"],
  edges: ["边", "edges"],
  truncated: ["（已截断）", " (truncated)"],
  broker: ["经纪人（跨部门中介）", "Broker"],
  cutPoint: ["单点失效（割点）", "Cut point"],
  clickToExpand: ["单击节点展开其邻居；拖动可移动节点；滚轮缩放", "Click a node to expand it; drag to move; scroll to zoom"],
  coBuilding: ["共驻共建网络", "Co-building network"],
  ego: ["自我中心网络", "Ego network"],
  area: ["区域", "Area"],
  load: ["加载", "Load"],
  reset: ["清空", "Clear"],
  gapKind: ["缺口类型", "Gap kind"],
  radius: ["半径（米）", "Radius (m)"],
  facilityKind: ["设施类型", "Facility kind"],
  anyKind: ["任意类型", "Any kind"],
  recommend: ["推荐选址", "Recommend sites"],
  count: ["数量", "Count"],
  gaps: ["缺口", "gaps"],
  gapsPerStreet: ["各街道缺口（全部缺口，服务端统计）", "Gaps per street (every gap, counted by the server)"],
  residentsLeftOut: ["涉及居民", "Residents left out"],
  compounds: ["小区", "compounds"],
  facilities: ["设施", "facilities"],
  residents: ["居民", "residents"],
  site: ["选址", "Site"],
  gained: ["新增覆盖", "Newly covered"],
  figures: ["文章数据与图谱对照", "The article's figures beside the graph"],
  article: ["文章", "Article"],
  expected: ["期望", "Expected"],
  graph: ["图谱", "Graph"],
  perDistrict: ["各县区", "Per district"],
  perStreet: ["各街道/乡镇", "Per street"],
  gapTotals: ["覆盖缺口合计", "Coverage-gap totals"],
  loading: ["加载中…", "Loading…"],
  error: ["出错了", "Error"],
  wholeCity: ["全市", "Whole city"],
  allTies: ["全部", "All"],
  open: ["打开", "Open"],
  posts: ["任职", "Posts"],
  onBehalfOf: ["派出单位", "On behalf of"],
  role: ["职务", "Role"],
  from: ["自", "from"],
  to: ["至", "to"],
  current: ["至今", "current"],
  population: ["人口", "Population"],
  nearest: ["最近设施", "Nearest facility"],
  distance: ["距离（米）", "Distance (m)"],
  name: ["名称", "Name"],
  kind: ["类型", "Kind"],
  place: ["位置", "Place"],
  total: ["总计", "Total"],
  more: ["更多", "more"],
  layout: ["布局", "Layout"],
  pickOrg: ["输入组织或人员名称", "Type an organisation's or a person's name"],
  noDate: ["（全部日期）", "(any date)"],
  today: ["今天", "Today"],
  graphml: ["GraphML", "GraphML"],
  gexf: ["GEXF", "GEXF"],
  tieCount: ["关系数", "Ties"],
  degreeInView: ["视图内度数", "Degree in view"],
  covered: ["已覆盖", "covered"],
  noPosition: ["无坐标的小区", "compounds without position"],
  before: ["现状覆盖", "Covered today"],
  after: ["选址后未覆盖", "Uncovered after"],
  sector: ["部门", "Sector"],
  notAnalyzed: ["（未分析）", "(not analysed)"],
  serviceByStreet: ["服务时限：各街道（接诉 2 小时、处置 24 小时、办结 7 天）", "Service levels per street (accept 2 h, handle 24 h, close 7 d)"],
  serviceByDepartment: ["服务时限：各承办部门", "Service levels per department"],
  supervision: ["督办清单（超时未结）", "Supervision list (open cases past a limit)"],
  cases: ["案件", "Cases"],
  medianH: ["中位（小时）", " median (h)"],
  satisfaction: ["满意率", "Satisfaction"],
  judgedAt: ["统计时点", "Judged at"],
  calendarHours: ["按自然时计", "calendar hours"],
  workingDays: ["按工作日计", "working days"],
  belowMarked: ["低于全市的标红", "below the whole answer in red"],
  overdueStep: ["超时环节", "Late step"],
  overdueBy: ["超时（小时）", "Overdue by (h)"],
  department: ["承办部门", "Department"],
  handler: ["承办单位", "Handler"],
  street: ["街道", "Street"],
  community: ["社区", "Community"],
};

export function t(key: keyof typeof UI | string): string {
  const pair = UI[key];
  if (!pair) return key;
  return lang === "zh" ? pair[0] : pair[1];
}
