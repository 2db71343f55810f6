// The network view: sigma.js (WebGL) on a graphology graph; ForceAtlas2 in a web worker.
// Ego networks grow by clicking (the API's `neighborhood`, 1–3 steps); the co-building network of an area comes
// from `coBuildingNetwork` (re-asked for each as-of date); brokers and cut points are marked.
import Graph from "graphology";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { write as writeGexf } from "graphology-gexf/browser";
import Sigma from "sigma";
import { createNodeBorderProgram } from "@sigma/node-border";
import { toBlob as sigmaToBlob } from "@sigma/export-image";
import { gql } from "./api";
import { kindColor } from "./colors";
import { MEASURE_FIELDS, measureLabel } from "./entity";
import { familyOf, kindLabel, lang, relLabel, t } from "./i18n";
import { picker } from "./search";
import { entityHref, href, panel, remember, status } from "./ui";
import { clear, download, escapeXml, fmt, h, toCsv } from "./util";

export const NEIGHBORHOOD_QUERY = `query Ego($id: ID!, $depth: Int!, $limit: Int!) {
  neighborhood(id: $id, depth: $depth, first: $limit) { truncated elements }
}`;
export const CO_BUILDING_QUERY = `query CoBuilding($areaId: ID!, $asOf: Date, $limit: Int!) {
  coBuildingNetwork(areaId: $areaId, asOf: $asOf, first: $limit) { area { id name kind } asOf totalNodes truncated elements }
}`;
export const MEASURES_QUERY = `query Measures($ids: [ID!]!) {
  nodes(ids: $ids, kind: Organization) { id ... on Organization { measures { ${MEASURE_FIELDS.join(" ")} } } }
}`;
export const MARKS_QUERY = `query Marks($areaId: ID, $asOf: Date) {
  brokers(scope: ORGANIZATIONS, areaId: $areaId, asOf: $asOf, first: 30) { brokers { rank total node { id kind } } }
  cutPoints(scope: ORGANIZATIONS, areaId: $areaId, asOf: $asOf, first: 50) { points { nodesSeparated node { id kind } } }
}`;

// The tie kinds the view filters by, and which relationship types (ego) or co-building kinds each covers.
export const TIE_KINDS: { key: string; zh: string; en: string; rels: string[] }[] = [
  { key: "cobuild", zh: "共驻共建", en: "Co-building", rels: ["CO_BUILDS", "AGREEMENT"] },
  { key: "unit", zh: "共享驻区单位", en: "Shared unit", rels: ["SEATS_ON", "SHARED_UNIT"] },
  { key: "person", zh: "共享人员（任职）", en: "Shared person (posts)", rels: ["SERVES_IN", "SHARED_PERSON", "SENT_DOWN_TO", "PLANS"] },
  { key: "member", zh: "成员单位", en: "Membership", rels: ["MEMBER_OF"] },
  { key: "hierarchy", zh: "隶属与驻在", en: "Hierarchy", rels: ["WITHIN", "SUB_ORGANIZATION_OF", "BASED_IN", "COVERS"] },
  { key: "service", zh: "服务与设施", en: "Services", rels: ["MANAGES", "REPRESENTS", "LOCATED_IN", "OPERATED_BY", "REPORTED_IN", "HANDLED_BY"] },
];
const TIE_OF = new Map(TIE_KINDS.flatMap((k) => k.rels.map((r) => [r, k.key] as [string, string])));
const NEIGHBORHOOD_LIMIT = 500;
const NETWORK_LIMIT = 1000;

interface State {
  mode: "ego" | "area";
  seeds: string[]; // "Kind:id" of each expanded node
  depth: number;
  ties: Set<string>;
  size: string;
  asOf: string; // ISO date, or "" for any date
  area: string;
  areaName: string;
}

export interface NetworkHandle {
  graph: Graph;
  renderer: Sigma | null;
  ready: boolean;
  drawnAt: number;
  marksAt?: number; // when brokers and cut points were marked (co-building network)
  completeAt: number; // when every seed of the URL (or the area's network) was drawn, ms since navigation
  expanded: Set<string>;
  nodeViewport(key: string): { x: number; y: number } | null;
  stopLayout(): void;
  visibleCounts(): { nodes: number; edges: number };
}

