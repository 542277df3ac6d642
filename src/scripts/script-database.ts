import type { AppConfig } from "../config";
import { openDatabase, type Database } from "../db/data-source";

/**
 * A command's own connection to the configured database, migrated, closed when `work` ends. On
 * the embedded database it holds the data-directory lock (DataDirLockedError names the holder).
 */
export async function withMigratedDatabase<T>(config: AppConfig, purpose: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, purpose });
  try {
    await db.runMigrations();
    return await work(db);
  } finally {
    await db.destroy();
  }
}
