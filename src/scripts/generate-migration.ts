import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { openScriptDatabase } from "./script-database";

/**
 * Development helper: prints what the entities need beyond the committed migrations, as a new
 * migration file in migrations/. Usage: npm run build && node dist/src/scripts/generate-migration.js Name
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z]+$/.test(name)) throw new Error("usage: generate-migration PascalCaseName");
  const db = await openScriptDatabase({});
  await db.runMigrations();
  const sql = await db.driver.createSchemaBuilder().log();
  await db.destroy();
  if (sql.upQueries.length === 0) {
    process.stdout.write("entities and migrations agree: nothing to generate\n");
    return;
  }
  const stamp = Date.now();
  const quote = (q: string) => "    await q.query(" + JSON.stringify(q) + ");";
  const body = `import type { MigrationInterface, QueryRunner } from "typeorm";

export class ${name}${stamp} implements MigrationInterface {
  name = "${name}${stamp}";

  public async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((x) => quote(x.query)).join("\n")}
  }

  public async down(q: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((x) => quote(x.query)).join("\n")}
  }
}
`;
  const file = path.resolve("migrations", `${stamp}-${name}.ts`);
  fs.writeFileSync(file, body);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
