// A build-time loader (Turbopack rule in next.config.ts) that makes each module carry only the GraphQL
// documents it writes, as compact text, instead of codegen's map of every document of the app as syntax trees.
//
// `graphql(`query X …`)` from "@/gql" looks its source text up at run time in the map that codegen's client
// preset writes to src/gql/gql.ts; importing that function puts every document of the app in every route
// (about 30 kB gzipped). This loader does what the preset's babel and SWC plugins do, two steps further:
// - each call becomes its own document, written in place: importing codegen's constant from src/gql/graphql.ts
//   by name would not do, as the bundler drops an export no route uses but keeps one module with every
//   document that some route uses, and every route would load all of it. Each document is written by one
//   graphql() call, so it is in the bundle once, in the module (a feature's documents.ts) its screens import;
// - the document is its text with the ignored characters stripped (graphql's stripIgnoredCharacters, the
//   fragments it spreads appended), parsed when the module loads by @0no-co/graphql.web, the parser urql
//   already ships, into the same tree codegen wrote as JSON. The JSON trees were 5 to 8 times the size of the
//   text they stand for.
// The map stays for the type checker and for vitest, which runs the sources untransformed (a test checks that
// both give the same document).
const { readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { print, stripIgnoredCharacters } = require("graphql");

const GQL_MAP = join(__dirname, "..", "src", "gql", "gql.ts");
const GQL_DOCUMENTS = join(__dirname, "..", "src", "gql", "graphql.ts");
const IMPORT = /^import\s*\{\s*graphql\s*\}\s*from\s*["']@\/gql["'];?[ \t]*\r?\n/m;
const CALL = /\bgraphql\(\s*(`[^`]*`)\s*,?\s*\)/g;
const PARSE = "__gqlParse";
const PARSE_IMPORT = `import { parse as ${PARSE} } from "@0no-co/graphql.web";\n`;

let cached = { mtimeMs: [-1, -1], documents: new Map() };

/** source text -> name of its constant in src/gql/graphql.ts, read from the `documents` map in gql.ts. */
function parseDocumentMap(gqlSource) {
  const start = gqlSource.indexOf("\nconst documents");
  if (start === -1) throw new Error("src/gql/gql.ts has no `documents` map: run `pnpm codegen`");
  const end = gqlSource.indexOf("\n};", start);
  const documents = new Map();
  for (const match of gqlSource.slice(start, end).matchAll(/^\s+("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm)) {
    documents.set(JSON.parse(match[1]), match[2]);
  }
  return documents;
}

/** constant name -> its object literal, from `export const XDocument = {…} as unknown as DocumentNode<…>;`. */
function parseDocumentLiterals(graphqlSource) {
  const literals = new Map();
  for (const match of graphqlSource.matchAll(/^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm)) {
    literals.set(match[1], match[2]);
  }
  return literals;
}

/** The document of codegen's JSON `literal` as compact text: operation or fragment, then the fragments it spreads. */
function compactText(literal) {
  return stripIgnoredCharacters(print(JSON.parse(literal)));
}

/** source text -> the compact text of its document (with the fragments it spreads). */
function documentMap() {
  const mtimeMs = [statSync(GQL_MAP).mtimeMs, statSync(GQL_DOCUMENTS).mtimeMs];
  if (mtimeMs.some((time, index) => time !== cached.mtimeMs[index])) {
    const names = parseDocumentMap(readFileSync(GQL_MAP, "utf8"));
    const literals = parseDocumentLiterals(readFileSync(GQL_DOCUMENTS, "utf8"));
    const documents = new Map();
    for (const [text, name] of names) {
      if (literals.has(name)) documents.set(text, compactText(literals.get(name)));
    }
    cached = { mtimeMs, documents };
  }
  return cached.documents;
}

/** The string a template literal without substitutions stands for (its cooked value). */
function cook(literal) {
  if (literal.includes("${")) throw new Error("graphql() documents take no ${} substitutions");
  return JSON.parse(
    `"${literal
      .slice(1, -1)
      .replace(/\\`/g, "`")
      .replace(/\r\n?/g, "\n")
      .replace(/"/g, '\\"')
      .replace(/\n/g, "\\n")
      .replace(/\t/g, "\\t")}"`,
  );
}

/**
 * Rewrites `source` (a TypeScript module): every `graphql(`…`)` call with a known text becomes its document,
 * parsed from its compact text (`documents`: text -> compact text). Returns `{ code, missing }`, `missing`
 * listing the texts not in `documents` (left as written, with the map's import).
 */
function transform(source, documents) {
  if (!IMPORT.test(source)) return { code: source, missing: [] };
  const missing = [];
  const body = source.replace(CALL, (call, literal) => {
    const document = documents.get(cook(literal));
    if (!document) {
      missing.push(cook(literal));
      return call;
    }
    // The same number of lines, so positions in the rest of the module (source maps, errors) do not move.
    return `${PARSE}(${JSON.stringify(document)}, { noLocation: true })${"\n".repeat(call.split("\n").length - 1)}`;
  });
  if (body === source) return { code: source, missing };
  return { code: missing.length ? body.replace(IMPORT, (line) => line + PARSE_IMPORT) : body.replace(IMPORT, PARSE_IMPORT), missing };
}

function loader(source) {
  this.addDependency?.(GQL_MAP);
  this.addDependency?.(GQL_DOCUMENTS);
  const { code, missing } = transform(source, documentMap());
  if (missing.length && process.env.NODE_ENV === "production") {
    throw new Error(
      `${this.resourcePath}: ${missing.length} graphql() document(s) not in src/gql (run \`pnpm codegen\`):\n${missing.join("\n---\n")}`,
    );
  }
  return code;
}

module.exports = loader;
module.exports.transform = transform;
module.exports.documentMap = documentMap;
module.exports.compactText = compactText;
