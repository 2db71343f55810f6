// The planner's map: MapLibre GL on a plain background (no tile server offline) with GeoJSON sources —
// compounds by their coordinates, gap compounds coloured by gap kind, facilities with their reach, district and
// street centroids for orientation, `recommendFacilitySites` proposals with what each would cover; a scale bar.
import maplibregl from "maplibre-gl/dist/maplibre-gl-csp.js";
import "maplibre-gl/dist/maplibre-gl.css";
import { allPages, gql } from "./api";
import { GAP_COLORS } from "./colors";
import { kindInfo, lang, t } from "./i18n";
import { picker } from "./search";
import { entityHref, panel, remember, status, table } from "./ui";
import { clear, fmt, h } from "./util";

maplibregl.setWorkerUrl("/explorer/maplibre-gl-csp-worker.js");

export const GAP_KINDS: { key: string; zh: string; en: string }[] = [
  { key: "COMPOUND_NO_FACILITY", zh: "服务圈外（半径内无设施）", en: "Out of reach of a facility" },
  { key: "COMPOUND_NO_PARTY_ORGANIZATION", zh: "无党组织", en: "No party organisation" },
  { key: "COMPOUND_NO_OWNERS_COMMITTEE", zh: "无业委会", en: "No owners' committee" },
  { key: "COMPOUND_NO_PROPERTY_MANAGEMENT", zh: "无物业", en: "No property company" },
  { key: "COMPOUND_THREE_WITHOUT", zh: "三无院落", en: "Three-without" },
  { key: "COMPOUND_PARTY_OWNERS_UNLINKED", zh: "党组织与业委会无交叉任职", en: "Party and owners unlinked" },
];

export const GAPS_QUERY = `query Gaps($kind: GapKind!, $areaId: ID, $radiusMeters: Float!, $facilityKind: FacilityKind, $first: Int!, $after: String) {
  coverageGaps(kind: $kind, areaId: $areaId, radiusMeters: $radiusMeters, facilityKind: $facilityKind, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { lat lon population distanceMeters subject { ... on Node { id name kind } } nearestFacility { id name subtype } }
  }
}`;
// Every gap of the question counted per street by the server (aggregate/groupBy), not only the pages drawn.
export const GAP_STREETS_QUERY = `query GapStreets($kind: GapKind!, $areaId: ID, $radiusMeters: Float!, $facilityKind: FacilityKind) {
  coverageGaps(kind: $kind, areaId: $areaId, radiusMeters: $radiusMeters, facilityKind: $facilityKind, first: 0) {
    aggregate { count population { sum } }
    groupBy(by: STREET) { key area { name } aggregate { count population { sum } } }
  }
}`;
export const COMPOUNDS_QUERY = `query MapCompounds($within: ID, $first: Int!, $after: String, $withTotal: Boolean = true) {
  compounds(within: $within, first: $first, after: $after) {
    totalCount @include(if: $withTotal)
    pageInfo { hasNextPage endCursor }
    nodes { id name lat lon population }
  }
}`;
export const FACILITIES_QUERY = `query MapFacilities($within: ID, $subtype: FacilityKind, $first: Int!, $after: String, $withTotal: Boolean = true) {
  facilities(within: $within, subtype: $subtype, first: $first, after: $after) {
    totalCount @include(if: $withTotal)
    pageInfo { hasNextPage endCursor }
    nodes { id name subtype lat lon }
  }
}`;
export const CENTROIDS_QUERY = `query Centroids {
  districts(first: 100) { nodes { id name kind lat lon } }
  streets(first: 100) { pageInfo { hasNextPage endCursor } nodes { id name kind lat lon } }
}`;
export const MORE_STREETS_QUERY = `query Streets($first: Int!, $after: String) {
  streets(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id name kind lat lon } }
}`;
export const SITES_QUERY = `query Sites($kind: FacilityKind!, $radiusMeters: Float!, $count: Int!, $areaId: ID) {
  recommendFacilitySites(kind: $kind, radiusMeters: $radiusMeters, count: $count, areaId: $areaId) {
    kind radiusMeters compounds residents existingFacilities coveredBefore residentsCoveredBefore
    uncoveredAfter residentsUncoveredAfter compoundsWithoutPosition
    picks { rank compoundsGained residentsGained compoundsCovered residentsCovered
      site { id name lat lon } newlyCovered { id name lat lon } }
  }
}`;

