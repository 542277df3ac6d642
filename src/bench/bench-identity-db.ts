import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { EntityManager } from "typeorm";
import { loadConfig } from "../config";
import { matchWrittenCustomers } from "../modules/identity/record-matching";
import { reclusterAllCustomers, type ReclusterOutcome, type ReclusterProgress } from "../modules/identity/recluster";
import { PiiCipher, configurePiiKey } from "../shared/pii-crypto";
import { openScriptDatabase } from "../scripts/script-database";
import { seedDatabase } from "../seed";
import { benchDatabaseUrl } from "./database";
import { copyCustomerBook } from "./identity/customer-book";
import { percentile } from "./percentiles";

import { PROJECT_ROOT } from "./servers";

/** A line per 100,000 customers or pairs of a re-cluster's phases. */
function logProgress(label: string): (progress: ReclusterProgress) => void {
  return ({ phase, done, total }) => {
    if (done % 100_000 === 0 || done === total) console.log(`  ${label}: ${phase} ${done.toLocaleString("en-US")}${total === null ? "" : ` of ${total.toLocaleString("en-US")}`}`);
  };
}

/** A re-cluster's phases in seconds and what it recorded. */
function summaryOf(outcome: ReclusterOutcome): { phases: Record<string, number>; pairs: number; recorded: number; linked: number } {
  const phases = Object.fromEntries(Object.entries(outcome.millis).map(([phase, ms]) => [phase, +(ms / 1000).toFixed(1)]));
  return { phases, pairs: outcome.pairs, recorded: outcome.recorded, linked: outcome.linked };
}

/** Rolled back after measuring: the database stays as seeded. */
class Measured extends Error {}

/** Sums the time spent in the manager's statements (the database's share, round trips included). */
function timedManager(manager: EntityManager): { manager: EntityManager; databaseMs: () => number; statements: () => number } {
  let total = 0;
  let count = 0;
  const query = manager.query.bind(manager);
  manager.query = async (sql: string, params?: unknown[]) => {
    const started = performance.now();
    try {
      return await query(sql, params);
    } finally {
      total += performance.now() - started;
      count += 1;
    }
  };
  return { manager, databaseMs: () => total, statements: () => count };
}

