// The dashboard's service levels (接诉 2 小时、处置 24 小时、办结 7 天): the shares kept per street and per
// department, with medians, from `serviceLevels`, and the supervision list (督办) from `overdueCases`.
// `at` (the moment open cases are judged at, ISO date-time) comes from the URL (#/dashboard?at=…); now otherwise.
import { gql } from "./api";
import { lang, t } from "./i18n";
import { entityHref, panel, status, table } from "./ui";
import { clear, fmt, h } from "./util";

const LEVEL = `key name cases evaluations satisfaction belowOverall
    accept { share medianHours limitHours } handle { share medianHours limitHours } close { share medianHours limitHours }`;
export const SERVICE_LEVELS_QUERY = `query ServiceLevels($groupBy: ServiceGrouping!, $at: DateTime) {
  serviceLevels(groupBy: $groupBy, at: $at) {
    at limits { acceptHours handleHours closeHours clock }
    overall { ${LEVEL} }
    groups { ${LEVEL} }
  }
}`;
export const OVERDUE_QUERY = `query Overdue($first: Int!, $at: DateTime) {
  overdueCases(first: $first, at: $at) {
    totalCount
    nodes { caseId name category step limitHours overdueHours department handlerName streetName communityName }
  }
}`;
const OVERDUE_SHOWN = 50;
const STEPS = ["accept", "handle", "close"] as const;
const STEP_WORDS: Record<string, [string, string]> = {
  accept: ["受理", "Accepted"], handle: ["处置", "Handled"], close: ["办结", "Closed"],
  ACCEPT: ["受理超时", "late to accept"], HANDLE: ["处置超时", "late to handle"], CLOSE: ["办结超时", "late to close"],
};
const word = (k: string) => (STEP_WORDS[k] ?? [k, k])[lang === "zh" ? 0 : 1];

export function share(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`;
}

function hours(n: number): string {
  return n % 24 === 0 && n >= 48 ? `${n / 24} ${lang === "zh" ? "天" : "d"}` : `${n} h`;
}

function header(first: string, limits: any): string[] {
  const limit = { accept: limits.acceptHours, handle: limits.handleHours, close: limits.closeHours };
  return [first, t("cases"),
    ...STEPS.map((s) => `${word(s)} ≤ ${hours(limit[s])}`),
    ...STEPS.map((s) => `${word(s)}${t("medianH")}`), t("satisfaction")];
}

function cells(g: any, label: Node | string): (Node | string)[] {
  const below = new Set<string>(g.belowOverall ?? []);
  return [label, fmt(g.cases),
    ...STEPS.map((s) => h("span", { class: below.has(s.toUpperCase()) ? "below" : undefined }, share(g[s].share))),
    ...STEPS.map((s) => fmt(g[s].medianHours, 1)), share(g.satisfaction)];
}

function csvRows(answer: any): unknown[][] {
  if (!answer) return [];
  return [...answer.groups, { ...answer.overall, key: "", name: t("total") }].map((g: any) =>
    [g.key, g.name, g.cases, ...STEPS.map((s) => g[s].share), ...STEPS.map((s) => g[s].medianHours), g.satisfaction]);
}

interface Loading { el: HTMLElement; load: () => Promise<void> }

function levelsPanel(key: "service-streets" | "service-departments", groupBy: "STREET" | "DEPARTMENT",
  title: string, first: string, at: string | null): Loading {
  const box = h("div", {});
  let answer: any = null;
  const el = panel(key, title, { csv: () => ({ name: `${key}.csv`,
    header: ["key", t("name"), t("cases"), ...STEPS.map((s) => `${s} share`), ...STEPS.map((s) => `${s} median h`), t("satisfaction")],
    rows: csvRows(answer) }) }, box);
  status(box, t("loading"), "loading");
  const load = () => gql(key, SERVICE_LEVELS_QUERY, { groupBy, at }).then((d) => {
    answer = d.serviceLevels;
    const rows = answer.groups.map((g: any) => cells(g,
      groupBy === "STREET" && g.key ? h("a", { href: entityHref(g.key, "Street") }, g.name ?? g.key) : g.name ?? g.key ?? "—"));
    const total = h("tr", { class: "total" }, ...cells(answer.overall, t("total")).map((c) => h("td", {}, c)));
    const shown = table(header(first, answer.limits), rows, { "data-testid": key });
    shown.querySelector("tbody")!.appendChild(total);
    clear(box, h("p", { class: "note" }, `${t("judgedAt")} ${answer.at.slice(0, 16).replace("T", " ")}; `
      + `${answer.limits.clock === "CALENDAR" ? t("calendarHours") : t("workingDays")}; ${t("belowMarked")}`), shown);
  }).catch((e) => status(box, `${t("error")}: ${e.message}`, "error"));
  return { el, load };
}

function overduePanel(at: string | null): Loading {
  const box = h("div", {});
  let nodes: any[] = [];
  const el = panel("overdue", t("supervision"), { csv: () => ({ name: "overdue.csv",
    header: ["case", t("name"), "step", "limit h", "overdue h", "department", "handler", "street", "community"],
    rows: nodes.map((o) => [o.caseId, o.name, o.step, o.limitHours, o.overdueHours, o.department, o.handlerName, o.streetName, o.communityName]) }) }, box);
  status(box, t("loading"), "loading");
  const load = () => gql("overdue", OVERDUE_QUERY, { first: OVERDUE_SHOWN, at }).then((d) => {
    nodes = d.overdueCases.nodes;
    const total = d.overdueCases.totalCount;
    clear(box, h("p", { class: "note", "data-testid": "overdue-total" },
      lang === "zh" ? `共 ${fmt(total)} 件超时未结，显示超时最久的 ${fmt(nodes.length)} 件`
        : `${fmt(total)} open cases past a limit; the ${fmt(nodes.length)} most overdue shown`),
    table([t("cases"), t("overdueStep"), t("overdueBy"), t("department"), t("handler"), t("street"), t("community")],
      nodes.map((o) => [h("a", { href: entityHref(o.caseId, "Case") }, o.name ?? o.caseId), word(o.step),
        fmt(o.overdueHours, 1), o.department, o.handlerName, o.streetName, o.communityName]), { "data-testid": "overdue" }));
  }).catch((e) => status(box, `${t("error")}: ${e.message}`, "error"));
  return { el, load };
}

/** The three panels. They ask one after the other: each is an area-wide question, and an identity may ask
 *  only a few of those at once (the dashboard's coverage-gap totals are some too). */
export function servicePanels(params: URLSearchParams): HTMLElement[] {
  const at = params.get("at");
  const panels = [levelsPanel("service-streets", "STREET", t("serviceByStreet"), t("street"), at),
    levelsPanel("service-departments", "DEPARTMENT", t("serviceByDepartment"), t("department"), at),
    overduePanel(at)];
  void (async () => { for (const p of panels) await p.load(); })();
  return panels.map((p) => p.el);
}
