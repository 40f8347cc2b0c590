import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

import { parse } from "@0no-co/graphql.web";
import { print } from "graphql";

import { graphql } from "../src/gql";

const require = createRequire(import.meta.url);
const { transform, documentMap } = require("./gql-documents-loader.cjs");

const src = join(require.resolve("./gql-documents-loader.cjs"), "..", "..", "src");
const documents = documentMap();

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "gql") yield* sources(path);
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

describe("gql-documents-loader", () => {
  it("has the text of every document in codegen's map, which parses to the document the map gives", () => {
    const map = readFileSync(join(src, "gql", "gql.ts"), "utf8");
    expect(documents.size).toBe([...map.matchAll(/^export function graphql\(source: "/gm)].length);
    for (const [text, compact] of documents) expect(print(parse(compact, { noLocation: true }))).toBe(print(graphql(text)));
    expect(documents.get("\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n")).toBe(
      "fragment PageEnd on PageInfo{hasNextPage endCursor}",
    );
  });

  it("writes each call's document in its place, keeping the lines, and drops the map's import", () => {
    const text = "\n  fragment PageEnd on PageInfo {\n    hasNextPage\n    endCursor\n  }\n";
    const source = [
      'import { graphql } from "@/gql";',
      'import type { X } from "@/gql/graphql";',
      "",
      `export const Page = graphql(\`${text}\`);`,
      "const n = 1;",
    ].join("\n");
    const { code, missing } = transform(source, new Map([[text, "fragment PageEnd on PageInfo{hasNextPage endCursor}"]]));
    expect(missing).toEqual([]);
    expect(code).toBe(
      [
        'import { parse as __gqlParse } from "@0no-co/graphql.web";',
        'import type { X } from "@/gql/graphql";',
        "",
        'export const Page = __gqlParse("fragment PageEnd on PageInfo{hasNextPage endCursor}", { noLocation: true })\n\n\n\n\n;',
        "const n = 1;",
      ].join("\n"),
    );
  });

  it("leaves an unknown document as written, with the map's import", () => {
    const source = 'import { graphql } from "@/gql";\nconst A = graphql(`query A { a }`);\nconst B = graphql(`query B { b }`);\n';
    const { code, missing } = transform(source, new Map([["query B { b }", "query B{b}"]]));
    expect(missing).toEqual(["query A { a }"]);
    expect(code).toBe(
      'import { graphql } from "@/gql";\nimport { parse as __gqlParse } from "@0no-co/graphql.web";\nconst A = graphql(`query A { a }`);\nconst B = __gqlParse("query B{b}", { noLocation: true });\n',
    );
  });

  it("finds every graphql() call under src/ in the generated documents (src/gql is up to date)", () => {
    let calls = 0;
    for (const path of sources(src)) {
      const source = readFileSync(path, "utf8");
      const { code, missing } = transform(source, documents);
      expect(missing, path).toEqual([]);
      expect(code, path).not.toMatch(/\bgraphql\(`/);
      expect(code, path).not.toMatch(/from "@\/gql";/);
      calls += [...source.matchAll(/\bgraphql\(`/g)].length;
    }
    expect(calls).toBe(documents.size);
  });
});
