// The entity page: properties (the API never returns personal data), ties grouped by kind with their dates
// and roles, measures after `govgraph analyze`, the area hierarchy as breadcrumbs, links to everything it touches.
import { gql } from "./api";
import { familyOf, kindInfo, kindLabel, lang, propLabel, relLabel, relPropLabel, t } from "./i18n";
import { AREA_CHAIN, placeOf } from "./places";
import { entityHref, href, panel, status, table } from "./ui";
import { clear, fmt, h } from "./util";

export const MEASURE_FIELDS = ["degree", "degreeCentrality", "strength", "betweenness", "closeness", "pagerank",
  "eigenvector", "constraint", "effectiveSize", "community", "brokerageCoordinator", "brokerageItinerant",
  "brokerageRepresentative", "brokerageGatekeeper", "brokerageLiaison", "brokerageTotal", "cutCompounds"];
const MEASURE_ZH: Record<string, string> = {
  degree: "度", degreeCentrality: "度中心性", strength: "加权度", betweenness: "中介中心性", closeness: "接近中心性",
  pagerank: "PageRank", eigenvector: "特征向量中心性", constraint: "网络约束（Burt）", effectiveSize: "有效规模",
  community: "社群（Louvain）", brokerageCoordinator: "协调者", brokerageItinerant: "巡回者", brokerageRepresentative: "代表者",
  brokerageGatekeeper: "守门人", brokerageLiaison: "联络者", brokerageTotal: "中介总数", cutCompounds: "单点失效影响院落",
};
export function measureLabel(field: string, english: boolean) {
  return english ? field.replace(/([A-Z])/g, " $1").toLowerCase() : (MEASURE_ZH[field] ?? field);
}

const MAX_TIES = 500;

export function entityQuery(kind: string): string {
  const info = kindInfo(kind);
  const own = (info?.properties ?? []).map((p) => p.field).filter((f) => !["id", "name", "nameEn"].includes(f));
  const family = familyOf(kind);
  const extra = family === "Area" ? "... on Area { parent { ...AreaChain } }"
    : family === "Organization" ? `... on Organization { basedIn { ...AreaChain } measures { ${MEASURE_FIELDS.join(" ")} analysisVersion } }`
    : family === "Facility" || family === "Project" ? `... on ${family} { locatedIn { ...AreaChain } }`
    : family === "Case" ? "... on Case { reportedIn { ...AreaChain } }"
    : family === "Person" ? "... on Person { posts(first: 1) { nodes { id basedIn { ...AreaChain } } } }" : "";
  return `query Entity($id: ID!, $kind: Kind, $limit: Int!) {
  node(id: $id, kind: $kind) {
    id name nameEn kind kindLabelZh tieCount
    ${own.length ? `... on ${kind} { ${own.join(" ")} }` : ""}
    ${extra}
  }
  neighborhood(id: $id, depth: 1, first: $limit) {
    truncated
    nodes { id name kind kindLabelZh }
    edges { type labelZh source sourceKind target targetKind properties }
  }
}
${AREA_CHAIN}`;
}

function value(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "✓" : "✗";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "number") return fmt(v, 6);
  return String(v);
}

export function breadcrumbs(areas: { id: string; name: string; kind: string }[], self?: { name: string }) {
  return h("nav", { class: "crumbs", "data-testid": "crumbs" },
    ...areas.flatMap((a, i) => [i ? h("span", { class: "sep" }, " › ") : null,
      h("a", { href: entityHref(a.id, a.kind), title: kindLabel(a.kind) }, a.name)]),
    self ? [areas.length ? h("span", { class: "sep" }, " › ") : null, h("span", { class: "self" }, self.name)] : null);
}

