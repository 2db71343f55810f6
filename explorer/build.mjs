// Bundles the explorer and GraphiQL into ../api/explorer_dist, which govgraph serves (api/static.py).
// Everything the pages load comes from here: no CDN, no web font or icon fetched from any other host.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "api", "explorer_dist");
const watch = process.argv.includes("--watch");
// Not emptied first: a server keeps serving the previous files while a build overwrites them.
mkdirSync(out, { recursive: true });

const options = {
  entryPoints: { app: join(here, "src", "main.ts"), graphiql: join(here, "src", "graphiql.tsx") },
  bundle: true,
  minify: !watch,
  sourcemap: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  outdir: out,
  loader: { ".woff2": "file", ".woff": "file", ".ttf": "file", ".svg": "file", ".png": "file" },
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "linked",
  logLevel: "info",
};
// MapLibre's CSP build loads its worker from a file of ours instead of a blob.
copyFileSync(join(here, "node_modules", "maplibre-gl", "dist", "maplibre-gl-csp-worker.js"),
  join(out, "maplibre-gl-csp-worker.js"));
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
writeFileSync(join(out, "build.json"), JSON.stringify({ built: new Date().toISOString(),
  packages: Object.fromEntries(Object.entries(lock.packages || {}).filter(([k]) => k.startsWith("node_modules/") &&
    !k.slice(13).includes("node_modules/")).map(([k, v]) => [k.slice(13), v.version])) }, null, 1));
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  for (const page of ["index.html", "graphiql.html", "graphiql-page.css"]) copyFileSync(join(here, "src", page), join(out, page));
} else {
  await esbuild.build(options);
}
// The pages last: make rebuilds when index.html is older than the sources, so a failed build leaves it old.
for (const page of ["index.html", "graphiql.html", "graphiql-page.css"]) copyFileSync(join(here, "src", page), join(out, page));
