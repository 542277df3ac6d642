import { lexicographicSortSchema, printSchema } from "graphql";
import { buildBareSchema } from "./schema";

export async function printSchemaText(): Promise<string> {
  const schema = await buildBareSchema();
  return `# Generated from the code by \`npm run schema\`; do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
