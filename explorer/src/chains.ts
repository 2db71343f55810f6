// Cross-appointment chains (交叉任职链) between two organisations, drawn, with each person's posts.
import Graph from "graphology";
import Sigma from "sigma";
import { gql } from "./api";
import { kindColor } from "./colors";
import { kindLabel, lang, t } from "./i18n";
import { picker } from "./search";
import { entityHref, panel, remember, status, table } from "./ui";
import { clear, fmt, h } from "./util";

export const CHAINS_QUERY = `query Chains($fromId: ID!, $toId: ID!, $maxHops: Int!, $asOf: Date, $first: Int!) {
  crossAppointmentChains(fromId: $fromId, toId: $toId, maxHops: $maxHops, asOf: $asOf, first: $first) {
    fromOrganization { id name kind }
    toOrganization { id name kind }
    asOf maxHops
    chains {
      hops
      nodes { id name kind }
      posts { person { id name } organization { id name kind } role partTime startDate endDate onBehalfOf { id name kind } }
    }
  }
}`;

const CHAIN_FIELDS = `hops nodes { id name kind }
      posts { person { id name } organization { id name kind } role partTime startDate endDate onBehalfOf { id name kind } }`;
export const PERSON_POSTS_QUERY = `query PersonPosts($id: ID!, $asOf: Date) {
  node(id: $id, kind: Person) { id name kind ... on Person { posts(first: 20, asOf: $asOf) { edges { role partTime startDate endDate node { id name kind } } } } }
}`;
const MAX_PAIRS = 25; // aliases in one document (the API allows 30)

/** The chains between two ends, either of which may be a person: a person's chain starts at (or ends in) each
 * organisation they hold a post in, one aliased `crossAppointmentChains` per pair of organisations (one request);
 * the shortest are kept, with the person's own post at the end. */
async function chainsWithPeople(s: { from: string; fromName: string; fromKind: string; to: string; toName: string; toKind: string; maxHops: number; asOf: string }) {
  const end = async (id: string, kind: string, name: string) => {
    if (kind !== "Person") return { person: null, orgs: [{ org: { id, name: name || id, kind: "Organization" }, post: null }] };
    const node = (await gql("chains", PERSON_POSTS_QUERY, { id, asOf: s.asOf || null }, { append: true })).node;
    if (!node) throw new Error(`no person ${id}`);
    return { person: node, orgs: node.posts.edges.map((e: any) => ({ org: e.node, post: { ...e, person: { id: node.id, name: node.name }, organization: e.node, onBehalfOf: null } })) };
  };
  const [a, b] = await Promise.all([end(s.from, s.fromKind, s.fromName), end(s.to, s.toKind, s.toName)]);
  const pairs: [any, any][] = [];
  for (const x of a.orgs) for (const y of b.orgs) if (pairs.length < MAX_PAIRS) pairs.push([x, y]);
  const vars: Record<string, unknown> = { maxHops: s.maxHops, asOf: s.asOf || null };
  const fields: string[] = [], decls: string[] = ["$maxHops: Int!", "$asOf: Date"];
  pairs.forEach(([x, y], i) => {
    if (x.org.id === y.org.id) return;
    vars[`f${i}`] = x.org.id; vars[`t${i}`] = y.org.id;
    decls.push(`$f${i}: ID!`, `$t${i}: ID!`);
    fields.push(`c${i}: crossAppointmentChains(fromId: $f${i}, toId: $t${i}, maxHops: $maxHops, asOf: $asOf, first: 5) { chains { ${CHAIN_FIELDS} } }`);
  });
  const data = fields.length ? await gql("chains", `query ChainsWithPeople(${decls.join(", ")}) {\n  ${fields.join("\n  ")}\n}`, vars, { append: true }) : {};
  let found: any[] = [];
  pairs.forEach(([x, y], i) => {
    const inner = x.org.id === y.org.id ? [{ hops: 0, nodes: [x.org], posts: [] }] : (data[`c${i}`]?.chains ?? []);
    for (const c of inner) {
      const nodes = [...(a.person ? [a.person] : []), ...c.nodes, ...(b.person ? [b.person] : [])];
      const posts = [...(x.post ? [x.post] : []), ...c.posts, ...(y.post ? [y.post] : [])];
      found.push({ hops: c.hops + (a.person ? 1 : 0) + (b.person ? 1 : 0), nodes, posts });
    }
  });
  const fewest = Math.min(...found.map((c) => c.hops));
  found = found.filter((c) => c.hops === fewest).slice(0, 10);
  return { fromOrganization: a.person ?? a.orgs[0].org, toOrganization: b.person ?? b.orgs[0].org, asOf: s.asOf || new Date().toISOString().slice(0, 10), maxHops: s.maxHops, chains: found };
}

