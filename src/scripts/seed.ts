import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { withMigratedDatabase } from "./script-database";
import { SingleBar } from "cli-progress";
import { seedDatabase, type SeedProgress, type SeedReport } from "../seed";
import { seedProgressLines } from "../seed/progress";
import { writeSeedFiles } from "../seed/import-files";
import { DEMO_SOURCE_SYSTEM, seedThroughImport, type SeedImportReport } from "../seed/through-import";

const USAGE = "usage: npm run seed -- --customers N --seed S [--reset] [--import | --files DIR]\n" +
  "  --customers N  how many customers to generate (1 to 1,000,000)\n" +
  "  --seed S       integer that decides the data: the same seed gives the same data on the same day\n" +
  "  --reset        empty every table except the audit trail first (otherwise seeding refuses a database with customers)\n" +
  "  --import       load the book through the import path: one import job per entity, source DEMO_CORE\n" +
  "  --files DIR    write the book as import files instead (one NDJSON file per entity, for npm run import); opens no database";

interface SeedArguments {
  customers: number;
  seed: number;
  reset: boolean;
  files: string | null;
  import: boolean;
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
    options: { customers: { type: "string" }, seed: { type: "string" }, reset: { type: "boolean", default: false }, files: { type: "string" }, import: { type: "boolean", default: false } },
    strict: true,
    allowPositionals: false,
  });
  return {
    customers: integerOption("customers", values.customers, 1, 1_000_000),
    seed: integerOption("seed", values.seed, 0, 2 ** 31 - 1),
    reset: values.reset ?? false,
    files: values.files ?? null,
    import: values.import ?? false,
  };
}

function printReport(report: SeedReport): void {
  const { millis, ...tables } = report;
  const width = Math.max(...Object.keys(tables).map((table) => table.length));
  for (const [table, rows] of Object.entries(tables)) console.log(`${table.padEnd(width)}  ${rows.toLocaleString("en-US")}`);
  console.log(`seeded in ${(millis / 1000).toFixed(1)} s`);
}

/** npm run seed: migrates, then loads deterministic demo data (see src/seed). */
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
  if (args.import) {
    console.log(`seeding ${args.customers.toLocaleString("en-US")} customers through the import path (seed ${args.seed}; source ${DEMO_SOURCE_SYSTEM})…`);
    const onJob = (job: SeedImportReport["jobs"][number]) =>
      console.log(`${job.entity.padEnd(14)} ${job.inserted.toLocaleString("en-US").padStart(10)} imported, ${job.failed} refused (job ${job.jobId})`);
    const report = await withMigratedDatabase(config, "seed", (db) => seedThroughImport(db, { ...args, piiKey: config.piiEncryptionKey, onJob }));
    console.log(`staff ${report.staff}, products ${report.products}, cases ${report.cases}, tasks ${report.tasks}; seeded in ${(report.millis / 1000).toFixed(1)} s`);
    return 0;
  }
  console.log(`seeding ${args.customers.toLocaleString("en-US")} customers (seed ${args.seed}; about 2 minutes per 100,000)…`);
  // a bar on a terminal (customers/s and ETA), a line at every 10 % otherwise (logs)
  const bar = new SingleBar({ stream: process.stdout, format: "{bar} {percentage}% · {value}/{total} customers · ETA {eta_formatted}", hideCursor: true });
  const lines = seedProgressLines((line) => console.log(line));
  let started = false;
  const onProgress = (progress: SeedProgress) => {
    if (!process.stdout.isTTY) return lines(progress);
    if (!started) bar.start(Math.max(1, progress.of), 0);
    started = true;
    bar.update(progress.customers);
    if (progress.phase !== "finishing") return;
    bar.stop();
    lines(progress);
  };
  printReport(await withMigratedDatabase(config, "seed", (db) => seedDatabase(db, { ...args, piiKey: config.piiEncryptionKey, onProgress })));
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
