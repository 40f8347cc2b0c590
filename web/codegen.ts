import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents for every `graphql(...)` call under src/, from the committed schema.
// `pnpm codegen` rewrites src/gql; `pnpm codegen:check` fails when it is out of date.
const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        skipTypename: false,
        scalars: { UUID: "string", DateTime: "string", JSON: "unknown" },
      },
    },
  },
};

export default config;
