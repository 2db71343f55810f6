// The dashboard: the article's figures beside the graph's, counts per district and street, coverage-gap totals,
// and the service levels per street and department with the supervision list (service.ts).
import { allPages, gql } from "./api";
import { kindLabel, lang, t } from "./i18n";
import { GAP_KINDS } from "./map";
import { servicePanels } from "./service";
import { entityHref, href, panel, status, table } from "./ui";
import { clear, fmt, h } from "./util";

export const FIGURES_QUERY = `query Figures($scale: Float!) {
  demoFigures(scale: $scale) { key label labelZh article expected atLeast scaled actual holds }
}`;
export const AREAS_QUERY = `query AreaCounts($first: Int!, $after: String, $withTotal: Boolean = true) {
  streets(first: $first, after: $after) {
    totalCount @include(if: $withTotal)
    pageInfo { hasNextPage endCursor }
    nodes { id name kind population households parent { id name }
      children(first: 0) { totalCount } organizationsBasedHere(first: 0) { totalCount } coveredBy(first: 0) { totalCount } }
  }
}`;
export const DISTRICTS_QUERY = `query DistrictCounts {
  districts(first: 100) { nodes { id name kind population households children(first: 0) { totalCount } organizationsBasedHere(first: 0) { totalCount } } }
}`;
export const GAP_TOTALS_QUERY = `query GapTotals($radiusMeters: Float!) {
  ${GAP_KINDS.map((g) => `${g.key.toLowerCase()}: coverageGaps(kind: ${g.key}, radiusMeters: $radiusMeters) { totalCount }`).join("\n  ")}
  community_no_grand_party_committee: coverageGaps(kind: COMMUNITY_NO_GRAND_PARTY_COMMITTEE) { totalCount }
  grid_no_branch: coverageGaps(kind: GRID_NO_BRANCH) { totalCount }
  resident_unit_no_committee: coverageGaps(kind: RESIDENT_UNIT_NO_COMMITTEE) { totalCount }
  organizations { totalCount } persons { totalCount } compounds { totalCount } facilities { totalCount } cases { totalCount }
}`;

