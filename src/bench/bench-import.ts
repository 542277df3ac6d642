import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { configurePiiKey } from "../shared/pii-crypto";
import type { Database } from "../db/data-source";
import { openScriptDatabase } from "../scripts/script-database";
import { startImport } from "../modules/importing/import.service";
import { Product } from "../modules/product/product.entity";
import { PRODUCTS, productRow } from "../seed/catalogue";
import { insertRows } from "../db/bulk-insert";
import { integerOption } from "./options";
import { BENCH_PII_KEY, PROJECT_ROOT } from "./servers";
import { backendsCpuDeltaMs, databaseBackendsCpuMs } from "./proc-stats";
import { writeCustomerFile, writePolicyFile } from "./import-files";
import { measureCopyFloor } from "./import-floor";
import { droppableBenchDatabase, recreateDatabase } from "./database";

/**
 * npm run bench:import [-- --customers 20000 --policies-per-customer 2 --batch 1000 --pglite
 *                          --database-url postgres://postgres@127.0.0.1:5432/c360_bench_import]
 * The bulk import on PostgreSQL (a database dropped and created for the run) against a bare COPY
 * of the same customer rows into an indexed copy of the customer table; see docs/performance.md.
 */
const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/c360_bench_import";

function options() {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string", default: DEFAULT_URL },
      customers: { type: "string", default: "20000" },
      "policies-per-customer": { type: "string", default: "2" },
      batch: { type: "string", default: "1000" },
      pglite: { type: "boolean", default: false },
    },
  });
  return {
    ...droppableBenchDatabase(values["database-url"]),
    customers: integerOption("customers", values.customers, 1, 2_000_000),
    perCustomer: integerOption("policies-per-customer", values["policies-per-customer"], 0, 20),
    batch: integerOption("batch", values.batch, 1, 10_000),
    pglite: values.pglite,
  };
}

/** One measured step: wall time, the load phase (to the last committed batch), CPU of this process and of the database's backends. */
interface Step {
  name: string;
  rows: number;
  ms: number;
  loadMs: number;
  nodeCpuMs: number;
  dbCpuMs: number | null;
  /** The same to the last committed batch (the rows' load, without the risk re-assessment). */
  loadNodeCpuMs: number;
  loadDbCpuMs: number | null;
  counts?: string;
}

async function prepare(db: Database): Promise<void> {
  await db.runMigrations();
  await db.transaction((manager) => insertRows(manager, Product, PRODUCTS.map(productRow), { skipExisting: true }));
}

