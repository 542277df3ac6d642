import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { dumpEmbeddedDatabase, openDatabase, type Database } from "../../src/db/data-source";
import { ENTITIES } from "../../src/modules";

declare const TEST_BACKEND: "pglite" | "postgres";

export const backend: "pglite" | "postgres" = typeof TEST_BACKEND === "string" ? TEST_BACKEND : "pglite";

function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

const MIGRATIONS_DIR = path.resolve(__dirname, "../../migrations");

/** Names the migrated template by the migrations' text and the PGlite version: any change makes a new one. */
function templateFile(): string {
  const digest = createHash("sha256");
  for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) digest.update(file).update(fs.readFileSync(path.join(MIGRATIONS_DIR, file)));
  digest.update(fs.readFileSync(path.resolve(__dirname, "../../node_modules/@electric-sql/pglite/package.json")));
  return path.join(os.tmpdir(), `c360-pglite-migrated-${digest.digest("hex").slice(0, 16)}.tar.gz`);
}

/**
 * The embedded database after every migration, as a PGlite dump kept in the temp directory:
 * creating an empty PGlite cluster costs seconds, which every spec file paid before its
 * migrations. The first spec to need it migrates from scratch and writes it (atomically).
 */
async function migratedTemplate(): Promise<Blob> {
  const file = templateFile();
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const db = await openDatabase({ entities: ENTITIES });
  await db.runMigrations();
  const dump = await dumpEmbeddedDatabase(db);
  await db.destroy();
  const partial = `${file}.${process.pid}.part`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
  return dump;
}

/**
 * A fresh, migrated database for one spec file: in-memory PGlite (from the migrated template, or
 * migrated from scratch when `fromScratch`), or a new database on the TEST_DATABASE_URL server
 * (dropped again by closeTestDatabase).
 */
export async function openTestDatabase(options: { fromScratch?: boolean } = {}): Promise<Database> {
  if (backend === "pglite") {
    const db = await openDatabase({ entities: ENTITIES, loadDataDir: options.fromScratch ? undefined : await migratedTemplate() });
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