/**
 * npm run bench:identity-db: identity matching against PostgreSQL at scale — the cost of matching
 * one new record (a near-duplicate of an existing customer, or a stranger) and the full
 * re-match of every customer, with the figures written to bench/identity-db-results.json.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { customers: { type: "string", default: "100000" }, samples: { type: "string", default: "200" }, "no-rematch": { type: "boolean" }, book: { type: "string", default: "seed" } },
  });
  if (values.book !== "seed" && values.book !== "customers") throw new Error("--book must be seed (the demo seed, every table) or customers (customers only, by COPY, clustered from nothing)");
  const customers = Number(values.customers);
  const samples = Number(values.samples);
  const config = loadConfig({ ...process.env, NODE_ENV: "development" });
  configurePiiKey(config.piiEncryptionKey);
  const cipher = new PiiCipher(config.piiEncryptionKey);
  const db = await openScriptDatabase({ databaseUrl: benchDatabaseUrl(process.env), poolSize: 2, purpose: "bench" });
  try {
    await db.runMigrations();
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM customer`);
    if (n === 0 && values.book === "seed") {
      console.log(`seeding ${customers.toLocaleString("en-US")} customers (with their match keys)…`);
      const seeded = await seedDatabase(db, { customers, seed: 1, piiKey: config.piiEncryptionKey });
      console.log(`seeded in ${(seeded.millis / 1000).toFixed(1)} s`);
    } else if (n === 0) {
      const started = performance.now();
      const written = await copyCustomerBook(benchDatabaseUrl(process.env), cipher, customers, (done) => console.log(`  copied ${done.toLocaleString("en-US")} customers`));
      console.log(`${written.toLocaleString("en-US")} customers copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await db.query("ANALYZE");
    // a book without keys (--book customers) is clustered from nothing first: every record's keys stored, every pair scored
    let recluster: { customers: number; seconds: number; perSecond: number; keys: number; phases: Record<string, number>; pairs: number; recorded: number; linked: number } | null = null;
    const [{ keyless }] = await db.query(`SELECT NOT EXISTS (SELECT 1 FROM customer_match_key) AS keyless`);
    if (keyless) {
      const started = performance.now();
      const outcome = await reclusterAllCustomers(db, cipher, { onProgress: logProgress("clustered") });
      const seconds = (performance.now() - started) / 1000;
      await db.query("ANALYZE");
      const [{ stored }] = await db.query(`SELECT count(*)::int AS stored FROM customer_match_key`);
      recluster = { customers: outcome.customers, seconds: +seconds.toFixed(1), perSecond: Math.round(outcome.customers / seconds), keys: stored, ...summaryOf(outcome) };
      console.log(JSON.stringify({ recluster }));
    }
    const [{ total, keys }] = await db.query(`SELECT (SELECT count(*)::int FROM customer) AS total, (SELECT count(*)::int FROM customer_match_key) AS keys`);
    const picked: { id: string }[] = await db.query(`SELECT id FROM customer WHERE kind = 'INDIVIDUAL' AND erased_at IS NULL ORDER BY md5(id::text) LIMIT $1`, [samples]);
    const perRecord: { databaseMs: number; wallMs: number; statements: number; kind: string }[] = [];
    for (const [i, { id }] of picked.entries()) {
      const kind = i % 2 === 0 ? "near-duplicate" : "stranger";
      await db
        .transaction(async (outer) => {
          const copy = kind === "near-duplicate"
            ? `SELECT 'B' || lpad($2::text, 8, '0'), kind, full_name, date_of_birth, gender, '+86139' || lpad($2::text, 8, '0'), email, address, city, 0 FROM customer WHERE id = $1`
            : `SELECT 'B' || lpad($2::text, 8, '0'), kind, 'Benchmark Stranger ' || $2::text, date '1970-01-01' + $2::int, gender, '+86138' || lpad($2::text, 8, '0'), 'stranger' || $2::text || '@example.org', NULL, city, 0 FROM customer WHERE id = $1`;
          const [{ id: written }] = await outer.query(
            `INSERT INTO customer (customer_number, kind, full_name, date_of_birth, gender, phone, email, address, city, dependents) ${copy} RETURNING id`,
            [id, i],
          );
          const timed = timedManager(outer);
          const started = performance.now();
          await matchWrittenCustomers(timed.manager, cipher, [written]);
          perRecord.push({ databaseMs: timed.databaseMs(), wallMs: performance.now() - started, statements: timed.statements(), kind });
          throw new Measured();
        })
        .catch((err: unknown) => {
          if (!(err instanceof Measured)) throw err;
        });
    }
    const summary = (kind: string) => {
      const rows = perRecord.filter((row) => row.kind === kind);
      const database = rows.map((row) => row.databaseMs).sort((a, b) => a - b);
      const wall = rows.map((row) => row.wallMs).sort((a, b) => a - b);
      return {
        records: rows.length,
        databaseMsMedian: +percentile(database, 50).toFixed(2), databaseMsP95: +percentile(database, 95).toFixed(2),
        wallMsMedian: +percentile(wall, 50).toFixed(2), wallMsP95: +percentile(wall, 95).toFixed(2),
        statements: rows[0]?.statements ?? 0,
      };
    };
    const oneRecord = { nearDuplicate: summary("near-duplicate"), stranger: summary("stranger") };
    let rematch: { customers: number; seconds: number; perSecond: number; extrapolatedMinutesAt1M: number; phases: Record<string, number>; pairs: number; recorded: number; linked: number } | null = null;
    if (!values["no-rematch"]) {
      const started = performance.now();
      const outcome = await reclusterAllCustomers(db, cipher, { onProgress: logProgress("re-matched") });
      const seconds = (performance.now() - started) / 1000;
      const matched = outcome.customers;
      rematch = { customers: matched, seconds: +seconds.toFixed(1), perSecond: Math.round(matched / seconds), extrapolatedMinutesAt1M: +((1_000_000 / (matched / seconds)) / 60).toFixed(1), ...summaryOf(outcome) };
    }
    const [{ open, persons }] = await db.query(
      `SELECT (SELECT count(*)::int FROM duplicate_candidate WHERE status = 'OPEN') AS open, (SELECT count(DISTINCT person_id)::int FROM person_link) AS persons`,
    );
    const result = { at: new Date().toISOString(), book: values.book, customers: total, matchKeys: keys, recluster, oneRecord, rematch, openPairs: open, persons };
    console.log(JSON.stringify(result, null, 2));
    fs.mkdirSync(path.join(PROJECT_ROOT, "bench"), { recursive: true });
    fs.writeFileSync(path.join(PROJECT_ROOT, "bench/identity-db-results.json"), JSON.stringify(result, null, 2) + "\n");
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:identity-db failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
