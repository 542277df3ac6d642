import fs from "node:fs";
import path from "node:path";
import { codegen } from "@graphql-codegen/core";
import { preset } from "@graphql-codegen/client-preset";
import { buildSchema, parse, printSchema } from "graphql";
import clientCodegen from "../../docs/examples/clients/codegen";

const ROOT = path.resolve(__dirname, "../..");

/**
 * graphql-codegen's client preset on `operations.graphql` (argv 2) into `outDir` (argv 3), driven
 * as its CLI drives it: the preset's generates sections, each through @graphql-codegen/core.
 */
async function main(operationsFile: string, outDir: string): Promise<void> {
  const operations = fs.readFileSync(operationsFile, "utf8");
  const schemaAst = buildSchema(fs.readFileSync(path.join(ROOT, "schema.graphql"), "utf8"));
  const schema = parse(printSchema(schemaAst));
  const sections = await preset.buildGeneratesSection({
    baseOutputDir: `${outDir.replace(/\/$/, "")}/`,
    schema,
    schemaAst,
    documents: [{ location: operationsFile, document: parse(operations), rawSDL: operations }],
    plugins: [],
    pluginMap: {},
    // as docs/clients.md tells a client project to configure it
    config: clientCodegen.generates["src/gql/"].config,
    presetConfig: clientCodegen.generates["src/gql/"].presetConfig,
    documentTransforms: [],
  } as never);
  for (const section of sections) {
    const output = await codegen({ ...section, schemaAst } as never);
    fs.mkdirSync(path.dirname(section.filename), { recursive: true });
    fs.writeFileSync(section.filename, output);
  }
}

main(process.argv[3], process.argv[4]).catch((err) => {
  console.error(err);
  process.exit(1);
});
