import { pruneOfferRankings } from "../modules/recommendation/offer-rankings";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { EntityManager } from "typeorm";
import type { Database } from "../db/data-source";
import { insertRows } from "../db/bulk-insert";
import { ImportStatus } from "../modules/importing/import-job.entity";
import { startImport } from "../modules/importing/import.service";
import { customersBySourceId } from "../modules/importing/source-references";
import { eraseRecords } from "../modules/privacy/privacy.service";
import { OfferResponse } from "../modules/recommendation/offer-response.entity";
import { RiskAssessment } from "../modules/risk/risk-assessment.entity";
import { configurePiiKey } from "../shared/pii-crypto";
import { startOfUtcDay } from "./clock";
import { writeSeedBook, type AfterImportFile, type SeedFile } from "./import-files";
import { hasCustomers, prepare, seedDerived, seedStaffAndCatalogue, type SeedOptions, type SeedProgress } from "./index";
import { seedSegments } from "./segments";
import { staffRows } from "./staff";

/** The source system the demo book comes from when it is loaded through the importer. */
export const DEMO_SOURCE_SYSTEM = "DEMO_CORE";

export interface SeedImportReport {
  /** Customers the customers file carried (the erased ones among them, erased after the jobs). */
  customers: number;
  /** Each file's job, in import order. */
  jobs: { entity: string; jobId: string; records: number; inserted: number; failed: number }[];
  staff: number;
  products: number;
  erased: number;
  offerResponses: number;
  riskHistory: number;
  /** Service cases the seed holds (opened by the complaint jobs and by the seed's rule). */
  cases: number;
  tasks: number;
  millis: number;
}

/** Records of an after-import file applied per transaction. */
const AFTER_IMPORT_CHUNK = 1_000;