declare global { interface Window { __explorer?: any } }

let current: { renderer: Sigma | null; layout: FA2Layout | null; stopTimer?: number } = { renderer: null, layout: null };

export function disposeNetwork() {
  current.layout?.kill();
  current.renderer?.kill();
  clearTimeout(current.stopTimer);
  current = { renderer: null, layout: null };
}

function readState(params: URLSearchParams): State {
  const tiesParam = params.get("ties");
  return {
    mode: params.get("area") ? "area" : "ego",
    seeds: (params.get("seeds") ?? "").split(",").filter(Boolean),
    depth: Math.min(3, Math.max(1, Number(params.get("depth") ?? 1) || 1)),
    ties: new Set(tiesParam ? tiesParam.split(",") : TIE_KINDS.map((k) => k.key)),
    size: params.get("size") ?? "tieCount",
    asOf: params.get("asOf") ?? "",
    area: params.get("area") ?? "",
    areaName: params.get("areaName") ?? "",
  };
}

function writeState(s: State) {
  remember({
    seeds: s.mode === "ego" ? s.seeds.join(",") : null, area: s.mode === "area" ? s.area : null,
    areaName: s.mode === "area" ? s.areaName : null, depth: s.depth === 1 ? null : s.depth,
    ties: s.ties.size === TIE_KINDS.length ? null : [...s.ties].join(","), size: s.size === "tieCount" ? null : s.size,
    asOf: s.asOf || null,
  });
}

const DAY = 86_400_000;
const SLIDER_START = Date.UTC(2015, 0, 1);
const today = () => new Date().toISOString().slice(0, 10);

/** A dated tie is valid at `asOf` if it started on or before it and has not ended before it. */
function validAt(props: Record<string, unknown> | undefined, asOf: string): boolean {
  if (!asOf || !props) return true;
  const start = props.start_date as string | undefined, end = props.end_date as string | undefined;
  return (!start || start <= asOf) && (!end || end >= asOf);
}

