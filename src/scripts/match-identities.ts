import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { DataDirLockedError } from "../db/data-dir-lock";
import { isUuid } from "../shared/ids";
import { PiiCipher } from "../shared/pii-crypto";
import { rematchAllCustomers } from "../modules/identity/record-matching";
import { withMigratedDatabase } from "./script-database";

const USAGE = "usage: npm run match-identities -- [--batch N] [--after ID]\n" +
  "  --batch N   customers per transaction (default 1000)\n" +
  "  --after ID  resume after this customer id (the last id a stopped run printed)";

function progress(done: number, total: number, lastId: string, started: number): void {
  const rate = done / Math.max(0.001, (performance.now() - started) / 1000);
  const eta = rate > 0 ? Math.ceil(Math.max(0, total - done) / rate) : 0;
  const line = `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} customers · ${rate.toFixed(0)}/s · ETA ${eta}s · last id ${lastId}`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
}

/** npm run match-identities: identity matching over every customer (keys, candidates, links), resumable. */
async function main(): Promise<number> {
  let batchSize: number;
  let afterId: string | undefined;
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { batch: { type: "string" }, after: { type: "string" } }, strict: true });
    batchSize = values.batch === undefined ? 1_000 : Number(values.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error("--batch must be an integer from 1 to 10,000");
    if (values.after !== undefined && !isUuid(values.after)) throw new Error("--after must be a customer id (UUID)");
    afterId = values.after;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const cipher = new PiiCipher(config.piiEncryptionKey);
  try {
    await withMigratedDatabase(config, "match-identities", async (db) => {
      const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM customer WHERE erased_at IS NULL`);
      const started = performance.now();
      const matched = await rematchAllCustomers(db, cipher, { batchSize, afterId, onBatch: (done, lastId) => progress(done, total, lastId, started) });
      if (process.stderr.isTTY) process.stderr.write("\n");
      const [{ open, linked }] = await db.query(
        `SELECT (SELECT count(*)::int FROM duplicate_candidate WHERE status = 'OPEN') AS open, (SELECT count(DISTINCT person_id)::int FROM person_link) AS linked`,
      );
      console.log(`matched ${matched.toLocaleString("en-US")} customers in ${((performance.now() - started) / 1000).toFixed(1)} s: ${open} pairs wait for review, ${linked} persons of linked records`);
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
