import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../db/data-source";
import { ImportStatus } from "../modules/importing/import-job.entity";
import { startImport } from "../modules/importing/import.service";
import { configurePiiKey } from "../shared/pii-crypto";
import { startOfUtcDay } from "./clock";
import { writeSeedFiles } from "./import-files";
import { prepare, seedDerived, seedStaffAndCatalogue, type SeedOptions } from "./index";
import { seedSegments } from "./segments";
import { staffRows } from "./staff";

/** The source system the demo book comes from when it is loaded through the importer. */
export const DEMO_SOURCE_SYSTEM = "DEMO_CORE";

export interface SeedImportReport {
  /** Each file's job, in import order. */
  jobs: { entity: string; jobId: string; records: number; inserted: number; failed: number }[];
  staff: number;
  products: number;
  cases: number;
  tasks: number;
  millis: number;
}

/**
 * Loads the demo book through the import path (`npm run seed -- --import`): the staff and the
 * catalogue directly, then the generated book as import files (`writeSeedFiles`), each imported
 * as a job of the source system DEMO_CORE, exactly as an insurer's files are (row checks, source
 * keys, sealing, identity matching, events, the risk pass), then what the rules derive from the
 * history (cases, tasks, health declarations) and the segments. The same (customers, seed, now)
 * gives the same values; ids are the import's own. A job that does not complete stops the seed
 * with its id (what the jobs before it wrote stays, as any import's: `npm run import -- --resume`).
 */
export async function seedThroughImport(db: Database, options: SeedOptions & { onJob?: (job: SeedImportReport["jobs"][number]) => void }): Promise<SeedImportReport> {
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
    const files = await writeSeedFiles(dir, { customers: options.customers, seed: options.seed, piiKey: options.piiKey, now });
    const jobs: SeedImportReport["jobs"] = [];
    for (const { entity, file, records } of files) {
      const job = await startImport(db, { file, sourceSystem: DEMO_SOURCE_SYSTEM, entity, createdBy: "seed", piiKey: options.piiKey });
      if (job.status !== ImportStatus.COMPLETED) throw new Error(`the seed's ${entity} import (job ${job.id}) ended ${job.status}: ${job.failure ?? "see its errors"}`);
      const done = { entity, jobId: job.id, records, inserted: job.inserted, failed: job.failed };
      jobs.push(done);
      options.onJob?.(done);
    }
    const derived = await db.transaction(async (manager) => {
      const counts = await seedDerived(manager, now);
      await seedSegments(manager, now);
      return counts;
    });
    await db.query("ANALYZE");
    return { jobs, ...seeded, ...derived, millis: Math.round(performance.now() - started) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
