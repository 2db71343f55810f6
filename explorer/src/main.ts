// The explorer: a client of govgraph's public GraphQL API and nothing else, served offline by govgraph.
import "./style.css";
import { renderChains, disposeChains } from "./chains";
import { renderDashboard } from "./dashboard";
import { renderEntity } from "./entity";
import { lang, loadModel, setLang, t } from "./i18n";
import { disposeMap, renderMap } from "./map";
import { disposeNetwork, renderNetwork } from "./network";
import { renderSearch, searchBox } from "./search";
import { go, href, route, status } from "./ui";
import { clear, h, toCsv } from "./util";

const VIEWS = ["search", "network", "chains", "map", "dashboard"];
const app = document.getElementById("app")!;
const main = h("main", { id: "main" });
const box = searchBox((text) => {
  const { view } = route();
  if (view === "search") history.replaceState(null, "", href("search", { q: text }));
  else location.hash = href("search", { q: text });
  if (view === "search") render();
});
const nav = h("nav", { class: "views" });
const langButton = h("button", { class: "lang", "data-testid": "lang", onclick: () => { setLang(lang === "zh" ? "en" : "zh"); chrome(); render(); } });

function chrome() {
  document.title = t("title");
  box.placeholder = t("searchPlaceholder");
  langButton.textContent = lang === "zh" ? "English" : "中文";
  const { view } = route();
  clear(nav, ...VIEWS.map((v) => h("a", { href: href(v), class: v === view ? "active" : "", dataset: { view: v } }, t(v))),
    h("a", { href: "/graphql", target: "_blank" }, "GraphiQL"));
}

let rendering = 0;
async function render() {
  const token = ++rendering;
  const { view, params } = route();
  disposeNetwork();
  disposeChains();
  disposeMap();
  chrome();
  document.body.dataset.view = view;
  try {
    if (view === "search") renderSearch(main, params, box);
    else if (view === "entity") await renderEntity(main, params);
    else if (view === "network") await renderNetwork(main, params);
    else if (view === "chains") await renderChains(main, params);
    else if (view === "map") await renderMap(main, params);
    else if (view === "dashboard") await renderDashboard(main, params);
    else go("search");
  } catch (e) {
    if (token === rendering) status(main, `${t("error")}: ${(e as Error).message}`, "error");
  }
}

async function start() {
  window.__explorer = { ...(window.__explorer ?? {}), toCsv }; // for tests and the curious: the CSV writer every list uses
  setLang(lang);
  clear(app, h("header", { class: "top" }, h("a", { href: href("search"), class: "brand" }, "govgraph"), box, nav, langButton), main);
  status(main, t("loading"), "loading");
  try {
    await loadModel();
  } catch (e) {
    status(main, `${t("error")}: ${(e as Error).message}`, "error");
    return;
  }
  window.addEventListener("hashchange", render);
  await render();
  if (route().view === "search") box.focus();
}
start();