/** An NDJSON file's records, a chunk at a time. */
async function* chunksOf(file: string): AsyncGenerator<Record<string, unknown>[]> {
  let chunk: Record<string, unknown>[] = [];
  for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    chunk.push(JSON.parse(line) as Record<string, unknown>);
    if (chunk.length === AFTER_IMPORT_CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** A chunk's records with `customerId`: the record the importer made of its `customerSourceId`. */
async function withCustomerIds(manager: EntityManager, records: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const customers = await customersBySourceId(manager, DEMO_SOURCE_SYSTEM, records.map((r) => String(r.customerSourceId)));
  return records.map(({ customerSourceId, ...record }) => {
    const customer = customers.get(String(customerSourceId));
    if (!customer) throw new Error(`the seed's customer ${String(customerSourceId)} was not imported`);
    return { ...record, customerId: customer.id };
  });
}

/**
 * What the seed writes after the jobs, by the customers' source keys: the risk history before
 * the import's own assessment, the answers to offers, then the erasures, each through the privacy
 * service's erasure as of its seeded time (no audit row: no staff member asked).
 */
const AFTER_IMPORT: Record<AfterImportFile, (manager: EntityManager, records: Record<string, unknown>[]) => Promise<number>> = {
  "risk-history": async (manager, records) => insertRows(manager, RiskAssessment, await withCustomerIds(manager, records)),
  "offer-responses": async (manager, records) => insertRows(manager, OfferResponse, await withCustomerIds(manager, records)),
  erasures: async (manager, records) => {
    const erasures = (await withCustomerIds(manager, records)).map((r) => ({ customerId: String(r.customerId), at: new Date(String(r.erasedAt)) }));
    return (await eraseRecords(manager, erasures, { actorId: null, requestId: null }, null)).length;
  },
};

/**
 * Loads the demo book through the import path (`npm run seed`, and `npm start`'s demo): the staff
 * and the catalogue directly, then the generated book as import files (`writeSeedBook`), each
 * imported as a job of the source system DEMO_CORE exactly as an insurer's files are (row checks,
 * source keys, sealing, identity matching, events, the risk pass), then the after-import files
 * (risk history, offer answers, erasures), what the rules derive from the history (cases, tasks,
 * health declarations) and the segments. The jobs' events are kept as the book's history, marked
 * handed out (no subscriber or alert hears of a demo load). The same (customers, seed, now) gives
 * the same values; ids of imported records are the import's own. A job that does not complete stops the seed with
 * its id (what the jobs before it wrote stays, as any import's: `npm run import -- --resume`).
 * Progress counts the records of every file.
 */
export async function seedThroughImport(
  db: Database,
  options: SeedOptions & { onJob?: (job: SeedImportReport["jobs"][number]) => void },
): Promise<SeedImportReport> {
  if (!Number.isInteger(options.customers) || options.customers < 0) throw new RangeError("customers must be a non-negative integer");
  if (!Number.isInteger(options.seed)) throw new RangeError("seed must be an integer");
  const started = performance.now();
  configurePiiKey(options.piiKey);
  const now = options.now ?? startOfUtcDay(new Date());
  const staff = staffRows(options.customers, now);
  const seeded = await db.transaction(async (manager) => {
    await prepare(manager, options.reset ?? false);
    return seedStaffAndCatalogue(manager, staff);
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-seed-"));
  try {
    const book = await writeSeedBook(dir, { customers: options.customers, seed: options.seed, piiKey: options.piiKey, now, afterImport: true });
    const of = book.files.reduce((sum, f) => sum + f.records, 0);
    let done = 0;
    const progress = (phase: SeedProgress["phase"], records: number) =>
      options.onProgress?.({ done: records, of, unit: "records", phase, millis: Math.round(performance.now() - started) });
    const jobs: SeedImportReport["jobs"] = [];
    for (const { entity, file, records } of book.files) {
      const onBatch = (job: { processed: number }) => progress("loading", done + job.processed);
      const job = await startImport(db, { file, sourceSystem: DEMO_SOURCE_SYSTEM, entity, createdBy: "seed", piiKey: options.piiKey, onBatch });
      if (job.status !== ImportStatus.COMPLETED) throw new Error(`the seed's ${entity} import (job ${job.id}) ended ${job.status}: ${job.failure ?? "see its errors"}`);
      done += records;
      const report = { entity, jobId: job.id, records, inserted: job.inserted, failed: job.failed };
      jobs.push(report);
      options.onJob?.(report);
    }
    progress("finishing", done);
    const applied = await applyAfterImport(db, book.afterImport);
    const derived = await db.transaction(async (manager) => {
      const { tasks } = await seedDerived(manager, now);
      await seedSegments(manager, now);
      // the complaints' cases: opened by the complaint jobs (as fileComplaint opens them) and by the seed's rule after them
      const [{ cases }]: { cases: number }[] = await manager.query(`SELECT count(*)::int AS cases FROM service_case`);
      // the book is history, not news: its events stay (the change histories read them) but are not
      // handed out to subscribers or turned into alerts, as the direct load writes none (an empty or
      // reset database holds no other event)
      await manager.query(`UPDATE event_outbox SET published_at = now() WHERE published_at IS NULL`);
      return { cases, tasks };
    });
    // so are the book's changes to the facts offers read: no ranking is stored yet, so the change log's
    // rows are pruned as a running server prunes them (OFFER_RANKING_PRUNE), once, here
    await pruneOfferRankings(db);
    await db.query("ANALYZE");
    const customers = jobs.find((job) => job.entity === "customers")?.records ?? 0;
    return { customers, jobs, ...seeded, ...applied, ...derived, millis: Math.round(performance.now() - started) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The after-import files, in the order of AFTER_IMPORT (a chunk per transaction). */
async function applyAfterImport(db: Database, files: Record<AfterImportFile, SeedFile>): Promise<Pick<SeedImportReport, "erased" | "offerResponses" | "riskHistory">> {
  const counts = { "risk-history": 0, "offer-responses": 0, erasures: 0 };
  for (const name of Object.keys(AFTER_IMPORT) as AfterImportFile[]) {
    for await (const chunk of chunksOf(files[name].file)) counts[name] += await db.transaction((manager) => AFTER_IMPORT[name](manager, chunk));
  }
  return { erased: counts.erasures, offerResponses: counts["offer-responses"], riskHistory: counts["risk-history"] };
}

/** Seeds the demo through the importer on first start: only when there is no customer yet. */
export async function seedDemoThroughImportIfEmpty(db: Database, options: SeedOptions): Promise<SeedImportReport | null> {
  return (await hasCustomers(db.manager)) ? null : seedThroughImport(db, options);
}
