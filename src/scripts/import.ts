import "reflect-metadata";
import os from "node:os";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { configurePiiKey } from "../shared/pii-crypto";
import { DomainError } from "../shared/errors";
import type { Database } from "../db/data-source";
import { DataDirLockedError } from "../db/data-dir-lock";
import { openScriptDatabase } from "./script-database";
import { resumeImport, startImport } from "../modules/importing/import.service";
import type { ImportJob } from "../modules/importing/import-job.entity";

const USAGE = "usage: npm run import -- --source SYSTEM --entity customers|policies FILE [--batch N]\n" +
  "       npm run import -- --resume JOB_ID FILE\n" +
  "  FILE: .csv (with a header line) or .ndjson/.jsonl, optionally .gz (see README, Loading your data)";

function counts(job: ImportJob): string {
  return `processed ${job.processed} · inserted ${job.inserted} · updated ${job.updated} · unchanged ${job.unchanged} · failed ${job.failed}`;
}

/** npm run import: a source file into the 360 as a resumable job; prints progress (rows/s) and the job. */
async function main(): Promise<number> {
  const config = loadConfig();
  configurePiiKey(config.piiEncryptionKey);
  let args: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { source: { type: "string" }, entity: { type: "string" }, resume: { type: "string" }, batch: { type: "string" } },
    });
  try {
    args = parse();
    if (args.positionals.length !== 1) throw new Error("give exactly one FILE");
    if (!args.values.resume && (!args.values.source || !args.values.entity)) throw new Error("give --source and --entity (or --resume JOB_ID)");
    const batch = args.values.batch === undefined ? 1000 : Number(args.values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new Error("--batch must be an integer from 1 to 10,000");
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let db: Database;
  try {
    db = await openScriptDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, purpose: "import" });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`import cannot run now: ${err.message}\nThe embedded database can be opened by one process only; stop the server (or import into PostgreSQL with DATABASE_URL).`);
      return 3;
    }
    throw err;
  }
  try {
    await db.runMigrations();
    const started = performance.now();
    let firstProcessed: number | null = null;
    const options = {
      file: args.positionals[0],
      piiKey: config.piiEncryptionKey,
      batchSize: args.values.batch === undefined ? 1000 : Number(args.values.batch),
      onBatch: (job: ImportJob) => {
        firstProcessed ??= job.processed;
        const rate = job.processed / Math.max(0.001, (performance.now() - started) / 1000);
        process.stderr.write(`${process.stderr.isTTY ? "\r" : ""}job ${job.id} · line ${job.lastLine} · ${counts(job)} · ${rate.toFixed(0)} rows/s${process.stderr.isTTY ? "" : "\n"}`);
      },
    };
    const job = args.values.resume
      ? await resumeImport(db, args.values.resume, options)
      : await startImport(db, { ...options, sourceSystem: args.values.source!, entity: args.values.entity!, createdBy: `cli:${os.userInfo().username}` });
    if (process.stderr.isTTY) process.stderr.write("\n");
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ job: job.id, status: job.status, processed: job.processed, inserted: job.inserted, updated: job.updated, unchanged: job.unchanged, failed: job.failed, failure: job.failure, seconds: Number(seconds.toFixed(2)) }));
    return job.status === "COMPLETED" ? 0 : 1;
  } catch (err) {
    if (err instanceof DomainError) {
      console.error(`import refused (${err.code}): ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`import failed: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    process.exit(1);
  },
);
