import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { openDatabase, type Database } from "../../src/db/data-source";
import { ENTITIES } from "../../src/modules";

declare const TEST_BACKEND: "pglite" | "postgres";

export const backend: "pglite" | "postgres" = typeof TEST_BACKEND === "string" ? TEST_BACKEND : "pglite";

function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh, migrated database for one spec file: in-memory PGlite, or a new database on the
 * TEST_DATABASE_URL server (dropped again by closeTestDatabase).
 */
export async function openTestDatabase(): Promise<Database> {
  if (backend === "pglite") {
    const db = await openDatabase({ entities: ENTITIES });
    await db.runMigrations();
    return db;
  }
  const name = `c360_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const db = await openDatabase({ entities: ENTITIES, databaseUrl: serverUrl(name), poolSize: 5 });
  await db.runMigrations();
  return Object.assign(db, { testDatabaseName: name });
}

/** The connection URL of a spec's PostgreSQL database (for a child process), or null on PGlite. */
export function testDatabaseUrl(db: Database): string | null {
  const name = (db as Database & { testDatabaseName?: string }).testDatabaseName;
  return name ? serverUrl(name) : null;
}

export async function closeTestDatabase(db: Database | undefined): Promise<void> {
  if (!db) return;
  const name = (db as Database & { testDatabaseName?: string }).testDatabaseName;
  await db.destroy();
  if (name) {
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