export async function renderDashboard(main: HTMLElement, params: URLSearchParams) {
  const scale = Number(params.get("scale") ?? 1) || 1;
  const figBox = h("div", {}), distBox = h("div", {}), streetBox = h("div", {}), gapBox = h("div", {});
  let figures: any[] = [], districts: any[] = [], streets: any[] = [], gaps: [string, number][] = [];
  const zh = lang === "zh";
  clear(main, h("div", { class: "dashboard" },
    panel("figures", t("figures"), { csv: () => ({ name: "figures.csv", header: ["key", t("name"), t("article"), t("expected"), t("graph"), "holds"],
      rows: figures.map((f) => [f.key, zh ? f.labelZh : f.label, f.article, f.expected, f.actual, f.holds]) }) }, figBox),
    panel("gap-totals", t("gapTotals"), { csv: () => ({ name: "gap-totals.csv", header: [t("gapKind"), t("total")], rows: gaps }) }, gapBox),
    panel("districts", t("perDistrict"), { csv: () => ({ name: "districts.csv", header: ["id", t("name"), t("population"), "children", "organisations"],
      rows: districts.map((d) => [d.id, d.name, d.population, d.children.totalCount, d.organizationsBasedHere.totalCount]) }) }, distBox),
    panel("streets", t("perStreet"), { csv: () => ({ name: "streets.csv", header: ["id", t("name"), "district", t("population"), "communities", "organisations", "covered by"],
      rows: streets.map((d) => [d.id, d.name, d.parent?.name, d.population, d.children.totalCount, d.organizationsBasedHere.totalCount, d.coveredBy.totalCount]) }) }, streetBox),
    ...servicePanels(params)));
  for (const b of [figBox, distBox, streetBox, gapBox]) status(b, t("loading"), "loading");

  gql("figures", FIGURES_QUERY, { scale }).then((d) => {
    figures = d.demoFigures;
    const held = figures.filter((f) => f.holds).length;
    clear(figBox, h("p", {}, `${held}/${figures.length} ${zh ? "项与文章一致" : "hold"} (scale ${scale})`),
      table([t("name"), t("article"), t("expected"), t("graph"), ""], figures.map((f) => [zh ? f.labelZh : f.label,
        (f.atLeast ? "≥ " : "") + fmt(f.article), (f.atLeast ? "≥ " : "") + fmt(f.expected), fmt(f.actual), f.holds ? "✓" : "✗"]), { "data-testid": "figures" }));
  }).catch((e) => status(figBox, `${t("error")}: ${e.message}`, "error"));

  gql("gap-totals", GAP_TOTALS_QUERY, { radiusMeters: 1000 }).then((d) => {
    const OTHER: Record<string, [string, string]> = {
      community_no_grand_party_committee: ["未建大党委的社区", "Communities without a grand party committee"],
      grid_no_branch: ["未建党支部的网格", "Grids without a party branch"],
      resident_unit_no_committee: ["未担任兼职委员的驻区单位", "Resident units on no committee"],
    };
    const label = (k: string) => { const g = GAP_KINDS.find((x) => x.key.toLowerCase() === k); return g ? (zh ? g.zh : g.en) : OTHER[k] ? OTHER[k][zh ? 0 : 1] : k.replace(/_/g, " "); };
    gaps = Object.entries(d).filter(([, v]: any) => v && "totalCount" in v).map(([k, v]: any) => [label(k), v.totalCount]);
    clear(gapBox, table([t("gapKind"), t("total")], Object.entries(d).map(([k, v]: any) => {
      const g = GAP_KINDS.find((x) => x.key.toLowerCase() === k);
      const name = ["organizations", "persons", "compounds", "facilities", "cases"].includes(k) ? `${zh ? "总数：" : "All "}${kindLabel(({ organizations: "Organization", persons: "Person", compounds: "Compound", facilities: "Facility", cases: "Case" } as Record<string, string>)[k])}` : label(k);
      return [g ? h("a", { href: href("map", { gap: g.key }) }, name) : name, fmt(v.totalCount)];
    }), { "data-testid": "gap-totals" }));
  }).catch((e) => status(gapBox, `${t("error")}: ${e.message}`, "error"));

  gql("districts", DISTRICTS_QUERY).then((d) => {
    districts = d.districts.nodes;
    clear(distBox, table([t("name"), t("population"), zh ? "下辖街道/乡镇" : "Streets", zh ? "驻在组织" : "Organisations based here"],
      districts.map((x) => [h("a", { href: entityHref(x.id, x.kind) }, x.name), fmt(x.population), fmt(x.children.totalCount), fmt(x.organizationsBasedHere.totalCount)]), { "data-testid": "districts" }));
  }).catch((e) => status(distBox, `${t("error")}: ${e.message}`, "error"));

  allPages<any>("streets", AREAS_QUERY, { first: 100 }, (d) => d.streets).then(({ nodes }) => {
    streets = nodes.sort((a, b) => (a.parent?.name ?? "").localeCompare(b.parent?.name ?? "") || a.name.localeCompare(b.name));
    clear(streetBox, table([t("name"), zh ? "县区" : "District", t("population"), zh ? "社区/村" : "Communities", zh ? "驻在组织" : "Organisations", zh ? "覆盖组织" : "Covered by", ""],
      streets.map((x) => [h("a", { href: entityHref(x.id, x.kind) }, x.name), x.parent?.name ?? "—", fmt(x.population), fmt(x.children.totalCount),
        fmt(x.organizationsBasedHere.totalCount), fmt(x.coveredBy.totalCount), h("a", { href: href("network", { area: x.id, areaName: x.name }) }, t("coBuilding"))]), { "data-testid": "streets" }));
  }).catch((e) => status(streetBox, `${t("error")}: ${e.message}`, "error"));
}
