import "reflect-metadata";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { configurePiiKey } from "../shared/pii-crypto";
import type { Database } from "../db/data-source";
import { openScriptDatabase } from "./script-database";
import { DataDirLockedError } from "../db/data-dir-lock";
import { countStale, reassessStale } from "../modules/risk/risk-batch";

const USAGE = "usage: npm run assess-risk -- (--all | --stale-days N) [--chunk N]\n" +
  "  --all           re-assess every customer (an interrupted run resumes where it stopped)\n" +
  "  --stale-days N  assess customers whose newest assessment is older than N days, or who have none\n" +
  "  --chunk N       customers per transaction (default 500)";
const DAY = 86_400_000;

interface Plan {
  cutoff: Date;
  chunk: number;
  checkpoint: string | null;
}

function plan(argv: string[], dataDir: string, databaseUrl: string | undefined): Plan {
  const { values } = parseArgs({ args: argv, options: { all: { type: "boolean" }, "stale-days": { type: "string" }, chunk: { type: "string" } }, strict: true });
  if (Boolean(values.all) === (values["stale-days"] !== undefined)) throw new Error("give exactly one of --all and --stale-days N");
  const chunk = values.chunk === undefined ? 500 : Number(values.chunk);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 10_000) throw new Error("--chunk must be an integer from 1 to 10,000");
  if (!values.all) {
    const days = Number(values["stale-days"]);
    if (!Number.isInteger(days) || days < 0) throw new Error("--stale-days must be a non-negative integer");
    // customers assessed by an interrupted run are no longer stale: a rerun resumes by itself
    return { cutoff: new Date(Date.now() - days * DAY), chunk, checkpoint: null };
  }
  // --all: customers assessed before the run started; the start is kept so that a rerun resumes
  const target = databaseUrl ? createHash("sha256").update(databaseUrl).digest("hex").slice(0, 12) : "embedded";
  const checkpoint = path.join(dataDir, `assess-risk.${target}.checkpoint.json`);
  const saved = fs.existsSync(checkpoint) ? new Date(JSON.parse(fs.readFileSync(checkpoint, "utf8")).startedAt) : null;
  if (saved) process.stderr.write(`resuming the --all run started at ${saved.toISOString()}\n`);
  return { cutoff: saved ?? new Date(), chunk, checkpoint };
}

function keepCheckpoint({ cutoff, checkpoint }: Plan): void {
  if (!checkpoint || fs.existsSync(checkpoint)) return;
  fs.mkdirSync(path.dirname(checkpoint), { recursive: true });
  fs.writeFileSync(checkpoint, JSON.stringify({ startedAt: cutoff.toISOString() }));
}

function progress(done: number, total: number, started: number): void {
  const width = 30;
  const share = total === 0 ? 1 : done / total;
  const rate = done / Math.max(0.001, (performance.now() - started) / 1000);
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
  const bar = "█".repeat(Math.round(share * width)).padEnd(width, "░");
  const line = `[${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} customers · ${rate.toFixed(0)}/s · ETA ${eta}s`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
}

async function assess(db: Database, { cutoff, chunk }: Plan): Promise<number> {
  const total = await countStale(db, cutoff);
  const started = performance.now();
  progress(0, total, started);
  const done = await reassessStale(db, cutoff, chunk, (assessed) => progress(assessed, total, started));
  if (process.stderr.isTTY) process.stderr.write("\n");
  return done;
}

/** npm run assess-risk: batch re-assessment with the current risk model, in chunks, resumable. */
async function main(): Promise<number> {
  const config = loadConfig();
  configurePiiKey(config.piiEncryptionKey);
  let work: Plan;
  try {
    work = plan(process.argv.slice(2), config.dataDir, config.databaseUrl);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let db: Database;
  try {
    db = await openScriptDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, purpose: "assess-risk" });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`assess-risk cannot run now: ${err.message}\nThe embedded database can be opened by one process only; stop the server (or run this against PostgreSQL with DATABASE_URL).`);
      return 3;
    }
    throw err;
  }
  try {
    await db.runMigrations();
    keepCheckpoint(work);
    const assessed = await assess(db, work);
    if (work.checkpoint) fs.rmSync(work.checkpoint, { force: true });
    console.log(`assessed ${assessed.toLocaleString("en-US")} customers`);
  } finally {
    await db.destroy();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`assess-risk failed: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    process.exit(1);
  },
);
