import "reflect-metadata";
import { loadConfig } from "../config";
import { openScriptDatabase } from "./script-database";

/** npm run migrate: applies pending migrations and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openScriptDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    purpose: "migrate",
  });
  try {
    const applied = await db.runMigrations();
    console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(", ")}` : "database is up to date");
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
