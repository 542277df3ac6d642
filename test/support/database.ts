import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { dumpEmbeddedDatabase, openDatabase, type Database } from "../../src/db/data-source";
import { DATABASE_SCHEMA } from "../../src/database-schema";

declare const TEST_BACKEND: "pglite" | "postgres";

export const backend: "pglite" | "postgres" = typeof TEST_BACKEND === "string" ? TEST_BACKEND : "pglite";

function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

const MIGRATIONS_DIR = path.resolve(__dirname, "../../migrations");

/** A digest of the migrations' text (and of what else is given): any change names a new template. */
function migrationsDigest(...more: Buffer[]): string {
  const digest = createHash("sha256");
  for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) digest.update(file).update(fs.readFileSync(path.join(MIGRATIONS_DIR, file)));
  for (const part of more) digest.update(part);
  return digest.digest("hex").slice(0, 16);
}

/** Names the migrated template by the migrations' text and the PGlite version: any change makes a new one. */
function templateFile(): string {
  const pglite = fs.readFileSync(path.resolve(__dirname, "../../node_modules/@electric-sql/pglite/package.json"));
  return path.join(os.tmpdir(), `c360-pglite-migrated-${migrationsDigest(pglite)}.tar.gz`);
}

/**
 * The embedded database after every migration, as a PGlite dump kept in the temp directory:
 * creating an empty PGlite cluster costs seconds, which every spec file paid before its
 * migrations. The first spec to need it migrates from scratch and writes it (atomically).
 */
export async function migratedTemplate(): Promise<Blob> {
  const file = templateFile();
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const db = await openDatabase({ schema: DATABASE_SCHEMA });
  await db.runMigrations();
  const dump = await dumpEmbeddedDatabase(db);
  await db.destroy();
  const partial = `${file}.${process.pid}.part`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
  return dump;
}

async function onServer<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * The PostgreSQL counterpart of migratedTemplate(): a database on the TEST_DATABASE_URL server,
 * named by the migrations' text, that every migration ran in; spec databases are copies of it
 * (`CREATE DATABASE … TEMPLATE`), which saves running the migrations once per spec database (about
 * a second each). Built under a temporary name and renamed when complete, so a concurrent run
 * never copies a half-migrated one; it stays on the server for the next run (a new migration
 * names a new one).
 */
let pgTemplate: Promise<string> | undefined;
function migratedPgTemplate(): Promise<string> {
  pgTemplate ??= (async () => {
    const name = `c360_template_${migrationsDigest()}`;
    const exists = await onServer(async (admin) => (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1);
    if (exists) return name;
    const building = `${name}_${process.pid}_${randomBytes(3).toString("hex")}`;
    await onServer((admin) => admin.query(`CREATE DATABASE ${building}`));
    try {
      const db = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: serverUrl(building), poolSize: 1 });
      try {
        await db.runMigrations();
      } finally {
        await db.destroy();
      }
      await onServer((admin) => admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`));
    } catch (err) {
      await onServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`));
      // another run renamed its copy first: use that one
      if (!(await onServer(async (admin) => (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1))) throw err;
    }
    return name;
  })();
  pgTemplate.catch(() => (pgTemplate = undefined));
  return pgTemplate;
}

/**
 * A fresh, migrated database for one spec file: in-memory PGlite, or a new database on the
 * TEST_DATABASE_URL server (dropped again by closeTestDatabase) — a copy of the migrated template,
 * or migrated from scratch when `fromScratch` (the migrations spec). The migrations still run on
 * every copy (nothing to apply, unless the template is behind).
 */
export async function openTestDatabase(options: { fromScratch?: boolean } = {}): Promise<Database> {
  if (backend === "pglite") {
    const db = await openDatabase({ schema: DATABASE_SCHEMA, loadDataDir: options.fromScratch ? undefined : await migratedTemplate() });
    await db.runMigrations();
    return db;
  }
  const template = options.fromScratch ? null : await migratedPgTemplate();
  const name = `c360_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await onServer((admin) => admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`));
  const db = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: serverUrl(name), poolSize: 5 });
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
  if (name) await onServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
