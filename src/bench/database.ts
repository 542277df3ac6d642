import { Client } from "pg";
import { openScriptDatabase } from "../scripts/script-database";
import { seedProgressLines } from "../seed/progress";
import { seedThroughImport } from "../seed/through-import";
import { staffIdFor } from "../modules/staff/staff-id";
import { CUSTOMER_360_IDS_SQL } from "./scenarios";

export interface BenchDatabase {
  customers: number;
  seededNow: boolean;
  customer360Ids: string[];
}

/** The database URL the bench may use: DATABASE_URL, else TEST_DATABASE_URL, on this machine only. */
export function benchDatabaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.DATABASE_URL || env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      "npm run bench needs PostgreSQL: set DATABASE_URL (or TEST_DATABASE_URL), e.g.\n" +
        "  psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE c360_bench'\n" +
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/c360_bench npm run bench",
    );
  }
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", "::1", ""].includes(host)) {
    throw new Error(`the bench runs against a database on this machine only (127.0.0.1), not ${host}`);
  }
  return url;
}

/**
 * A database URL a bench may drop and create: on this machine only, and named c360_bench_<something>
 * (never a database someone works in). Answers the URL and the database's name.
 */
export function droppableBenchDatabase(raw: string): { url: string; database: string } {
  const url = new URL(raw);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) throw new Error(`the bench drops and creates its database: on this machine only, not ${url.hostname}`);
  const database = url.pathname.slice(1);
  if (!/^c360_bench_[a-z0-9_]+$/.test(database)) throw new Error("the bench drops its database: name it c360_bench_<something>");
  return { url: url.toString(), database };
}

/** Drops (closing its connections) and creates an empty database; `database` comes from droppableBenchDatabase. */
export async function recreateDatabase(url: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
}

/** Migrates; seeds `customers` when the customer table is empty, else uses what is there. */
export async function prepareDatabase(url: string, customers: number, piiKey: string, rotation: number): Promise<BenchDatabase> {
  const db = await openScriptDatabase({ databaseUrl: url, poolSize: 2, purpose: "bench" });
  try {
    await db.runMigrations();
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM customer`);
    let seededNow = false;
    if (n === 0) {
      // through the import path, as npm run seed and npm start load the demo: the bench's data went through it
      console.log(`seeding ${customers.toLocaleString("en-US")} customers through the import path (seed 1)…`);
      await seedThroughImport(db, { customers, seed: 1, piiKey, onProgress: seedProgressLines((line) => console.log(line)) });
      seededNow = true;
    } else {
      console.log(`using the ${Number(n).toLocaleString("en-US")} customers already in the database${n === customers ? "" : ` (asked for ${customers}: not reseeded)`}`);
    }
    // fresh planner statistics for both servers alike (a seeded table has none until autovacuum runs, if it runs)
    await db.query("ANALYZE");
    const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM customer`);
    const rows: { id: string }[] = await db.query(CUSTOMER_360_IDS_SQL, [staffIdFor("agent1"), rotation]);
    if (rows.length === 0) throw new Error("agent1 has no customers with policies in this database; seed a fresh one");
    return { customers: Number(total), seededNow, customer360Ids: rows.map((row) => row.id) };
  } finally {
    await db.destroy();
  }
}
