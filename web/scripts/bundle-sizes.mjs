// Prints the JavaScript each route makes a browser fetch on first visit, gzipped, from the last `pnpm build`,
// and fails when a route fetches more than the budget (BUNDLE_BUDGET_KB, 250 kB gzipped by default).
// Usage: pnpm bundle-size   (after `pnpm build`).
//
// Counted ("first load"): what a current browser (Chromium) downloads before the page is interactive:
// - the shared root chunks (build-manifest `rootMainFiles`: React, Next's runtime),
// - the route's client chunks (its layouts' and page's client components, from the client reference manifest),
// - the chunks of every `next/dynamic` component the route can render on the server (not `ssr: false`):
//   Next preloads them in the page's HTML (ReactDOM.preload, next/dist/shared/lib/lazy-dynamic/preload-chunks.js).
// Not counted:
// - Next's legacy polyfills (build-manifest `polyfillFiles`, ~39 kB): Next writes them as `<script noModule>`
//   (next/dist/server/app-render/app-render.js), which a browser that runs ES modules never downloads; Next's
//   own build stats (.next/diagnostics/route-bundle-stats.json) leave them out too;
// - chunks loaded after hydration: `next/dynamic` with `ssr: false` (fetched when the component first renders
//   in the browser: shown in the second column) and plain `import()` behind a user's action (a select's
//   popup, a form that opens): the chunk comes when that part is used.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
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
// Turbopack's react-loadable-manifest can name a chunk it never wrote for a `next/dynamic` nested in an
// `ssr: false` one (the chunk it does write holds the module): such a name is left out with a warning, and
// fails the script if it were a first-load chunk.
const missing = new Set();
const exists = (chunk) => existsSync(join(next, chunk.replace(/^\/_next\//, "")));
const total = (chunks, firstLoad) =>
  [...chunks]
    .filter((c) => c.endsWith(".js"))
    .filter((c) => {
      if (exists(c)) return true;
      if (firstLoad) throw new Error(`${c} is a first-load chunk of a route but is not in .next`);
      missing.add(c);
      return false;
    })
    .reduce((sum, c) => sum + size(c), 0);

// The `next/dynamic` calls declared `ssr: false`, by the module id Next gives them (`loadableGenerated`).
const clientOnly = new Set();
const chunksDir = join(next, "static/chunks");
for (const name of readdirSync(chunksDir)) {
  if (!name.endsWith(".js")) continue;
  const code = readFileSync(join(chunksDir, name), "utf8");
  for (const match of code.matchAll(/\{loadableGenerated:\{modules:\[([^\]]*)\]\}/g)) {
    // The options object: from its `{` to the matching `}`; `ssr:!1` at its top level is `ssr: false`.
    let depth = 0;
    let end = match.index;
    for (; end < code.length; end++) {
      if (code[end] === "{") depth++;
      else if (code[end] === "}" && --depth === 0) break;
    }
    const options = code.slice(match.index, end + 1);
    let top = "";
    depth = 0;
    for (const char of options) {
      if (char === "{" || char === "(" || char === "[") depth++;
      if (depth === 1) top += char;
      if (char === "}" || char === ")" || char === "]") depth--;
    }
    if (/[{,]ssr:(!1|false)[,}]/.test(top)) for (const id of match[1].split(",")) clientOnly.add(id.trim());
  }
}

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
  const loadable = path.replace(/page_client-reference-manifest\.js$/, "page/react-loadable-manifest.json");
  const dynamics = existsSync(loadable) ? Object.entries(JSON.parse(readFileSync(loadable, "utf8"))) : [];
  for (const [route, entry] of Object.entries(globalThis.__RSC_MANIFEST)) {
    const chunks = new Set(root);
    for (const module of Object.values(entry.clientModules ?? {})) {
      if (!module.async) for (const chunk of module.chunks) chunks.add(chunk);
    }
    for (const files of Object.values(entry.entryJSFiles ?? {})) for (const f of files) chunks.add(`/_next/${f}`);
    const later = new Set();
    for (const [id, { files }] of dynamics) {
      for (const f of files) (clientOnly.has(id) ? later : chunks).add(`/_next/${f}`);
    }
    for (const chunk of chunks) later.delete(chunk);
    rows.push([route.replace(/\/page$/, "").replace(/\/\([a-z]+\)/g, "") || "/", total(chunks, true), total(later, false)]);
  }
}
rows.sort((a, b) => b[1] - a[1]);
if (missing.size) console.error(`Left out, named by a loadable manifest but not written: ${[...missing].join(", ")}`);
const budget = Number(process.env.BUNDLE_BUDGET_KB ?? 250) * 1024;
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
console.log("| route | first-load JS (gzip) | after hydration, `ssr: false` (gzip) |\n| --- | ---: | ---: |");
for (const [route, bytes, later] of rows) console.log(`| ${route} | ${kB(bytes)}${bytes > budget ? " (over budget)" : ""} | ${later ? kB(later) : "-"} |`);
const over = rows.filter(([, bytes]) => bytes > budget);
if (over.length) {
  console.error(`${over.length} route(s) over the ${(budget / 1024).toFixed(0)} kB budget: ${over.map(([route]) => route).join(", ")}`);
  process.exit(1);
}
console.log(`\nEvery route is within the ${(budget / 1024).toFixed(0)} kB budget (heaviest: ${rows[0]?.[0]} at ${kB(rows[0]?.[1] ?? 0)}).`);
