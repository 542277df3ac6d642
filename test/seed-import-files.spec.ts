import { startImport } from "../src/modules/importing/import.service";
import { SEED_FILE_ENTITIES, writeSeedFiles } from "../src/seed/import-files";
import { startTestApp, type TestApp } from "./support/app";
import { ImportFiles } from "./support/import-files";

const CUSTOMERS = 120;

describe("the demo book as import files (npm run seed -- --files DIR)", () => {
  let app: TestApp;
  const files = new ImportFiles();
  let written: { entity: string; file: string; records: number }[];
  beforeAll(async () => {
    app = await startTestApp({ customers: 0 }); // staff and the product catalogue only
    written = await writeSeedFiles(files.dir, { customers: CUSTOMERS, seed: 11, piiKey: app.config.piiEncryptionKey });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it("writes one file per entity in import order, every kind of record there", () => {
    expect(written.map((f) => f.entity)).toEqual(SEED_FILE_ENTITIES);
    expect(SEED_FILE_ENTITIES).toEqual(["customers", "relationships", "consents", "policies", "instalments", "claims", "interactions", "complaints"]);
    for (const f of written) expect([f.entity, f.records > 0]).toEqual([f.entity, true]);
    // erased customers are the 360's own act: not sent
    expect(written[0].records).toBeLessThanOrEqual(CUSTOMERS);
    expect(written[0].records).toBeGreaterThan(CUSTOMERS * 0.9);
  });

  it("imports every record of every file without a refused row: the generator's data keeps the import's rules", async () => {
    const outcome: Record<string, unknown> = {};
    const problems: unknown[] = [];
    for (const { entity, file, records } of written) {
      const job = await startImport(app.db, { file, sourceSystem: "DEMO_CORE", entity, createdBy: "test", piiKey: app.config.piiEncryptionKey, batchSize: 500 });
      outcome[entity] = [job.status, job.inserted, job.failed];
      expect([entity, job.processed]).toEqual([entity, records]);
      problems.push(...(await app.db.query(`SELECT $2::text AS entity, field, problem FROM import_error WHERE job_id = $1 LIMIT 5`, [job.id, entity])));
    }
    expect(problems).toEqual([]);
    expect(outcome).toEqual(Object.fromEntries(written.map(({ entity, records }) => [entity, ["COMPLETED", records, 0]])));
  });

  it("carries the generator's agents, start dates, adjusters, handlers, participants and objects into the 360", async () => {
    const [row] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM customer WHERE assigned_agent_id IS NOT NULL) AS assigned,
              (SELECT count(*)::int FROM customer WHERE created_at < now() - interval '30 days') AS older,
              (SELECT count(*)::int FROM policy_participant WHERE role <> 'POLICYHOLDER') AS participants,
              (SELECT count(*)::int FROM insured_object) AS objects,
              (SELECT count(*)::int FROM relationship) AS links,
              (SELECT count(*)::int FROM claim WHERE assigned_adjuster_id IS NOT NULL) AS adjusted,
              (SELECT count(*)::int FROM interaction WHERE staff_id IS NOT NULL) AS handled`,
    );
    expect(row.assigned).toBe(written[0].records);
    expect(row.older).toBeGreaterThan(written[0].records / 2);
    expect(row.participants).toBeGreaterThan(0);
    expect(row.objects).toBeGreaterThan(0);
    expect(row.links).toBe(2 * written.find((f) => f.entity === "relationships")!.records);
    expect(row.adjusted).toBeGreaterThan(0);
    expect(row.handled).toBeGreaterThan(0);
  });
});