export async function renderNetwork(main: HTMLElement, params: URLSearchParams) {
  disposeNetwork();
  const state = readState(params);
  const graph = new Graph({ multi: true, type: "mixed", allowSelfLoops: false });
  const expanded = new Set<string>();
  const marks = new Map<string, Set<"broker" | "cut">>();
  const measures = new Map<string, Record<string, number | null>>();
  let truncatedAny = false;
  let meta = "";

  const container = h("div", { class: "sigma", "data-testid": "network-canvas" });
  const info = h("div", { class: "node-info", "data-testid": "node-info" }, t("clickToExpand"));
  const legend = h("div", { class: "legend", "data-testid": "legend" });
  const counts = h("div", { class: "counts", "data-testid": "network-counts" });
  const message = h("div", { class: "message" });

  const handle: NetworkHandle = {
    graph, renderer: null, ready: false, drawnAt: 0, completeAt: 0, expanded,
    nodeViewport(key) {
      if (!handle.renderer || !graph.hasNode(key)) return null;
      const a = graph.getNodeAttributes(key);
      const p = handle.renderer.graphToViewport({ x: a.x, y: a.y });
      const r = container.getBoundingClientRect();
      return { x: p.x + r.left, y: p.y + r.top };
    },
    stopLayout() { current.layout?.stop(); },
    visibleCounts() {
      let edges = 0;
      graph.forEachEdge((e, a) => { if (edgeVisible(a)) edges++; });
      return { nodes: graph.order, edges };
    },
  };
  window.__explorer = { ...(window.__explorer ?? {}), network: handle };

  // ---- controls
  const depthSel = h("select", { "data-testid": "depth", onchange: () => { state.depth = Number(depthSel.value); writeState(state); } },
    ...[1, 2, 3].map((d) => h("option", { value: String(d), selected: d === state.depth }, String(d))));
  const tieBoxes = TIE_KINDS.map((k) => {
    const box = h("input", { type: "checkbox", checked: state.ties.has(k.key), dataset: { tie: k.key },
      onchange: () => { if (box.checked) state.ties.add(k.key); else state.ties.delete(k.key); writeState(state); refresh(); } });
    return h("label", { class: "check" }, box, lang === "zh" ? k.zh : k.en);
  });
  const sizeSel = h("select", { "data-testid": "size-by", onchange: async () => { state.size = sizeSel.value; writeState(state); await ensureMeasures(); refresh(); } },
    h("option", { value: "tieCount" }, t("tieCount")), h("option", { value: "degreeInView" }, t("degreeInView")),
    ...MEASURE_FIELDS.map((f) => h("option", { value: f }, measureLabel(f, lang === "en"))));
  sizeSel.value = state.size;
  const dateLabel = h("span", { class: "date-label", "data-testid": "as-of-label" });
  const anyDate = h("input", { type: "checkbox", checked: !state.asOf, "data-testid": "any-date" });
  const days = Math.round((Date.now() - SLIDER_START) / DAY);
  const slider = h("input", { type: "range", min: "0", max: String(days), step: "1", "data-testid": "as-of",
    value: String(state.asOf ? Math.round((Date.parse(state.asOf) - SLIDER_START) / DAY) : days) });
  const sliderDate = () => new Date(SLIDER_START + Number(slider.value) * DAY).toISOString().slice(0, 10);
  const showDate = () => { dateLabel.textContent = anyDate.checked ? t("noDate") : sliderDate(); slider.disabled = anyDate.checked; };
  const dateChanged = async () => {
    showDate();
    state.asOf = anyDate.checked ? "" : sliderDate();
    writeState(state);
    if (state.mode === "area") await loadArea(); else refresh();
  };
  slider.addEventListener("input", showDate);
  slider.addEventListener("change", dateChanged);
  anyDate.addEventListener("change", dateChanged);
  showDate();

  const areaPicker = picker("network", t("area"), ["Area"], (node) => {
    location.hash = href("network", { area: node.id, areaName: node.name });
  }, state.area ? { id: state.area, name: state.areaName } : undefined, "network-area");
  const seedPicker = picker("network", t("searchPlaceholder"), null, async (node) => {
    const key = `${familyOf(node.kind)}:${node.id}`;
    if (state.mode === "area") { location.hash = href("network", { seeds: key }); return; }
    await expand(key);
  }, undefined, "network-seed");

  const exportTools = [
    h("button", { "data-testid": "export-png", onclick: exportPng }, t("png")),
    h("button", { "data-testid": "export-graphml", onclick: () => download("network.graphml", toGraphml(), "application/graphml+xml") }, t("graphml")),
    h("button", { "data-testid": "export-gexf", onclick: () => download("network.gexf", writeGexf(visibleGraph()), "application/gexf+xml") }, t("gexf")),
    h("button", { onclick: () => { disposeLayout(); location.hash = href("network", {}); } }, t("reset")),
  ];

  const controls = h("div", { class: "controls" },
    h("div", { class: "control" }, h("label", {}, t("ego")), seedPicker),
    h("div", { class: "control" }, h("label", {}, t("coBuilding")), areaPicker),
    h("div", { class: "control" }, h("label", {}, t("depth")), depthSel),
    h("div", { class: "control" }, h("label", {}, t("sizeBy")), sizeSel),
    h("div", { class: "control wide" }, h("label", {}, t("asOf")), h("label", { class: "check" }, anyDate, t("noDate")), slider, dateLabel),
    h("div", { class: "control wide" }, h("label", {}, t("tieFilter")), h("div", { class: "checks" }, ...tieBoxes)));

  clear(main, panel("network", `${t("network")}${state.mode === "area" ? " — " + t("coBuilding") + (state.areaName ? `：${state.areaName}` : "") : ""}`, {
    tools: exportTools,
    csv: () => ({ name: "network-nodes.csv", header: ["key", "id", t("name"), t("kind"), t("degreeInView"), t("sizeBy") + ":" + state.size, t("broker"), t("cutPoint")],
      rows: graph.mapNodes((k, a) => [k, a.nodeId, a.label, kindLabel(a.kind), graph.degree(k), sizeValue(k) ?? "", marks.get(k)?.has("broker") ? 1 : 0, marks.get(k)?.has("cut") ? 1 : 0]) }),
  }, controls, message, h("div", { class: "network-layout" }, container, h("aside", {}, counts, legend, info))));

  // ---- graph helpers
  function edgeVisible(a: any): boolean {
    const kinds: string[] = a.tieKinds;
    if (!kinds.some((k) => state.ties.has(k))) return false;
    return state.mode === "area" || validAt(a.properties, state.asOf);
  }
  function sizeValue(key: string): number | null {
    const a = graph.getNodeAttributes(key);
    if (state.size === "tieCount") return a.tieCount ?? a.degree ?? graph.degree(key);
    if (state.size === "degreeInView") return graph.degree(key);
    return measures.get(key)?.[state.size] ?? null;
  }
  function sizes() {
    const vals = graph.mapNodes((k) => sizeValue(k) ?? 0);
    let max = 0, min = Infinity;
    for (const v of vals) { if (v > max) max = v; if (v < min) min = v; }
    if (state.size === "constraint") { // lower constraint = more brokerage: draw it larger
      graph.forEachNode((k) => { const v = sizeValue(k); graph.setNodeAttribute(k, "size", v === null ? 3 : 3 + 12 * (max - v) / ((max - min) || 1)); });
      return;
    }
    graph.forEachNode((k) => {
      const v = sizeValue(k);
      graph.setNodeAttribute(k, "size", v === null ? 3 : 3 + 12 * Math.sqrt(Math.max(v, 0) / (max || 1)));
    });
  }
  function addNode(key: string, data: any, near?: { x: number; y: number }) {
    if (graph.hasNode(key)) return;
    const angle = Math.random() * 2 * Math.PI, r = near ? 5 + Math.random() * 10 : 100 * Math.sqrt(Math.random());
    graph.addNode(key, {
      label: data.label, nodeId: data.nodeId, kind: data.kind, subtype: data.subtype ?? null, degree: data.degree ?? null,
      tieCount: data.tieCount ?? null, strength: data.strength ?? null,
      x: (near?.x ?? 0) + r * Math.cos(angle), y: (near?.y ?? 0) + r * Math.sin(angle),
      size: 4, color: kindColor(data.kind),
    });
  }
  function addEdge(data: any) {
    if (!graph.hasNode(data.source) || !graph.hasNode(data.target)) return;
    const key = data.id && state.mode === "area" ? data.id : `${data.type}:${data.source}>${data.target}`;
    if (graph.hasEdge(key)) return;
    const kinds: string[] = data.kinds ?? [data.type];
    const tieKinds = [...new Set(kinds.map((k) => TIE_OF.get(k) ?? "service"))];
    graph.addDirectedEdgeWithKey(key, data.source, data.target, {
      relType: data.type ?? kinds.join("+"), tieKinds, properties: data.properties, weight: data.weight ?? 1,
      size: data.weight ? Math.min(4, 0.5 + data.weight / 2) : 1, color: "#c8ccd4",
      label: data.type ? relLabel(data.type) : kinds.join("+"),
    });
  }

  async function fetchNeighborhood(key: string): Promise<{ elements: any; truncated: boolean }> {
    const id = key.split(":").slice(1).join(":");
    const data = await gql("network", NEIGHBORHOOD_QUERY, { id, depth: state.depth, limit: NEIGHBORHOOD_LIMIT }, { append: true });
    return data.neighborhood;
  }
  function merge(key: string, found: { elements: any; truncated: boolean }) {
    truncatedAny ||= found.truncated;
    const near = graph.hasNode(key) ? (graph.getNodeAttributes(key) as { x: number; y: number }) : undefined;
    for (const n of found.elements.nodes) addNode(n.data.id, n.data, near);
    for (const e of found.elements.edges) addEdge(e.data);
    expanded.add(key);
  }
  /** Several nodes' neighbourhoods at once (the URL's seeds), drawn together; measures follow. */
  async function expandAll(keys: string[]) {
    status(message, t("loading"), "loading");
    let found: { elements: any; truncated: boolean }[];
    try { found = await Promise.all(keys.map(fetchNeighborhood)); } catch (e) { status(message, `${t("error")}: ${(e as Error).message}`, "error"); return; }
    clear(message);
    keys.forEach((k, i) => merge(k, found[i]));
    draw();
    ensureMeasures().then(() => { decorate(); refresh(); });
  }
  async function expand(key: string) {
    if (expanded.has(key) && state.seeds.includes(key)) return;
    status(message, t("loading"), "loading");
    let found: { elements: any; truncated: boolean };
    try { found = await fetchNeighborhood(key); } catch (e) { status(message, `${t("error")}: ${(e as Error).message}`, "error"); return; }
    clear(message);
    merge(key, found);
    if (!state.seeds.includes(key)) { state.seeds.push(key); writeState(state); }
    draw();
    ensureMeasures().then(() => { decorate(); refresh(); });
  }

  async function loadArea() {
    status(message, t("loading"), "loading");
    let net: any;
    try {
      net = (await gql("network", CO_BUILDING_QUERY, { areaId: state.area, asOf: state.asOf || null, limit: NETWORK_LIMIT })).coBuildingNetwork;
    } catch (e) { status(message, `${t("error")}: ${(e as Error).message}`, "error"); return; }
    clear(message);
    const before = new Map<string, { x: number; y: number }>();
    graph.forEachNode((k, a) => before.set(k, { x: a.x, y: a.y }));
    graph.clear();
    for (const n of net.elements.nodes) { addNode(n.data.id, n.data); const b = before.get(n.data.id); if (b) graph.mergeNodeAttributes(n.data.id, b); }
    for (const e of net.elements.edges) addEdge(e.data);
    truncatedAny = net.truncated;
    meta = `${net.area.name} · ${t("asOf")} ${net.asOf} · ${fmt(net.totalNodes)} ${t("nodes")}${net.truncated ? `（${lang === "zh" ? "显示最强" : "showing the strongest"} ${fmt(net.elements.nodes.length)}）` : ""}`;
    marks.clear();
    draw();
    handle.completeAt = performance.now();
    container.dataset.complete = "1";
    try { // brokers and cut points of the area's network, computed by the API (kept per graph version)
      const m = await gql("network", MARKS_QUERY, { areaId: state.area, asOf: state.asOf || null }, { append: true });
      for (const b of m.brokers.brokers) markNode(`Organization:${b.node.id}`, "broker");
      for (const c of m.cutPoints.points) markNode(`Organization:${c.node.id}`, "cut");
    } catch (e) { status(message, `${t("error")}: ${(e as Error).message}`, "error"); }
    await ensureMeasures();
    decorate();
    refresh();
    handle.marksAt = performance.now();
    container.dataset.marked = "1";
  }
  function markNode(key: string, what: "broker" | "cut") {
    if (!marks.has(key)) marks.set(key, new Set());
    marks.get(key)!.add(what);
  }

  async function ensureMeasures() {
    const wanted = MEASURE_FIELDS.includes(state.size) || state.mode === "ego";
    if (!wanted) return;
    const ids = graph.filterNodes((k, a) => familyOf(a.kind) === "Organization" && !measures.has(k)).map((k) => graph.getNodeAttribute(k, "nodeId"));
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
    try {
      const answers = await Promise.all(batches.map((b) => gql("network", MEASURES_QUERY, { ids: b }, { append: true })));
      for (const data of answers) for (const n of data.nodes) if (n) measures.set(`Organization:${n.id}`, n.measures ?? {});
    } catch { return; }
    if (state.mode === "ego") { // brokers and cut points from `govgraph analyze`'s measures
      const total = [...measures.values()].map((m) => m.brokerageTotal ?? 0).filter((v) => v > 0).sort((a, b) => b - a);
      const threshold = total[Math.min(total.length - 1, Math.max(0, Math.ceil(total.length * 0.1) - 1))] ?? Infinity;
      for (const [k, m] of measures) {
        if (!graph.hasNode(k)) continue;
        if ((m.brokerageTotal ?? 0) > 0 && (m.brokerageTotal ?? 0) >= threshold) markNode(k, "broker");
        if ((m.cutCompounds ?? 0) > 0) markNode(k, "cut");
      }
    }
  }

  // ---- drawing
  function decorate() {
    graph.forEachNode((k) => {
      const m = marks.get(k);
      graph.mergeNodeAttributes(k, {
        type: m ? "bordered" : "circle", borderColor: m?.has("cut") ? "#e53e3e" : "#f6ad55",
        forceLabel: !!m || state.seeds.includes(k),
      });
    });
  }
  function draw() {
    sizes();
    decorate();
    if (!handle.renderer) {
      handle.renderer = current.renderer = new Sigma(graph, container, {
        renderEdgeLabels: false, defaultEdgeType: "line", labelRenderedSizeThreshold: 9, zIndex: true,
        hideLabelsOnMove: graph.order > 1000, hideEdgesOnMove: graph.size > 5000, // smooth pan and zoom on big networks
        labelFont: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
        nodeProgramClasses: { bordered: createNodeBorderProgram({ borders: [
          { size: { value: 0.3 }, color: { attribute: "borderColor" } }, { size: { fill: true }, color: { attribute: "color" } }] }) },
        edgeReducer: (edge, attrs) => edgeVisible(attrs) ? attrs : { ...attrs, hidden: true },
        nodeReducer: (node, attrs) => selected && node !== selected && !graph.areNeighbors(node, selected) ? { ...attrs, color: "#e2e8f0", label: "" } : attrs,
      });
      bindEvents(handle.renderer);
    } else handle.renderer.refresh();
    handle.drawnAt = performance.now();
    handle.ready = true;
    container.dataset.nodes = String(graph.order);
    container.dataset.edges = String(graph.size);
    container.dataset.ready = "1";
    runLayout();
    refresh();
  }

  function refresh() {
    sizes();
    handle.renderer?.refresh();
    const { nodes, edges } = handle.visibleCounts();
    container.dataset.visibleEdges = String(edges);
    clear(counts, h("b", {}, fmt(nodes)), ` ${t("nodes")} · `, h("b", {}, fmt(edges)), ` ${t("edges")}${truncatedAny ? t("truncated") : ""}`, meta ? h("div", {}, meta) : null);
    const byKind = new Map<string, number>();
    graph.forEachNode((_, a) => byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1));
    const brokers = [...marks.entries()].filter(([k, m]) => graph.hasNode(k) && m.has("broker")).length;
    const cuts = [...marks.entries()].filter(([k, m]) => graph.hasNode(k) && m.has("cut")).length;
    clear(legend, h("h4", {}, t("legend")),
      ...[...byKind.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) =>
        h("div", { class: "legend-row" }, h("span", { class: "swatch", style: `background:${kindColor(k)}` }), `${kindLabel(k)} `, h("small", {}, fmt(n)))),
      h("div", { class: "legend-row" }, h("span", { class: "swatch ring", style: "border-color:#f6ad55" }), `${t("broker")} `, h("small", {}, fmt(brokers))),
      h("div", { class: "legend-row" }, h("span", { class: "swatch ring", style: "border-color:#e53e3e" }), `${t("cutPoint")} `, h("small", {}, fmt(cuts))),
      h("p", { class: "hint" }, `${t("sizeBy")}: ${state.size === "tieCount" ? t("tieCount") : state.size === "degreeInView" ? t("degreeInView") : measureLabel(state.size, lang === "en")}`,
        MEASURE_FIELDS.includes(state.size) && measures.size && [...measures.values()].every((m) => m[state.size] == null) ? ` ${t("notAnalyzed")}` : ""));
  }

  function disposeLayout() { current.layout?.kill(); current.layout = null; }
  function runLayout() {
    disposeLayout();
    if (graph.order < 2) return;
    const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300, slowDown: 5 };
    current.layout = new FA2Layout(graph, { settings });
    current.layout.start();
    clearTimeout(current.stopTimer);
    current.stopTimer = window.setTimeout(() => current.layout?.stop(), Math.min(6000, 1500 + graph.order * 3));
  }

  let selected: string | null = null;
  function showInfo(key: string) {
    const a = graph.getNodeAttributes(key);
    const m = measures.get(key);
    clear(info,
      h("h4", {}, a.label), h("span", { class: `kind-badge k-${a.kind}` }, kindLabel(a.kind)),
      h("p", {}, `${t("degreeInView")}: ${graph.degree(key)}`, a.subtype ? ` · ${a.subtype}` : ""),
      marks.get(key)?.has("broker") ? h("p", { class: "mark broker" }, t("broker")) : null,
      marks.get(key)?.has("cut") ? h("p", { class: "mark cut" }, t("cutPoint")) : null,
      m ? h("p", { class: "small" }, ["betweenness", "pagerank", "brokerageTotal", "cutCompounds"].map((f) => `${measureLabel(f, lang === "en")}: ${fmt(m[f] as number, 4)}`).join(" · ")) : null,
      h("p", {}, h("a", { href: entityHref(a.nodeId, a.kind) }, t("open")), " · ",
        h("a", { href: href("network", { seeds: key }) }, t("ego"))));
  }

  function bindEvents(renderer: Sigma) {
    let dragged: string | null = null, moved = false;
    renderer.on("downNode", (e) => { dragged = e.node; moved = false; graph.setNodeAttribute(e.node, "fixed", true); });
    renderer.getMouseCaptor().on("mousemovebody", (e) => {
      if (!dragged) return;
      moved = true;
      const p = renderer.viewportToGraph(e);
      graph.mergeNodeAttributes(dragged, { x: p.x, y: p.y });
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    const up = () => { if (dragged) graph.removeNodeAttribute(dragged, "fixed"); dragged = null; };
    renderer.getMouseCaptor().on("mouseup", up);
    renderer.on("clickNode", async (e) => {
      if (moved) { moved = false; return; }
      selected = e.node;
      showInfo(e.node);
      if (state.mode === "ego") await expand(e.node); else renderer.refresh();
    });
    renderer.on("clickStage", () => { selected = null; renderer.refresh(); });
    renderer.on("enterNode", () => { container.style.cursor = "pointer"; });
    renderer.on("leaveNode", () => { container.style.cursor = "default"; });
  }

  function visibleGraph(): Graph {
    const g = new Graph({ multi: true, type: "mixed" });
    graph.forEachNode((k, a) => g.addNode(k, { label: a.label, kind: a.kind, x: a.x, y: a.y, size: a.size, color: a.color,
      broker: marks.get(k)?.has("broker") ?? false, cutPoint: marks.get(k)?.has("cut") ?? false }));
    graph.forEachEdge((e, a, s, tg) => { if (edgeVisible(a)) g.addDirectedEdgeWithKey(e, s, tg, { label: a.relType, weight: a.weight }); });
    return g;
  }
  function toGraphml(): string {
    const g = visibleGraph();
    const keys = [["label", "string"], ["kind", "string"], ["x", "double"], ["y", "double"], ["size", "double"], ["broker", "boolean"], ["cutPoint", "boolean"]];
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
      ...keys.map(([k, ty]) => `  <key id="${k}" for="node" attr.name="${k}" attr.type="${ty}"/>`),
      '  <key id="type" for="edge" attr.name="type" attr.type="string"/>', '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
      '  <graph id="G" edgedefault="directed">'];
    g.forEachNode((k, a) => lines.push(`    <node id="${escapeXml(k)}">${keys.map(([n]) => `<data key="${n}">${escapeXml(String(a[n]))}</data>`).join("")}</node>`));
    g.forEachEdge((e, a, s, tg) => lines.push(`    <edge id="${escapeXml(e)}" source="${escapeXml(s)}" target="${escapeXml(tg)}"><data key="type">${escapeXml(String(a.label))}</data><data key="weight">${a.weight}</data></edge>`));
    lines.push("  </graph>", "</graphml>");
    return lines.join("\n");
  }
  async function exportPng() {
    if (!handle.renderer) return;
    const blob = await sigmaToBlob(handle.renderer, { format: "png", backgroundColor: "#ffffff" });
    download("network.png", blob, "image/png");
  }

  // ---- start
  if (state.mode === "area") { await loadArea(); return; }
  if (!state.seeds.length) { status(message, t("clickToExpand")); return; }
  await expandAll([...state.seeds]);
  handle.completeAt = performance.now();
  container.dataset.complete = "1";
}