let map: maplibregl.Map | null = null;
export function disposeMap() { map?.remove(); map = null; }

type FC = GeoJSON.FeatureCollection;
const fc = (features: GeoJSON.Feature[]): FC => ({ type: "FeatureCollection", features });
const point = (lon: number, lat: number, props: Record<string, unknown>): GeoJSON.Feature =>
  ({ type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] }, properties: props });

/** A circle of `meters` around a point, as a 48-gon (equirectangular approximation, exact enough at city scale). */
function circle(lon: number, lat: number, meters: number, props: Record<string, unknown>): GeoJSON.Feature {
  const ring: [number, number][] = [];
  const dLat = meters / 111_320, dLon = meters / (111_320 * Math.cos((lat * Math.PI) / 180));
  for (let i = 0; i <= 48; i++) { const a = (i / 48) * 2 * Math.PI; ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]); }
  return { type: "Feature", geometry: { type: "Polygon", coordinates: [ring] }, properties: props };
}

export interface MapHandle { ready: boolean; gapMarkers: number; gapTotal: number | null; compounds: number; facilities: number; drawnAt: number; map: maplibregl.Map | null }

export async function renderMap(main: HTMLElement, params: URLSearchParams) {
  disposeMap();
  const facilityKinds = kindInfo("Facility")?.properties.find((p) => p.field === "subtype")?.enum ?? [];
  const s = {
    gap: params.get("gap") ?? "COMPOUND_NO_FACILITY",
    radius: Math.min(5000, Math.max(100, Number(params.get("radius") ?? 1000) || 1000)),
    facility: params.has("facility") ? params.get("facility")! : "canteen",
    area: params.get("area") ?? "", areaName: params.get("areaName") ?? "",
    sites: Math.min(10, Math.max(0, Number(params.get("sites") ?? 0) || 0)),
    focus: (params.get("focus") ?? "").split(",").map(Number).filter((x) => Number.isFinite(x)),
  };
  const handle: MapHandle = { ready: false, gapMarkers: 0, gapTotal: null, compounds: 0, facilities: 0, drawnAt: 0, map: null };
  window.__explorer = { ...(window.__explorer ?? {}), map: handle };
  const save = () => remember({ gap: s.gap, radius: s.radius === 1000 ? null : s.radius, facility: s.facility === "canteen" ? null : s.facility || "any",
    area: s.area || null, areaName: s.areaName || null, sites: s.sites || null, focus: s.focus.length === 2 ? s.focus.join(",") : null });
  if (s.facility === "any") s.facility = "";

  const gapSel = h("select", { "data-testid": "gap-kind", onchange: () => { s.gap = gapSel.value; save(); loadGaps(); } },
    ...GAP_KINDS.map((g) => h("option", { value: g.key, selected: g.key === s.gap }, lang === "zh" ? g.zh : g.en)));
  const facSel = h("select", { "data-testid": "facility-kind", onchange: () => { s.facility = facSel.value; save(); loadFacilities(); loadGaps(); } },
    h("option", { value: "" }, t("anyKind")), ...facilityKinds.map((k) => h("option", { value: k, selected: k === s.facility }, k)));
  const radiusLabel = h("span", { "data-testid": "radius-label" }, `${s.radius} m`);
  const radius = h("input", { type: "range", min: "100", max: "5000", step: "100", value: String(s.radius), "data-testid": "radius" });
  radius.addEventListener("input", () => { radiusLabel.textContent = `${radius.value} m`; });
  radius.addEventListener("change", () => { s.radius = Number(radius.value); save(); drawReach(); loadGaps(); if (s.sites) loadSites(); });
  const areaPick = picker("map", t("wholeCity"), ["District", "Street", "Community"], (n) => { s.area = n.id; s.areaName = n.name; save(); reload(); },
    s.area ? { id: s.area, name: s.areaName || s.area } : undefined, "map-area");
  const siteCount = h("input", { type: "number", min: "1", max: "10", value: String(s.sites || 3), style: "width:4em" });
  const siteBtn = h("button", { "data-testid": "recommend", onclick: () => { s.sites = Number(siteCount.value) || 3; save(); loadSites(); } }, t("recommend"));

  const container = h("div", { class: "map", "data-testid": "map-canvas" });
  const counts = h("div", { class: "counts", "data-testid": "map-counts" });
  const message = h("div", { class: "message" });
  const sitesBox = h("div", { "data-testid": "sites" });
  const gapList = h("div", { class: "gap-list" });
  let gapRows: any[] = [];
  clear(main, panel("map", t("map"), {
    csv: () => ({ name: `gaps-${s.gap.toLowerCase()}.csv`, header: ["id", t("name"), t("population"), "lat", "lon", t("nearest"), t("distance")],
      rows: gapRows.map((g) => [g.subject.id, g.subject.name, g.population, g.lat, g.lon, g.nearestFacility?.name ?? "", g.distanceMeters == null ? "" : Math.round(g.distanceMeters)]) }),
  },
  h("div", { class: "controls" },
    h("div", { class: "control" }, h("label", {}, t("area")), areaPick),
    h("div", { class: "control" }, h("label", {}, t("gapKind")), gapSel),
    h("div", { class: "control" }, h("label", {}, t("facilityKind")), facSel),
    h("div", { class: "control wide" }, h("label", {}, t("radius")), radius, radiusLabel),
    h("div", { class: "control" }, h("label", {}, t("recommend")), h("div", { class: "row" }, siteCount, siteBtn))),
  message, h("div", { class: "map-layout" }, container, h("aside", {}, counts, h("div", { class: "legend" }, ...legendRows()), sitesBox)), gapList));

  function legendRows() {
    return [h("h4", {}, t("legend")),
      h("div", { class: "legend-row" }, h("span", { class: "swatch", style: "background:#cbd5e0" }), lang === "zh" ? "小区（无缺口）" : "Compound (no gap)"),
      h("div", { class: "legend-row" }, h("span", { class: "swatch", style: `background:${GAP_COLORS[s.gap] ?? "#c53030"}` }), lang === "zh" ? "缺口小区（大小=人口）" : "Gap compound (size = population)"),
      h("div", { class: "legend-row" }, h("span", { class: "swatch", style: "background:#319795" }), lang === "zh" ? "设施及服务半径" : "Facility and its reach"),
      h("div", { class: "legend-row" }, h("span", { class: "swatch ring", style: "border-color:#6b46c1" }), lang === "zh" ? "推荐选址" : "Proposed site")];
  }

  const m = new maplibregl.Map({
    container, center: [104.4, 31.13], zoom: 9, attributionControl: false, preserveDrawingBuffer: true,
    style: { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": "#f4f1ea" } }] },
  } as any);
  map = m;
  handle.map = m;
  m.addControl(new maplibregl.ScaleControl({ maxWidth: 160, unit: "metric" }), "bottom-left");
  m.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  // The data is asked for at once; the layers are made when the map has loaded, and the data set after.
  const loaded = new Promise<void>((resolve) => m.on("load", () => { addLayers(); resolve(); }));
  function addLayers() {
  const empty = fc([]);
  for (const id of ["reach", "compounds", "facilities", "gaps", "sites", "covered"]) m.addSource(id, { type: "geojson", data: empty });
  m.addLayer({ id: "reach", type: "fill", source: "reach", paint: { "fill-color": "#319795", "fill-opacity": 0.08, "fill-outline-color": "#81e6d9" } });
  m.addLayer({ id: "compounds", type: "circle", source: "compounds", paint: { "circle-color": "#cbd5e0", "circle-radius": ["interpolate", ["linear"], ["zoom"], 8, 1.5, 14, 6] } });
  m.addLayer({ id: "facilities", type: "circle", source: "facilities", paint: { "circle-color": "#319795", "circle-radius": ["interpolate", ["linear"], ["zoom"], 8, 2, 14, 7], "circle-stroke-color": "#fff", "circle-stroke-width": 1 } });
  m.addLayer({ id: "gaps", type: "circle", source: "gaps", paint: {
    "circle-color": ["get", "color"], "circle-opacity": 0.85,
    "circle-radius": ["interpolate", ["linear"], ["zoom"], 8, ["+", 2, ["*", 3, ["sqrt", ["/", ["get", "population"], 5000]]]], 14, ["+", 5, ["*", 8, ["sqrt", ["/", ["get", "population"], 5000]]]]] } });
  m.addLayer({ id: "covered", type: "circle", source: "covered", paint: { "circle-color": "#b794f4", "circle-radius": 4, "circle-stroke-color": "#553c9a", "circle-stroke-width": 1 } });
  m.addLayer({ id: "sites", type: "circle", source: "sites", paint: { "circle-color": "#fff", "circle-radius": 9, "circle-stroke-color": "#6b46c1", "circle-stroke-width": 4 } });
  for (const layer of ["gaps", "compounds", "facilities", "sites"]) {
    m.on("click", layer, (e: any) => {
      const f = e.features?.[0];
      if (!f) return;
      const p = f.properties as any;
      new maplibregl.Popup().setLngLat(e.lngLat).setDOMContent(h("div", {},
        h("a", { href: entityHref(p.id, p.kind) }, h("b", {}, p.name)), h("br"),
        p.population != null ? `${t("population")}: ${fmt(p.population)}` : p.subtype ?? "",
        p.distance != null ? h("div", {}, `${t("nearest")}: ${p.nearest || "—"} (${fmt(p.distance)} m)`) : null)).addTo(m);
    });
    m.on("mouseenter", layer, () => { m.getCanvas().style.cursor = "pointer"; });
    m.on("mouseleave", layer, () => { m.getCanvas().style.cursor = ""; });
  }
  }
  let facilities: any[] = [];
  let markers: maplibregl.Marker[] = [];
  let fitted = false;
  if (s.focus.length === 2) { // a place opened from its entity page: centred, marked, at street level
    m.jumpTo({ center: [s.focus[0], s.focus[1]], zoom: 14 });
    new maplibregl.Marker({ color: "#2b6cb0" }).setLngLat([s.focus[0], s.focus[1]]).addTo(m);
    fitted = true;
  }

  // The whole city comes district by district, in parallel (pages of 100 follow one another): unless the
  // districts' totals do not add up to the city's (something placed on the city itself), then city-wide.
  let districtIds: Promise<string[]> | null = null;
  async function partitioned<N>(query: string, vars: Record<string, unknown>, areaVar: string, pick: (d: any) => any): Promise<{ nodes: N[]; totalCount?: number }> {
    if (s.area) return allPages<N>("map", query, { ...vars, [areaVar]: s.area }, pick);
    districtIds ??= gql("map", "query Districts { districts(first: 100) { nodes { id } } }", {}, { append: true }).then((d) => d.districts.nodes.map((n: any) => n.id));
    const ids = await districtIds;
    const [whole, ...parts] = await Promise.all([
      gql("map", query, { ...vars, [areaVar]: null, first: 0, after: null }, { append: true }).then((d) => pick(d).totalCount as number),
      ...ids.map((id) => allPages<N>("map", query, { ...vars, [areaVar]: id }, pick))]);
    const sum = parts.reduce((n, p) => n + (p.totalCount ?? 0), 0);
    if (sum !== whole) return allPages<N>("map", query, { ...vars, [areaVar]: null }, pick);
    return { nodes: parts.flatMap((p) => p.nodes), totalCount: whole };
  }

  function setData(id: string, data: FC) { loaded.then(() => (m.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(data)); }
  function refreshCounts() {
    clear(counts,
      h("div", {}, h("b", { "data-testid": "gap-count", dataset: { count: handle.gapMarkers, total: handle.gapTotal ?? "" } }, fmt(handle.gapMarkers)),
        ` ${t("gaps")}${handle.gapTotal !== null && handle.gapTotal !== handle.gapMarkers ? ` / ${fmt(handle.gapTotal)}` : ""}`),
      h("div", {}, h("b", {}, fmt(handle.compounds)), ` ${t("compounds")}`),
      h("div", {}, h("b", {}, fmt(handle.facilities)), ` ${t("facilities")}${s.facility ? ` (${s.facility})` : ""}`));
  }
  function fit(points: [number, number][]) {
    if (fitted || !points.length) return;
    const b = new maplibregl.LngLatBounds(points[0], points[0]);
    for (const p of points) b.extend(p);
    m.fitBounds(b, { padding: 30, animate: false });
    fitted = true;
  }

  async function loadCompounds() {
    const { nodes } = await partitioned<any>(COMPOUNDS_QUERY, { first: 100 }, "within", (d) => d.compounds);
    const placed = nodes.filter((n) => n.lat != null && n.lon != null);
    handle.compounds = placed.length;
    setData("compounds", fc(placed.map((n) => point(n.lon, n.lat, { id: n.id, name: n.name, kind: "Compound", population: n.population }))));
    fit(placed.map((n) => [n.lon, n.lat]));
    refreshCounts();
  }
  async function loadFacilities() {
    const { nodes } = await partitioned<any>(FACILITIES_QUERY, { subtype: s.facility || null, first: 100 }, "within", (d) => d.facilities);
    facilities = nodes.filter((n) => n.lat != null && n.lon != null);
    handle.facilities = facilities.length;
    setData("facilities", fc(facilities.map((n) => point(n.lon, n.lat, { id: n.id, name: n.name, kind: "Facility", subtype: n.subtype }))));
    drawReach();
    refreshCounts();
  }
  function drawReach() { setData("reach", fc(facilities.map((n) => circle(n.lon, n.lat, s.radius, { id: n.id })))); }
  let gapToken = 0;
  async function loadGaps() {
    const token = ++gapToken;
    status(message, t("loading"), "loading");
    try {
      const { nodes, totalCount } = await partitioned<any>(GAPS_QUERY, { kind: s.gap, radiusMeters: s.radius,
        facilityKind: s.facility || null, first: 100 }, "areaId", (d) => d.coverageGaps);
      if (token !== gapToken) return;
      gapRows = nodes;
      const placed = nodes.filter((g) => g.lat != null && g.lon != null);
      const color = GAP_COLORS[s.gap] ?? "#c53030";
      setData("gaps", fc(placed.map((g) => point(g.lon, g.lat, { id: g.subject.id, name: g.subject.name, kind: g.subject.kind, population: g.population ?? 0,
        color, nearest: g.nearestFacility?.name ?? "", distance: g.distanceMeters == null ? null : Math.round(g.distanceMeters) }))));
      handle.gapMarkers = placed.length;
      handle.gapTotal = totalCount ?? null;
      container.dataset.gaps = String(placed.length);
      container.dataset.gapTotal = String(totalCount ?? "");
      fit(placed.map((g) => [g.lon, g.lat]));
      clear(message);
      const totals = (await gql("map", GAP_STREETS_QUERY, { kind: s.gap, radiusMeters: s.radius, facilityKind: s.facility || null,
        areaId: s.area || null }, { append: true })).coverageGaps;
      if (token !== gapToken) return;
      const streetRows = (totals.groupBy as any[]).map((g) => [g.area?.name ?? g.key ?? "—", fmt(g.aggregate.count), fmt(g.aggregate.population?.sum ?? 0)]);
      clear(gapList, h("h3", {}, t("gapsPerStreet")),
        table([t("street"), t("gaps"), t("residentsLeftOut")], [...streetRows,
          [lang === "zh" ? "合计" : "Total", fmt(totals.aggregate.count), fmt(totals.aggregate.population?.sum ?? 0)]], { "data-testid": "gap-streets" }),
        h("details", {}, h("summary", {}, `${lang === "zh" ? "缺口小区列表" : "Gap compounds"} (${fmt(nodes.length)})`),
        table([t("name"), t("population"), t("nearest"), t("distance")], nodes.slice(0, 500).map((g) => [
          h("a", { href: entityHref(g.subject.id, g.subject.kind) }, g.subject.name), fmt(g.population), g.nearestFacility?.name ?? "—", fmt(g.distanceMeters)]))));
      refreshCounts();
      legendUpdate();
    } catch (e) { if (token === gapToken) status(message, `${t("error")}: ${(e as Error).message}`, "error"); }
  }
  function legendUpdate() {
    const legend = main.querySelector(".map-layout .legend");
    if (legend) clear(legend, ...legendRows());
  }
  async function loadCentroids() {
    const data = await gql("map", CENTROIDS_QUERY, {}, { append: true });
    let streets = data.streets.nodes as any[];
    let page = data.streets.pageInfo;
    while (page.hasNextPage) {
      const more = await gql("map", MORE_STREETS_QUERY, { first: 100, after: page.endCursor }, { append: true });
      streets = streets.concat(more.streets.nodes);
      page = more.streets.pageInfo;
    }
    for (const mk of markers) mk.remove();
    markers = [];
    for (const a of [...data.districts.nodes, ...streets]) {
      if (a.lat == null || a.lon == null) continue;
      const el = h("a", { class: `centroid ${a.kind.toLowerCase()}`, href: entityHref(a.id, a.kind), title: a.name }, a.name);
      markers.push(new maplibregl.Marker({ element: el }).setLngLat([a.lon, a.lat]).addTo(m));
    }
    const zoomClass = () => container.classList.toggle("show-streets", m.getZoom() >= 10.5);
    m.on("zoomend", zoomClass);
    zoomClass();
  }
  async function loadSites() {
    if (!s.facility) { status(sitesBox, lang === "zh" ? "请选择设施类型" : "Choose a facility kind", "error"); return; }
    status(sitesBox, t("loading"), "loading");
    try {
      const plan = (await gql("map", SITES_QUERY, { kind: s.facility, radiusMeters: s.radius, count: s.sites || 3, areaId: s.area || null }, { append: true })).recommendFacilitySites;
      setData("sites", fc(plan.picks.filter((p: any) => p.site.lat != null).map((p: any) => point(p.site.lon, p.site.lat, { id: p.site.id, name: p.site.name, kind: "Compound", population: p.residentsGained }))));
      setData("covered", fc(plan.picks.flatMap((p: any) => p.newlyCovered.filter((c: any) => c.lat != null).map((c: any) => point(c.lon, c.lat, { id: c.id, name: c.name, kind: "Compound" })))));
      clear(sitesBox, h("h4", {}, `${t("recommend")}: ${plan.kind}, ${fmt(plan.radiusMeters)} m`),
        h("p", { class: "small" }, `${t("before")}: ${fmt(plan.coveredBefore)}/${fmt(plan.compounds)} ${t("compounds")}, ${fmt(plan.residentsCoveredBefore)}/${fmt(plan.residents)} ${t("residents")}; ${t("after")}: ${fmt(plan.uncoveredAfter)} ${t("compounds")}, ${fmt(plan.residentsUncoveredAfter)} ${t("residents")}`),
        table(["#", t("site"), `+${t("compounds")}`, `+${t("residents")}`], plan.picks.map((p: any) => [p.rank,
          h("a", { href: entityHref(p.site.id, "Compound") }, p.site.name), fmt(p.compoundsGained), fmt(p.residentsGained)]), { "data-testid": "site-table" }));
    } catch (e) { status(sitesBox, `${t("error")}: ${(e as Error).message}`, "error"); }
  }
  async function reload() {
    fitted = s.focus.length === 2;
    await Promise.all([loadGaps(), loadCompounds().catch((e) => status(message, e.message, "error")),
      loadFacilities().catch((e) => status(message, e.message, "error")), s.sites ? loadSites() : Promise.resolve()]);
  }
  refreshCounts();
  loadCentroids().catch(() => undefined);
  await Promise.all([loaded, reload()]);
  if (map !== m) return;
  await new Promise<void>((resolve) => { if (m.loaded()) resolve(); else m.once("idle", () => resolve()); });
  handle.drawnAt = performance.now();
  handle.ready = true;
  container.dataset.ready = "1";
}
