// Routing (every view's state in the URL hash), panels with "show the GraphQL query", lists with CSV.
import { asked } from "./api";
import { t } from "./i18n";
import { clear, download, h, toCsv } from "./util";

export interface Route { view: string; params: URLSearchParams }

export function route(): Route {
  const hash = location.hash.replace(/^#\/?/, "");
  const [view, query] = hash.split("?", 2);
  return { view: view || "search", params: new URLSearchParams(query ?? "") };
}

export function href(view: string, params: Record<string, string | number | null | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
  const q = p.toString();
  return `#/${view}${q ? "?" + q : ""}`;
}

export function go(view: string, params: Record<string, string | number | null | undefined> = {}) {
  location.hash = href(view, params);
}

/** Records a view's state in the URL without re-rendering it (a bookmark of what is on screen). */
export function remember(params: Record<string, string | number | null | undefined>) {
  const { view } = route();
  history.replaceState(null, "", href(view, params));
}

export function entityHref(id: string, kind: string) { return href("entity", { id, kind }); }

export function showQuery(panel: string) {
  const list = asked.get(panel) ?? [];
  const text = list.length
    ? list.map((a) => `${a.query.trim()}\n\n# variables\n${JSON.stringify(a.variables, null, 2)}`).join("\n\n# ——\n\n")
    : "# (nothing asked yet)";
  const first = list[0];
  const graphiql = first ? `/graphql#query=${encodeURIComponent(first.query)}&variables=${encodeURIComponent(JSON.stringify(first.variables))}` : "/graphql";
  const pre = h("pre", { class: "query-text", "data-testid": "query-text" }, text);
  const dialog = h("dialog", { class: "query-dialog" },
    h("h3", {}, t("showQuery")),
    pre,
    h("div", { class: "row" },
      h("button", { onclick: () => navigator.clipboard?.writeText(text) }, t("copy")),
      h("a", { href: graphiql, target: "_blank", class: "button" }, t("openGraphiql")),
      h("button", { onclick: () => { dialog.close(); dialog.remove(); } }, t("close"))));
  document.body.appendChild(dialog);
  dialog.showModal();
}

export function panel(key: string, title: string, opts: { csv?: () => { name: string; header: string[]; rows: unknown[][] }; tools?: Node[]; id?: string } = {},
  ...body: (Node | string)[]): HTMLElement {
  const tools: Node[] = [...(opts.tools ?? [])];
  if (opts.csv) {
    const csv = opts.csv;
    tools.push(h("button", {
      class: "csv", "data-testid": `csv-${key}`,
      onclick: () => { const c = csv(); download(c.name, toCsv(c.header, c.rows), "text/csv;charset=utf-8"); },
    }, t("csv")));
  }
  tools.push(h("button", { class: "show-query", "data-testid": `query-${key}`, title: t("showQuery"), onclick: () => showQuery(key) }, "{ } GraphQL"));
  return h("section", { class: "panel", id: opts.id, dataset: { panel: key } },
    h("header", {}, h("h2", {}, title), h("div", { class: "tools" }, ...tools)),
    h("div", { class: "body" }, ...body));
}

export function status(el: Element, text: string, kind: "loading" | "error" | "info" = "info") {
  clear(el, h("p", { class: `status ${kind}`, "data-testid": kind === "error" ? "error" : undefined }, text));
}

export function table(header: string[], rows: (Node | string | number | null | undefined)[][], attrs: Record<string, any> = {}) {
  return h("table", attrs,
    h("thead", {}, h("tr", {}, ...header.map((c) => h("th", {}, c)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c ?? "—"))))));
}
