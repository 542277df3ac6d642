import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { withMigratedDatabase } from "./script-database";
import { SingleBar } from "cli-progress";
import { seedDatabase, type SeedProgress } from "../seed";
import { seedProgressLines } from "../seed/progress";
import { writeSeedFiles } from "../seed/import-files";
import { DEMO_SOURCE_SYSTEM, seedThroughImport, type SeedImportReport } from "../seed/through-import";

const USAGE = "usage: npm run seed -- --customers N --seed S [--reset] [--direct | --files DIR]\n" +
  "  --customers N  how many customers to generate (1 to 1,000,000)\n" +
  "  --seed S       integer that decides the data: the same seed gives the same data on the same day\n" +
  "  --reset        empty every table except the audit trail first (otherwise seeding refuses a database with customers)\n" +
  "  --direct       insert the generated rows directly (deterministic ids, no import jobs) instead of through the import path\n" +
  "  --files DIR    write the book as import files instead (one NDJSON file per entity, for npm run import); opens no database";

interface SeedArguments {
  customers: number;
  seed: number;
  reset: boolean;
  files: string | null;
  direct: boolean;
}

function integerOption(name: string, raw: string | undefined, min: number, max: number): number {
  const value = raw !== undefined && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}, got ${raw ?? "nothing"}`);
  }
  return value;
}

function parseArguments(argv: string[]): SeedArguments {
  const { values } = parseArgs({
    args: argv,
    options: { customers: { type: "string" }, seed: { type: "string" }, reset: { type: "boolean", default: false }, files: { type: "string" }, direct: { type: "boolean", default: false } },
    strict: true,
    allowPositionals: false,
  });
  if (values.direct && values.files !== undefined) throw new Error("--direct and --files exclude each other");
  return {
    customers: integerOption("customers", values.customers, 1, 1_000_000),
    seed: integerOption("seed", values.seed, 0, 2 ** 31 - 1),
    reset: values.reset ?? false,
    files: values.files ?? null,
    direct: values.direct ?? false,
  };
}

function printCounts(counts: Record<string, number>, millis: number): void {
  const width = Math.max(...Object.keys(counts).map((name) => name.length));
  for (const [name, rows] of Object.entries(counts)) console.log(`${name.padEnd(width)}  ${rows.toLocaleString("en-US")}`);
  console.log(`seeded in ${(millis / 1000).toFixed(1)} s`);
}

/** A bar on a terminal (customers or records per second, ETA), a line at every 10 % otherwise (logs). */
function progressReporter(): (progress: SeedProgress) => void {
  const bar = new SingleBar({ stream: process.stdout, format: "{bar} {percentage}% · {value}/{total} {unit} · ETA {eta_formatted}", hideCursor: true });
  const lines = seedProgressLines((line) => console.log(line));
  let started = false;
  return (progress) => {
    if (!process.stdout.isTTY) return lines(progress);
    if (!started) bar.start(Math.max(1, progress.of), 0, { unit: progress.unit });
    started = true;
    bar.update(progress.done);
    if (progress.phase !== "finishing") return;
    bar.stop();
    lines(progress);
  };
}

/** npm run seed: migrates, then loads deterministic demo data through the import path (see src/seed). */
async function main(): Promise<number> {
  let args: SeedArguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  if (args.files !== null) {
    const written = await writeSeedFiles(args.files, { customers: args.customers, seed: args.seed, piiKey: config.piiEncryptionKey });
    for (const { entity, file, records } of written) console.log(`${entity.padEnd(14)} ${records.toLocaleString("en-US").padStart(10)}  ${file}`);
    console.log(`load them in this order with: npm run import -- --source <SYSTEM> ${written.map(({ entity, file }) => `${entity}=${file}`).join(" ")}`);
    return 0;
  }
  const onProgress = progressReporter();
  if (args.direct) {
    console.log(`seeding ${args.customers.toLocaleString("en-US")} customers directly (seed ${args.seed}; about 2 minutes per 100,000)…`);
    const { millis, ...tables } = await withMigratedDatabase(config, "seed", (db) => seedDatabase(db, { ...args, piiKey: config.piiEncryptionKey, onProgress }));
    printCounts(tables, millis);
    return 0;
  }
  console.log(`seeding ${args.customers.toLocaleString("en-US")} customers through the import path (seed ${args.seed}; source ${DEMO_SOURCE_SYSTEM})…`);
  const jobs: SeedImportReport["jobs"] = [];
  const report = await withMigratedDatabase(config, "seed", (db) => seedThroughImport(db, { ...args, piiKey: config.piiEncryptionKey, onProgress, onJob: (job) => jobs.push(job) }));
  for (const job of jobs) console.log(`${job.entity.padEnd(14)} ${job.inserted.toLocaleString("en-US").padStart(10)} imported, ${job.failed} refused (job ${job.jobId})`);
  const { millis, staff, products, erased, offerResponses, riskHistory, cases, tasks } = report;
  printCounts({ staff, products, erased, offerResponses, riskHistory, cases, tasks }, millis);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`seed failed: ${message.split("\n")[0]}`);
    process.exit(1);
  },
);
