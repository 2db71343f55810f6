// Search first: one box, results as you type, across every kind (the API's `search`, on the CJK full-text index).
import { gql } from "./api";
import { kindLabel, t } from "./i18n";
import { AREA_CHAIN, placeOf, placeText } from "./places";
import { entityHref, panel, remember, status } from "./ui";
import { clear, h } from "./util";

export const SEARCH_QUERY = `query Search($text: String!, $kinds: [Kind!], $first: Int!) {
  search(text: $text, kinds: $kinds, first: $first) {
    edges {
    score
    node {
      id name nameEn kind kindLabelZh
      ... on Area { parent { ...AreaChain } }
      ... on Organization { basedIn { ...AreaChain } }
      ... on Facility { locatedIn { ...AreaChain } }
      ... on Project { locatedIn { ...AreaChain } }
      ... on Person { posts(first: 1) { nodes { id name basedIn { ...AreaChain } } } }
    }
    }
  }
}
${AREA_CHAIN}`;

export interface Hit { score: number; node: any }

export async function search(panelKey: string, text: string, kinds: string[] | null, first = 30, signal?: AbortSignal): Promise<Hit[]> {
  const data = await gql<{ search: { edges: Hit[] } }>(panelKey, SEARCH_QUERY, { text, kinds, first }, { signal });
  return data.search.edges;
}

let controller: AbortController | null = null;

export function renderSearch(main: HTMLElement, params: URLSearchParams, box: HTMLInputElement) {
  const q = params.get("q") ?? "";
  if (box.value !== q && document.activeElement !== box) box.value = q;
  const results = h("div", { class: "results", "data-testid": "search-results" });
  let hits: Hit[] = [];
  const p = panel("search", t("search"), {
    csv: () => ({ name: "search.csv", header: [t("name"), t("kind"), t("place"), "id", "score"],
      rows: hits.map((x) => [x.node.name, kindLabel(x.node.kind), placeText(placeOf(x.node)), x.node.id, x.score.toFixed(3)]) }),
  }, results);
  clear(main, p);
  if (!q.trim()) { status(results, t("typeToSearch")); return; }
  status(results, t("loading"), "loading");
  controller?.abort();
  controller = new AbortController();
  search("search", q, null, 50, controller.signal).then((found) => {
    hits = found;
    if (!found.length) { status(results, t("noHits")); return; }
    clear(results, h("ol", { class: "hits" }, ...found.map((x) => {
      const place = placeText(placeOf(x.node));
      return h("li", { class: "hit", dataset: { kind: x.node.kind, id: x.node.id } },
        h("a", { href: entityHref(x.node.id, x.node.kind), class: "hit-name" }, x.node.name),
        h("span", { class: `kind-badge k-${x.node.kind}` }, kindLabel(x.node.kind)),
        place ? h("span", { class: "place" }, place) : null,
        x.node.nameEn ? h("span", { class: "name-en" }, x.node.nameEn) : null);
    })));
  }).catch((e) => { if (e.name !== "AbortError") status(results, `${t("error")}: ${e.message}`, "error"); });
}

/** A search-as-you-type picker (for chains and areas): calls `onPick` with the chosen node. */
export function picker(panelKey: string, placeholder: string, kinds: string[] | null, onPick: (node: any) => void,
  initial?: { id: string; name: string }, testid?: string): HTMLElement {
  const input = h("input", { type: "search", placeholder, value: initial?.name ?? "", "data-testid": testid });
  const list = h("ul", { class: "picker-list" });
  let ctl: AbortController | null = null;
  let timer: number | undefined;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const text = input.value.trim();
      if (!text) { clear(list); return; }
      ctl?.abort();
      ctl = new AbortController();
      try {
        const hits = await search(panelKey, text, kinds, 12, ctl.signal);
        clear(list, ...hits.map((x) => h("li", {
          onclick: () => { input.value = x.node.name; clear(list); onPick(x.node); },
        }, h("b", {}, x.node.name), " ", h("span", { class: "kind-badge" }, kindLabel(x.node.kind)), " ",
          h("span", { class: "place" }, placeText(placeOf(x.node))))));
      } catch (e) { if ((e as Error).name !== "AbortError") clear(list, h("li", { class: "error" }, (e as Error).message)); }
    }, 150);
  });
  return h("div", { class: "picker" }, input, list);
}

export function searchBox(onText: (text: string) => void): HTMLInputElement {
  const box = h("input", { type: "search", id: "search-box", "data-testid": "search-box", placeholder: t("searchPlaceholder"), autocomplete: "off" });
  let timer: number | undefined;
  box.addEventListener("input", () => { clearTimeout(timer); timer = window.setTimeout(() => onText(box.value), 120); });
  box.addEventListener("keydown", (e) => { if (e.key === "Enter") { clearTimeout(timer); onText(box.value); } });
  return box;
}

export { remember };