export async function renderEntity(main: HTMLElement, params: URLSearchParams) {
  const id = params.get("id");
  const kind = params.get("kind") || null;
  const body = h("div", {});
  let tieRows: unknown[][] = [];
  clear(main, panel("entity", t("entity"), {
    csv: () => ({ name: `ties-${id}.csv`, header: [t("ties"), "direction", t("name"), t("kind"), "id", t("properties")], rows: tieRows }),
  }, body));
  if (!id) { status(body, t("typeToSearch")); return; }
  status(body, t("loading"), "loading");
  let data: any;
  try {
    let k = kind;
    if (!k || !kindInfo(k)) {
      const found = await gql("entity", "query Kind($id: ID!, $kind: Kind) { node(id: $id, kind: $kind) { kind } }", { id, kind: k });
      if (!found.node) { status(body, `${t("noHits")}: ${id}`, "error"); return; }
      k = found.node.kind as string;
    }
    data = await gql("entity", entityQuery(k), { id, kind: k, limit: MAX_TIES }, { append: true });
  } catch (e) { status(body, `${t("error")}: ${(e as Error).message}`, "error"); return; }
  const node = data.node;
  if (!node) { status(body, `${t("noHits")}: ${id}`, "error"); return; }
  const english = document.documentElement.lang === "en";
  const info = kindInfo(node.kind);
  const family = familyOf(node.kind);
  const props = (info?.properties ?? []).filter((p) => !["id", "name"].includes(p.field));

  // ties of the centre, grouped by relationship type and direction
  const nb = data.neighborhood;
  const key = (kind: string, nid: string) => `${familyOf(kind)}:${nid}`;
  const others = new Map<string, any>((nb?.nodes ?? []).map((n: any) => [key(n.kind, n.id), n]));
  const self = key(node.kind, node.id);
  const groups = new Map<string, { type: string; out: boolean; rows: { other: any; props: Record<string, unknown> }[] }>();
  for (const e of nb?.edges ?? []) {
    const s = key(e.sourceKind, e.source), tg = key(e.targetKind, e.target);
    if (s !== self && tg !== self) continue;
    const out = s === self;
    const other = others.get(out ? tg : s);
    if (!other) continue;
    const g = `${e.type}:${out ? "out" : "in"}`;
    if (!groups.has(g)) groups.set(g, { type: e.type, out, rows: [] });
    groups.get(g)!.rows.push({ other, props: e.properties ?? {} });
  }
  tieRows = [...groups.values()].flatMap((g) => g.rows.map((r) => [relLabel(g.type), g.out ? "out" : "in", r.other.name, kindLabel(r.other.kind), r.other.id, JSON.stringify(r.props)]));
  const tieSections = [...groups.values()].sort((a, b) => b.rows.length - a.rows.length).map((g) => {
    const propNames = [...new Set(g.rows.flatMap((r) => Object.keys(r.props)))];
    g.rows.sort((a, b) => String(b.props.start_date ?? "").localeCompare(String(a.props.start_date ?? "")) || a.other.name.localeCompare(b.other.name));
    return h("details", { class: "ties", open: g.rows.length <= 30, dataset: { rel: g.type } },
      h("summary", {}, `${relLabel(g.type)} ${g.out ? "→" : "←"} `, h("b", {}, String(g.rows.length))),
      table([t("name"), t("kind"), ...propNames.map((p) => relPropLabel(g.type, p))],
        g.rows.map((r) => [h("a", { href: entityHref(r.other.id, r.other.kind) }, r.other.name), kindLabel(r.other.kind),
          ...propNames.map((p) => p === "on_behalf_of" && r.props[p]
            ? h("a", { href: entityHref(String(r.props[p]), "Organization") }, String(r.props[p])) : value(r.props[p]))])));
  });

  const m = node.measures;
  const measures = family !== "Organization" ? null : m
    ? table([t("measures"), ""], MEASURE_FIELDS.map((f) => [measureLabel(f, english), value(m[f])]), { "data-testid": "measures" })
    : h("p", { class: "status" }, t("noMeasures"));

  const areas = placeOf(node);
  const canNetwork = true;
  clear(body,
    breadcrumbs(areas, node),
    h("h1", { class: "entity-name", "data-testid": "entity-name" }, node.name,
      h("span", { class: `kind-badge k-${node.kind}` }, kindLabel(node.kind))),
    node.nameEn ? h("p", { class: "name-en" }, node.nameEn) : null,
    h("div", { class: "row actions" },
      canNetwork ? h("a", { class: "button", href: href("network", { seeds: `${node.kind}:${node.id}` }) }, t("openNetwork")) : null,
      family === "Organization" || family === "Person" ? h("a", { class: "button", href: href("chains", { from: node.id, fromName: node.name, fromKind: family === "Person" ? "Person" : null }) }, t("chainFromThis")) : null,
      family === "Organization" || family === "Person" ? h("a", { class: "button", href: href("chains", { to: node.id, toName: node.name, toKind: family === "Person" ? "Person" : null }) }, t("chainToThis")) : null,
      family === "Area" && node.kind !== "Compound" ? h("a", { class: "button", href: href("network", { area: node.id, areaName: node.name }) }, t("coBuilding")) : null,
      family === "Area" || family === "Facility" ? h("a", { class: "button", href: href("map", { area: family === "Area" && node.kind !== "Compound" ? node.id : null, focus: node.lat != null ? `${node.lon},${node.lat}` : null }) }, t("openMap")) : null),
    h("div", { class: "columns" },
      h("div", {},
        h("h3", {}, t("properties")),
        table([t("properties"), lang === "en" ? "Value" : "值"], [["id", node.id], [t("kind"), `${kindLabel(node.kind)} (${node.kind})`], [t("tieCount"), fmt(node.tieCount)],
          ...props.filter((p) => p.field !== "nameEn").map((p) => [propLabel(p), value(node[p.field])])], { "data-testid": "properties" }),
        measures ? h("h3", {}, t("measures")) : null, measures),
      h("div", {},
        h("h3", {}, t("ties"), " ", h("small", {}, `${fmt(node.tieCount)}${nb?.truncated ? t("truncated") : ""}`)),
        h("div", { "data-testid": "ties" }, ...tieSections))));
}
