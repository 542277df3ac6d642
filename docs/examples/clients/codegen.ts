import { createHash } from "node:crypto";

/**
 * codegen.ts of a client project (graphql-codegen 6+, client preset): typed documents, and
 * trusted-document ids that the Customer360 API accepts as they are written.
 */
const config = {
  // this repository's schema.graphql (or the API's URL, where introspection is on)
  schema: "schema.graphql",
  documents: ["src/**/*.{ts,tsx}"],
  generates: {
    "src/gql/": {
      preset: "client",
      config: {
        useTypeImports: true,
        // the API's custom scalars as they travel in JSON
        scalars: {
          DateTimeISO: { input: "string", output: "string" },
          LocalDate: { input: "string", output: "string" },
          SafeInt: { input: "number", output: "number" },
          JSON: { input: "unknown", output: "unknown" },
          JSONObject: { input: "Record<string, unknown>", output: "Record<string, unknown>" },
        },
      },
      presetConfig: {
        // ids "sha256:<hex>": src/gql/persisted-documents.json is the server's PERSISTED_OPERATIONS_FILE as it is
        persistedDocuments: { hashAlgorithm: (document: string) => `sha256:${createHash("sha256").update(document).digest("hex")}` },
      },
    },
  },
};

export default config;