let renderer: Sigma | null = null;
export function disposeChains() { renderer?.kill(); renderer = null; }

export async function renderChains(main: HTMLElement, params: URLSearchParams) {
  disposeChains();
  const s = {
    from: params.get("from") ?? "", fromName: params.get("fromName") ?? "", fromKind: params.get("fromKind") === "Person" ? "Person" : "Organization",
    to: params.get("to") ?? "", toName: params.get("toName") ?? "", toKind: params.get("toKind") === "Person" ? "Person" : "Organization",
    maxHops: Math.min(6, Math.max(1, Number(params.get("maxHops") ?? 4) || 4)), asOf: params.get("asOf") ?? "",
  };
  const save = () => remember({ from: s.from, fromName: s.fromName, fromKind: s.fromKind === "Person" ? "Person" : null, to: s.to, toName: s.toName, toKind: s.toKind === "Person" ? "Person" : null, maxHops: s.maxHops === 4 ? null : s.maxHops, asOf: s.asOf || null });
  const fromPick = picker("chains", t("pickOrg"), ["Organization", "Person"], (n) => { s.from = n.id; s.fromName = n.name; s.fromKind = n.kind === "Person" ? "Person" : "Organization"; save(); run(); }, s.from ? { id: s.from, name: s.fromName || s.from } : undefined, "chain-from");
  const toPick = picker("chains", t("pickOrg"), ["Organization", "Person"], (n) => { s.to = n.id; s.toName = n.name; s.toKind = n.kind === "Person" ? "Person" : "Organization"; save(); run(); }, s.to ? { id: s.to, name: s.toName || s.to } : undefined, "chain-to");
  const hops = h("select", { "data-testid": "max-hops", onchange: () => { s.maxHops = Number(hops.value); save(); run(); } },
    ...[1, 2, 3, 4, 5, 6].map((n) => h("option", { value: String(n), selected: n === s.maxHops }, String(n))));
  const asOf = h("input", { type: "date", value: s.asOf, onchange: () => { s.asOf = asOf.value; save(); run(); } });
  const canvas = h("div", { class: "sigma chains-canvas", "data-testid": "chains-canvas" });
  const result = h("div", { "data-testid": "chains-result" });
  let rows: unknown[][] = [];
  clear(main, panel("chains", t("chains"), {
    csv: () => ({ name: "chains.csv", header: ["chain", "hops", lang === "zh" ? "人员" : "person", lang === "zh" ? "组织" : "organisation", t("role"), t("from"), t("to"), t("onBehalfOf")], rows }),
  },
  h("div", { class: "controls" },
    h("div", { class: "control" }, h("label", {}, t("chainFrom")), fromPick),
    h("div", { class: "control" }, h("label", {}, t("chainTo")), toPick),
    h("div", { class: "control" }, h("label", {}, t("maxHops")), hops),
    h("div", { class: "control" }, h("label", {}, t("asOf")), asOf)),
  canvas, result));

  async function run() {
    if (!s.from || !s.to) { status(result, `${t("chainFrom")} → ${t("chainTo")}`); return; }
    status(result, t("loading"), "loading");
    let data: any;
    try {
      data = s.fromKind === "Person" || s.toKind === "Person" ? await chainsWithPeople(s)
        : (await gql("chains", CHAINS_QUERY, { fromId: s.from, toId: s.to, maxHops: s.maxHops, asOf: s.asOf || null, first: 10 })).crossAppointmentChains;
    } catch (e) { status(result, `${t("error")}: ${(e as Error).message}`, "error"); return; }
    // the pickers show names, also when the URL gave only ids
    const inputs = [fromPick.querySelector("input"), toPick.querySelector("input")];
    if (inputs[0] && data.fromOrganization?.name && inputs[0].value === s.from) { inputs[0].value = data.fromOrganization.name; s.fromName = data.fromOrganization.name; }
    if (inputs[1] && data.toOrganization?.name && inputs[1].value === s.to) { inputs[1].value = data.toOrganization.name; s.toName = data.toOrganization.name; }
    save();
    rows = data.chains.flatMap((c: any, i: number) => c.posts.map((p: any) => [i + 1, c.hops, p.person.name, p.organization.name, p.role, p.startDate, p.endDate ?? "", p.onBehalfOf?.name ?? ""]));
    canvas.dataset.chains = String(data.chains.length);
    result.dataset.chains = String(data.chains.length);
    draw(data.chains);
    if (!data.chains.length) { status(result, `${t("noChains")} (${data.maxHops})`); return; }
    clear(result,
      h("p", {}, `${data.fromOrganization.name} → ${data.toOrganization.name} · ${t("asOf")} ${data.asOf} · `, h("b", {}, fmt(data.chains.length)), lang === "zh" ? " 条链" : " chains"),
      ...data.chains.map((c: any, i: number) => h("div", { class: "chain", dataset: { hops: c.hops } },
        h("h4", {}, `#${i + 1} · ${c.hops} ${lang === "zh" ? "人" : c.hops === 1 ? "person" : "people"}: `,
          ...c.nodes.flatMap((n: any, j: number) => [j ? " — " : "", h("a", { href: entityHref(n.id, n.kind) }, n.name)])),
        table([lang === "zh" ? "人员" : "Person", lang === "zh" ? "组织" : "Organisation", t("role"), t("from"), t("to"), t("onBehalfOf")],
          c.posts.map((p: any) => [h("a", { href: entityHref(p.person.id, "Person") }, p.person.name),
            h("a", { href: entityHref(p.organization.id, p.organization.kind) }, p.organization.name),
            p.role + (p.partTime ? (lang === "zh" ? "（兼职）" : " (part-time)") : ""), p.startDate ?? "—", p.endDate ?? t("current"),
            p.onBehalfOf ? h("a", { href: entityHref(p.onBehalfOf.id, p.onBehalfOf.kind) }, p.onBehalfOf.name) : "—"])))));
  }

  function draw(chains: any[]) {
    disposeChains();
    const g = new Graph({ multi: false, type: "undirected" });
    chains.forEach((c, row) => {
      c.nodes.forEach((n: any, col: number) => {
        const key = `${n.kind === "Person" ? "Person" : "Organization"}:${n.id}`;
        const first = col === 0, last = col === c.nodes.length - 1;
        if (!g.hasNode(key)) g.addNode(key, { label: n.name, x: col * 10, y: first || last ? (chains.length - 1) * -2.5 : -row * 5,
          size: n.kind === "Person" ? 6 : 10, color: kindColor(n.kind), forceLabel: true, kind: n.kind });
        if (col) {
          const prev = c.nodes[col - 1];
          const pk = `${prev.kind === "Person" ? "Person" : "Organization"}:${prev.id}`;
          const post = c.posts.find((p: any) => (p.person.id === n.id && p.organization.id === prev.id) || (p.person.id === prev.id && p.organization.id === n.id));
          if (!g.hasEdge(pk, key)) g.addEdge(pk, key, { label: post?.role ?? "", size: 2, color: "#a0aec0" });
        }
      });
    });
    if (!g.order) { canvas.dataset.nodes = "0"; return; }
    renderer = new Sigma(g, canvas, { renderEdgeLabels: true, labelRenderedSizeThreshold: 0, stagePadding: 140,
      labelFont: "system-ui, 'Noto Sans CJK SC', sans-serif", edgeLabelFont: "system-ui, 'Noto Sans CJK SC', sans-serif" });
    canvas.dataset.nodes = String(g.order);
    canvas.dataset.ready = "1";
    renderer.on("clickNode", (e) => { const a = g.getNodeAttributes(e.node); location.hash = entityHref(e.node.split(":").slice(1).join(":"), a.kind); });
    window.__explorer = { ...(window.__explorer ?? {}), chains: { renderer, graph: g, kindLabel } };
  }
  run();
}