async function importStep(db: Database, name: string, file: string, entity: string, batch: number, database: string | null, sourceSystem = "BENCH"): Promise<Step> {
  const cpu = process.cpuUsage();
  const backends = database ? databaseBackendsCpuMs(database) : null;
  const started = performance.now();
  // the load phase ends with the last committed batch; the job then re-assesses the risk of the customers it wrote
  let loadEnd = { at: started, cpu: cpu, backends };
  const job = await startImport(db, {
    file, entity, sourceSystem, createdBy: "bench", piiKey: BENCH_PII_KEY, batchSize: batch,
    onBatch: () => (loadEnd = { at: performance.now(), cpu: process.cpuUsage(), backends: database ? databaseBackendsCpuMs(database) : null }),
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (job.status !== "COMPLETED" || job.failed > 0) throw new Error(`${name}: job ${job.status}, ${job.failed} failed rows (${job.failure ?? "see import_error"})`);
  const [{ linked }] = await db.query(`SELECT count(*)::int AS linked FROM person_link`);
  return {
    name, rows: job.processed, ms, loadMs: loadEnd.at - started, nodeCpuMs: (used.user + used.system) / 1000,
    dbCpuMs: database ? backendsCpuDeltaMs(backends, databaseBackendsCpuMs(database)) : null,
    loadNodeCpuMs: (loadEnd.cpu.user - cpu.user + loadEnd.cpu.system - cpu.system) / 1000,
    loadDbCpuMs: database ? backendsCpuDeltaMs(backends, loadEnd.backends) : null,
    counts: `${job.inserted} new, ${job.updated} changed, ${job.unchanged} unchanged${linked > 0 ? `; ${linked} records in persons` : ""}`,
  };
}

const rate = (rows: number, ms: number) => Math.round((rows * 1000) / Math.max(ms, 1));
const perRow = (ms: number | null, rows: number) => (ms === null ? "–" : ((ms * 1000) / rows).toFixed(0));

function table(steps: Step[], floor: Step): string {
  const floorRate = rate(floor.rows, floor.ms);
  const lines = [
    "| step | rows | rows/s (load, to last batch) | ratio to floor | load: Node CPU µs/row | load: DB CPU µs/row | risk re-assessment s | rows/s (whole job) | rows |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const step of [...steps, floor]) {
    const load = rate(step.rows, step.loadMs);
    lines.push(`| ${step.name} | ${step.rows.toLocaleString("en-US")} | ${load.toLocaleString("en-US")} | ${step === floor ? "1" : (load / floorRate).toFixed(3)} | ${perRow(step.loadNodeCpuMs, step.rows)} | ${perRow(step.loadDbCpuMs, step.rows)} | ${((step.ms - step.loadMs) / 1000).toFixed(1)} | ${rate(step.rows, step.ms).toLocaleString("en-US")} | ${step.counts ?? ""} |`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const opts = options();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-bench-import-"));
  const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (cleanUp(), process.exit(signal === "SIGINT" ? 130 : 143)));
  // a generous bound (≥ 30 min, ~2 ms per row of work): a stuck run ends by itself and removes its files
  const watchdog = setTimeout(() => (console.error("bench:import: watchdog expired"), cleanUp(), process.exit(1)), Math.max(30 * 60_000, opts.customers * (1 + opts.perCustomer) * 6));
  watchdog.unref();
  configurePiiKey(BENCH_PII_KEY);
  const steps: Step[] = [];
  let floor: Step;
  // PGlite's WebAssembly heap lives in this process: the PostgreSQL steps' peak is read before it starts
  let postgresPeakRssMb = 0;
  try {
    const customersFile = path.join(dir, "customers.csv");
    const policiesFile = path.join(dir, "policies.csv");
    await writeCustomerFile(customersFile, opts.customers);
    await writePolicyFile(policiesFile, opts.customers, opts.perCustomer);
    console.log(`files: ${(fs.statSync(customersFile).size / 1e6).toFixed(1)} MB customers, ${(fs.statSync(policiesFile).size / 1e6).toFixed(1)} MB policies; batch ${opts.batch}`);

    await recreateDatabase(opts.url, opts.database);
    const db = await openScriptDatabase({ databaseUrl: opts.url, poolSize: 2, purpose: "bench:import" });
    try {
      await prepare(db);
      steps.push(await importStep(db, "new customers", customersFile, "customers", opts.batch, opts.database));
      if (opts.perCustomer > 0) steps.push(await importStep(db, "new policies", policiesFile, "policies", opts.batch, opts.database));
      steps.push(await importStep(db, "customers again (unchanged)", customersFile, "customers", opts.batch, opts.database));
      // the same people as another system holds them: every row a new record, matched to its twin and linked into one person
      steps.push(await importStep(db, "same customers, second source (linked)", customersFile, "customers", opts.batch, opts.database, "BENCH_CRM"));
    } finally {
      await db.destroy();
    }
    const measured = await measureCopyFloor(opts.url, path.join(dir, "customer.copy"));
    floor = { name: "floor: bare COPY of the stored customer rows", rows: measured.rows, ms: measured.ms, loadMs: measured.ms, nodeCpuMs: 0, dbCpuMs: null, loadNodeCpuMs: 0, loadDbCpuMs: null };

    postgresPeakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    if (opts.pglite) {
      const embedded = await openScriptDatabase({ dataDir: path.join(dir, "pglite"), purpose: "bench:import" });
      try {
        await prepare(embedded);
        steps.push(await importStep(embedded, "PGlite: new customers", customersFile, "customers", opts.batch, null));
      } finally {
        await embedded.destroy();
      }
    }
  } finally {
    cleanUp();
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const report = table(steps, floor);
  console.log(`\n${new Date().toISOString()} · ${opts.customers.toLocaleString("en-US")} customers, ${opts.perCustomer} policies each, batch ${opts.batch} · Node ${process.version} · ${os.cpus().length} cores · peak RSS ${postgresPeakRssMb} MB (PostgreSQL steps)${opts.pglite ? `, ${peakRssMb} MB with PGlite` : ""}\n`);
  console.log(report);
  fs.mkdirSync(path.join(PROJECT_ROOT, "bench"), { recursive: true });
  fs.writeFileSync(
    path.join(PROJECT_ROOT, "bench", "import-results.json"),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: os.cpus().length, options: { ...opts, url: undefined }, postgresPeakRssMb, peakRssMb, steps, floor }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench:import failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
