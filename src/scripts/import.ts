import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import { SingleBar } from "cli-progress";
import { parseArgs } from "node:util";
import { loadConfig, type AppConfig } from "../config";
import { configurePiiKey } from "../shared/pii-crypto";
import { DomainError } from "../shared/errors";
import type { Database } from "../db/data-source";
import { DataDirLockedError } from "../db/data-dir-lock";
import { openScriptDatabase } from "./script-database";
import { useConfiguredSlaPolicy } from "../modules/service-desk/case-sla";
import { resumeImport, startImport } from "../modules/importing/import.service";
import type { ImportJob } from "../modules/importing/import-job.entity";
import { importOrder, IMPORT_ENTITIES } from "../modules/importing/import-kinds";
import type { ReadProgress } from "../modules/importing/record-reader";

const USAGE = `usage: npm run import -- --source SYSTEM --entity ${IMPORT_ENTITIES.join("|")} FILE [--batch N]\n` +
  "       npm run import -- --source SYSTEM ENTITY=FILE [ENTITY=FILE …] [--batch N]   (any order: run in reference order)\n" +
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
  let files: { entity: string; file: string }[];
  const parse = () =>
    parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { source: { type: "string" }, entity: { type: "string" }, resume: { type: "string" }, batch: { type: "string" } },
    });
  try {
    args = parse();
    if (args.values.resume || args.values.entity) {
      if (args.positionals.length !== 1) throw new Error("give exactly one FILE");
    } else if (args.positionals.length === 0 || !args.positionals.every((pair) => /^[a-z]+=./.test(pair))) {
      throw new Error("give --entity and one FILE, or ENTITY=FILE pairs (or --resume JOB_ID FILE)");
    }
    if (!args.values.resume && !args.values.source) throw new Error("give --source (or --resume JOB_ID)");
    // several files: one job each, in reference order (customers before their policies, policies before their claims)
    files = args.values.entity || args.values.resume
      ? [{ entity: args.values.entity ?? "", file: args.positionals[0] }]
      : importOrder(args.positionals.map((pair) => pair.slice(0, pair.indexOf("=")))).map((entity, i, ordered) => {
          const nth = ordered.slice(0, i).filter((e) => e === entity).length; // two files of one kind keep their order
          const pairs = args.positionals.filter((pair) => pair.startsWith(`${entity}=`));
          return { entity, file: pairs[nth].slice(entity.length + 1) };
        });
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
    await useConfiguredSlaPolicy(db, config.caseSlaTargets); // imported complaints open cases under the deployment's service levels
    for (const { entity, file } of files) {
      const job = await importFile(db, config, args.values, entity, file);
      if (job.status !== "COMPLETED") return 1; // a later file's references would fail on what this one did not write
    }
    return 0;
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


/** One file as one job, with its progress bar (a line per batch in a log) and its result line. */
async function importFile(db: Database, config: AppConfig, values: { source?: string; resume?: string; batch?: string }, entity: string, file: string): Promise<ImportJob> {
const started = performance.now();
  const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  // a bar over the file's bytes (rows/s and ETA by the share read) on a terminal; a line per batch otherwise (logs)
  const bar = new SingleBar({
    stream: process.stderr,
    format: "{bar} {percentage}% · line {line} · {rows} rows · {rate} rows/s · ETA {eta_formatted}",
    noTTYOutput: false,
    hideCursor: true,
  });
  let thisRun: number | null = null;
  let reassessed = 0;
  const options = {
    file,
    piiKey: config.piiEncryptionKey,
    complaintDueHours: config.complaintDueHours,
    batchSize: values.batch === undefined ? 1000 : Number(values.batch),
    onRiskRefreshed: (customers: number) => {
      reassessed = customers;
    },
    onBatch: (job: ImportJob, read: ReadProgress) => {
      thisRun ??= 0;
      thisRun += 1;
      const rate = (job.processed / Math.max(0.001, (performance.now() - started) / 1000)).toFixed(0);
      if (process.stderr.isTTY) {
        if (thisRun === 1) bar.start(Math.max(1, size), 0, { line: 0, rows: 0, rate: 0 });
        bar.update(Math.min(read.bytes, size), { line: job.lastLine, rows: job.processed, rate });
      } else {
        process.stderr.write(`job ${job.id} · line ${job.lastLine} · ${counts(job)} · ${rate} rows/s · ${size ? Math.round((100 * read.bytes) / size) : 100}% of the file read\n`);
      }
    },
  };
  const job = values.resume
    ? await resumeImport(db, values.resume, options)
    : await startImport(db, { ...options, sourceSystem: values.source!, entity: entity, createdBy: `cli:${os.userInfo().username}` });
  if (thisRun !== null && process.stderr.isTTY) {
    bar.update(size);
    bar.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ job: job.id, entity: job.entity, status: job.status, processed: job.processed, inserted: job.inserted, updated: job.updated, unchanged: job.unchanged, failed: job.failed, failure: job.failure, riskReassessed: reassessed, seconds: Number(seconds.toFixed(2)) }));
  return job;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`import failed: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
    process.exit(1);
  },
);
