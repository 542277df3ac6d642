import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { DataDirLockedError } from "../db/data-dir-lock";
import { PiiCipher } from "../shared/pii-crypto";
import { reclusterAllCustomers, type ReclusterProgress } from "../modules/identity/recluster";
import { withMigratedDatabase } from "./script-database";

const USAGE = "usage: npm run match-identities   (no options: a stopped run is run again, and writes nothing twice)";

const PHASES = { records: "customers read and keyed", keys: "customers' keys stored", pairs: "candidate pairs scored" };

/** A progress line per phase step: done, of how many, the rate and (when the total is known) the time left. */
function progressPrinter(): (progress: ReclusterProgress) => void {
  let phase = "";
  let started = performance.now();
  return (progress) => {
    if (progress.phase !== phase) {
      if (phase && process.stderr.isTTY) process.stderr.write("\n");
      phase = progress.phase;
      started = performance.now();
    }
    const rate = progress.done / Math.max(0.001, (performance.now() - started) / 1000);
    const eta = progress.total !== null && rate > 0 ? ` · ETA ${Math.ceil(Math.max(0, progress.total - progress.done) / rate)}s` : "";
    const of = progress.total === null ? "" : `/${progress.total.toLocaleString("en-US")}`;
    const line = `${progress.done.toLocaleString("en-US")}${of} ${PHASES[progress.phase]} · ${rate.toFixed(0)}/s${eta}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
  };
}

/** npm run match-identities: the full re-cluster of every customer (keys, candidates, links), set-based; see docs/identity.md. */
async function main(): Promise<number> {
  try {
    parseArgs({ args: process.argv.slice(2), options: {}, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const cipher = new PiiCipher(config.piiEncryptionKey);
  try {
    await withMigratedDatabase(config, "match-identities", async (db) => {
      const started = performance.now();
      const outcome = await reclusterAllCustomers(db, cipher, { onProgress: progressPrinter() });
      const matched = outcome.customers;
      if (process.stderr.isTTY) process.stderr.write("\n");
      const [{ open, linked }] = await db.query(
        `SELECT (SELECT count(*)::int FROM duplicate_candidate WHERE status = 'OPEN') AS open, (SELECT count(DISTINCT person_id)::int FROM person_link) AS linked`,
      );
      console.log(
        `matched ${matched.toLocaleString("en-US")} customers in ${((performance.now() - started) / 1000).toFixed(1)} s: ${outcome.pairs.toLocaleString("en-US")} pairs scored, ` +
          `${outcome.recorded} recorded, ${outcome.linked} links made; ${open} pairs wait for review, ${linked} persons of linked records`,
      );
    });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`match-identities cannot run now: ${err.message}\nStop the server, or run this against PostgreSQL with DATABASE_URL.`);
      return 3;
    }
    throw err;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`match-identities failed: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    process.exit(1);
  },
);
