import fs from "node:fs";
import path from "node:path";
import { schemaChanges } from "../graphql/schema-changes";

/**
 * npm run schema:changes: how schema.graphql changed since schema.released.graphql. Exits 1 when
 * a breaking change is not announced in docs/schema-changes.md or a field was removed without a
 * deprecation first (test/schema-evolution.spec.ts fails the same way in CI).
 */
const read = (file: string) => fs.readFileSync(path.resolve(file), "utf8");
const changes = schemaChanges(read("schema.released.graphql"), read("schema.graphql"), read("docs/schema-changes.md"));
for (const change of changes.breaking) console.log(`breaking${change.listed ? "" : " (NOT in docs/schema-changes.md)"}: ${change.description}`);
for (const change of changes.dangerous) console.log(`dangerous${change.listed ? "" : " (not listed)"}: ${change.description}`);
for (const field of changes.removedWithoutDeprecation) console.log(`removed without a deprecation first: ${field}`);
if (changes.breaking.length + changes.dangerous.length === 0) console.log("no breaking or dangerous change since schema.released.graphql");
process.exit(changes.breaking.some((change) => !change.listed) || changes.removedWithoutDeprecation.length > 0 ? 1 : 0);
