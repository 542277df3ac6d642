import type { AppConfig } from "../config";
import { openDatabase, type Database, type DatabaseOptions } from "../db/data-source";
import { DATABASE_SCHEMA } from "../database-schema";

/** A command's data source: every module's entities and the migrations (src/database-schema.ts). */
export function openScriptDatabase(options: Omit<DatabaseOptions, "schema">): Promise<Database> {
  return openDatabase({ ...options, schema: DATABASE_SCHEMA });
}

/**
 * A command's own connection to the configured database, migrated, closed when `work` ends. On
 * the embedded database it holds the data-directory lock (DataDirLockedError names the holder).
 */
export async function withMigratedDatabase<T>(config: AppConfig, purpose: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openScriptDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, purpose });
  try {
    await db.runMigrations();
    return await work(db);
  } finally {
    await db.destroy();
  }
}
