// Prints the JavaScript each route loads on first visit, gzipped, from the last `pnpm build`:
// the shared root chunks plus the route's client chunks (from its client reference manifest), i.e. the
// scripts a current browser (Chromium) fetches before the page is interactive.
// Not counted: Next's legacy polyfills (build-manifest `polyfillFiles`, ~39 kB). Next writes them as
// `<script noModule>` (next/dist/server/app-render/app-render.js), which a browser that runs ES modules
// never downloads; only browsers from before 2018 load them. Next's own build stats
// (.next/diagnostics/route-bundle-stats.json) leave them out too. Chunks a page loads later, on demand
// (next/dynamic, import()), are not counted either: they are fetched when the part that needs them is used.
// Usage: pnpm bundle-size   (after `pnpm build`). Fails when a route loads more than the budget
// (BUNDLE_BUDGET_KB, 250 kB gzipped by default).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const next = new URL("../.next/", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(next, "build-manifest.json"), "utf8"));
const root = new Set((manifest.rootMainFiles ?? []).map((f) => `/_next/${f}`));
const gzipped = new Map();
const size = (chunk) => {
  if (!gzipped.has(chunk)) {
    const path = join(next, chunk.replace(/^\/_next\//, ""));
    gzipped.set(chunk, gzipSync(readFileSync(path)).length);
  }
  return gzipped.get(chunk);
};

function* manifests(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* manifests(path);
    else if (name === "page_client-reference-manifest.js") yield path;
  }
}

const rows = [];
for (const path of manifests(join(next, "server/app"))) {
  globalThis.__RSC_MANIFEST = {};
  new Function(readFileSync(path, "utf8"))();
  for (const [route, entry] of Object.entries(globalThis.__RSC_MANIFEST)) {
    const chunks = new Set(root);
    for (const module of Object.values(entry.clientModules ?? {})) {
      if (!module.async) for (const chunk of module.chunks) chunks.add(chunk);
    }
    for (const files of Object.values(entry.entryJSFiles ?? {})) for (const f of files) chunks.add(`/_next/${f}`);
    const bytes = [...chunks].filter((c) => c.endsWith(".js")).reduce((sum, c) => sum + size(c), 0);
    rows.push([route.replace(/\/page$/, "").replace(/\/\([a-z]+\)/g, "") || "/", bytes]);
  }
}
rows.sort((a, b) => b[1] - a[1]);
const budget = Number(process.env.BUNDLE_BUDGET_KB ?? 250) * 1024;
console.log("| route | first-load JS (gzip) |\n| --- | ---: |");
for (const [route, bytes] of rows) console.log(`| ${route} | ${(bytes / 1024).toFixed(1)} kB${bytes > budget ? " (over budget)" : ""} |`);
const over = rows.filter(([, bytes]) => bytes > budget);
if (over.length) {
  console.error(`${over.length} route(s) over the ${(budget / 1024).toFixed(0)} kB budget: ${over.map(([route]) => route).join(", ")}`);
  process.exit(1);
}
console.log(`\nEvery route is within the ${(budget / 1024).toFixed(0)} kB budget (heaviest: ${rows[0]?.[0]} at ${((rows[0]?.[1] ?? 0) / 1024).toFixed(1)} kB).`);
