import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Role } from "../src/auth/role";
import { makeResidentId } from "../src/shared/national-id";
import { PiiCipher } from "../src/shared/pii-crypto";
import { resumeImport, startImport } from "../src/modules/importing/import.service";
import { startTestApp, type TestApp } from "./support/app";

const ID_A = makeResidentId("110101", "1990-05-17", 123);
const ID_B = makeResidentId("310101", "1985-02-03", 246);
const HEADER = "sourceId,kind,fullName,dateOfBirth,idType,nationalId,email,phone,city,dependents,serviceTier,annualIncome";

/** 3 good rows, 3 bad ones (a bad enum, an invalid id check digit, a missing name) and a quoted field with a comma and a line break. */
const CSV = [
  HEADER,
  `P-1,INDIVIDUAL,Zhao Lei,1990-05-17,RESIDENT_ID,${ID_A},Zhao.Lei@Example.com,+8613812345678,Beijing,1,BASIC,36000000`,
  `P-2,INDIVIDUAL,"Qian, Yu",1985-02-03,RESIDENT_ID,${ID_B},,+8613900001111,Shanghai,0,PREMIUM,`,
  `P-3,ROBOT,Sun Li,,,,,,,,,`,
  `P-4,INDIVIDUAL,Li Na,1990-05-17,RESIDENT_ID,${ID_A.slice(0, 17)}${ID_A[17] === "0" ? "1" : "0"},,,,,,`,
  `P-5,INDIVIDUAL,,,,,,,,,,`,
  `P-6,ENTERPRISE,"Example Trading Co.
Ltd",,,,info@example.com,,Hangzhou,0,VALUE_ADDED,`,
].join("\n") + "\n";

describe("bulk import of customers", () => {
  let app: TestApp;
  let dir: string;
  let cipher: PiiCipher;
  beforeAll(async () => {
    app = await startTestApp({ customers: 10 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-import-"));
    cipher = new PiiCipher(app.config.piiEncryptionKey);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const run = (file: string, source: string, extra: Record<string, unknown> = {}) =>
    startImport(app.db, { file, sourceSystem: source, entity: "customers", createdBy: "test", piiKey: app.config.piiEncryptionKey, batchSize: 2, ...extra });
  const errorsOf = async (jobId: string) =>
    app.db.query(`SELECT line, source_id, field, problem FROM import_error WHERE job_id = $1 ORDER BY line, field`, [jobId]);
  /** The imported customers of a source, with their keys: everything but the key's last-seen time. */
  const snapshot = (source: string) =>
    app.db.query(
      `SELECT k.source_id, k.content_digest, k.first_seen_at, c.*
       FROM source_key k JOIN customer c ON c.id = k.record_id WHERE k.source_system = $1 ORDER BY k.source_id`,
      [source],
    );

  it("imports the good rows of a CSV file and reports the bad ones by line, key and field (no values)", async () => {
    const job = await run(write("customers.csv", CSV), "CORE_PAS");
    expect(job).toMatchObject({ status: "COMPLETED", processed: 6, inserted: 3, updated: 0, unchanged: 0, failed: 3, lastLine: 7 });
    const errors = await errorsOf(job.id);
    expect(errors.map((e: { line: number; source_id: string; field: string }) => [e.line, e.source_id, e.field])).toEqual([
      [4, "P-3", "kind"],
      [5, "P-4", "nationalId"],
      [6, "P-5", "fullName"],
    ]);
    expect(JSON.stringify(errors)).not.toContain(ID_A.slice(0, 17));
    const rows = await snapshot("CORE_PAS");
    expect(rows.map((r: { source_id: string; full_name: string }) => [r.source_id, r.full_name])).toEqual([
      ["P-1", "Zhao Lei"], ["P-2", "Qian, Yu"], ["P-6", "Example Trading Co.\nLtd"],
    ]);
    expect(rows[0]).toMatchObject({ email: "zhao.lei@example.com", dependents: 1, service_tier: "BASIC", version: 1 });
    expect(Number(rows[0].annual_income)).toBe(36_000_000);
    expect(rows[2]).toMatchObject({ kind: "ENTERPRISE", service_tier: "VALUE_ADDED", national_id_hash: null });
  });

  it("stores national ids encrypted under the API's key and blind index: a look-up by national id finds the imported customer", async () => {
    const [row] = await app.db.query(
      `SELECT c.id, c.national_id_encrypted, c.national_id_hash FROM customer c JOIN source_key k ON k.record_id = c.id WHERE k.source_system = 'CORE_PAS' AND k.source_id = 'P-2'`,
    );
    expect(row.national_id_encrypted).not.toContain(ID_B);
    expect(cipher.decrypt(row.national_id_encrypted)).toBe(ID_B);
    expect(row.national_id_hash).toBe(cipher.blindIndex(ID_B));
    const res = await app.gql(`query ($nid: String!) { customers(filter: { nationalId: $nid }) { totalCount edges { node { id fullName sourceKeys { system id } } } } }`, {
      token: await app.token(Role.ADMIN),
      variables: { nid: ID_B },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.customers.edges).toEqual([{ node: { id: row.id, fullName: "Qian, Yu", sourceKeys: [{ system: "CORE_PAS", id: "P-2" }] } }]);
  });

  it("changes nothing when the same file comes again: every row unchanged", async () => {
    const before = await snapshot("CORE_PAS");
    const job = await run(path.join(dir, "customers.csv"), "CORE_PAS");
    expect(job).toMatchObject({ status: "COMPLETED", processed: 6, inserted: 0, updated: 0, unchanged: 3, failed: 3 });
    expect(await snapshot("CORE_PAS")).toEqual(before);
  });

  it("updates a changed row (version + 1) and leaves the others as they were", async () => {
    const before = await snapshot("CORE_PAS");
    const changed = CSV.replace("Shanghai,0,PREMIUM", "Suzhou,2,PREMIUM");
    const job = await run(write("customers.csv", changed), "CORE_PAS");
    expect(job).toMatchObject({ processed: 6, inserted: 0, updated: 1, unchanged: 2, failed: 3 });
    const after = await snapshot("CORE_PAS");
    expect(after[1]).toMatchObject({ source_id: "P-2", city: "Suzhou", dependents: 2, version: 2 });
    expect(after[0]).toEqual(before[0]);
    expect(after[2]).toEqual(before[2]);
  });

  it("reads gzipped NDJSON with the same rules (bad JSON and a bad e-mail refused)", async () => {
    const lines = [
      JSON.stringify({ sourceId: "N-1", kind: "INDIVIDUAL", fullName: "Zhou Min", occupationClass: 3, email: "zhou.min@example.com" }),
      "{not json",
      JSON.stringify({ sourceId: "N-2", kind: "INDIVIDUAL", fullName: "Wu Fang", email: "not-an-email" }),
      "",
      JSON.stringify({ sourceId: "N-3", kind: "GROUP", fullName: "Example Group Scheme", dependents: 0 }),
    ];
    const job = await run(write("customers.ndjson.gz", gzipSync(lines.join("\n") + "\n")), "CRM_LEGACY");
    expect(job).toMatchObject({ status: "COMPLETED", processed: 4, inserted: 2, failed: 2, lastLine: 5 });
    const errors = await errorsOf(job.id);
    expect(errors.map((e: { line: number; source_id: string | null; field: string | null }) => [e.line, e.source_id, e.field])).toEqual([
      [2, null, null],
      [3, "N-2", "email"],
    ]);
    expect((await snapshot("CRM_LEGACY")).map((r: { source_id: string; occupation_class: number }) => [r.source_id, r.occupation_class])).toEqual([["N-1", 3], ["N-3", null]]);
  });

  it("resumes a job stopped after its first committed batch and ends with the rows of an uninterrupted run", async () => {
    const file = write("resume.csv", CSV);
    const whole = await run(file, "FULL_RUN");
    const stopped = await run(file, "SPLIT_RUN", { stopAfterBatches: 1 });
    expect(stopped).toMatchObject({ status: "RUNNING", processed: 2, lastLine: 3, inserted: 2 });
    const resumed = await resumeImport(app.db, stopped.id, { file, piiKey: app.config.piiEncryptionKey, batchSize: 2 });
    expect(resumed.id).toBe(stopped.id);
    const totals = (job: typeof whole) => [job.status, job.processed, job.inserted, job.updated, job.unchanged, job.failed, job.lastLine];
    expect(totals(resumed)).toEqual(totals(whole));
    const comparable = (rows: Record<string, unknown>[]) =>
      rows.map(({ source_id, full_name, email, city, kind, national_id_hash, dependents, annual_income }) => ({ source_id, full_name, email, city, kind, national_id_hash, dependents, annual_income }));
    expect(comparable(await snapshot("SPLIT_RUN"))).toEqual(comparable(await snapshot("FULL_RUN")));
    expect(await errorsOf(stopped.id)).toEqual(await errorsOf(whole.id));
  });

  it("fails a file with an unknown column before any row is written", async () => {
    const job = await run(write("typo.csv", "sourceId,kind,fullName,emial\nT-1,INDIVIDUAL,Feng Bo,x@example.com\n"), "TYPO_SRC");
    expect(job).toMatchObject({ status: "FAILED", processed: 0 });
    expect(job.failure).toMatch(/unknown column\(s\) emial/);
    expect(await snapshot("TYPO_SRC")).toEqual([]);
  });

  it("gives API-created customers their customer360 key", async () => {
    const res = await app.gql(`mutation { createCustomer(input: { kind: INDIVIDUAL, fullName: "Han Mei" }) { id sourceKeys { system id } } }`, {
      token: await app.token(Role.ADMIN),
    });
    expect(res.body.errors).toBeUndefined();
    const created = res.body.data!.createCustomer;
    expect(created.sourceKeys).toEqual([{ system: "customer360", id: created.id }]);
  });

  it("shows import jobs and their errors to ADMIN only", async () => {
    const [{ id }] = await app.db.query(`SELECT id FROM import_job WHERE source_system = 'CORE_PAS' ORDER BY started_at LIMIT 1`);
    const q = `query ($id: ID!) { importJob(id: $id) { id status processed inserted updated unchanged failed createdBy startedAt finishedAt }
      importErrors(jobId: $id, first: 2) { totalCount edges { node { line sourceId field problem } } } }`;
    const admin = await app.gql(q, { token: await app.token(Role.ADMIN), variables: { id } });
    expect(admin.body.errors).toBeUndefined();
    expect(admin.body.data!.importJob).toMatchObject({ id, status: "COMPLETED", processed: 6, inserted: 3, failed: 3, createdBy: "test" });
    expect(admin.body.data!.importErrors.totalCount).toBe(3);
    expect(admin.body.data!.importErrors.edges.map((e: { node: { line: number } }) => e.node.line)).toEqual([4, 5]);
    const agent = await app.gql(q, { token: await app.token(Role.AGENT), variables: { id } });
    expect(agent.body.data?.importJob ?? null).toBeNull();
    expect(agent.body.errors?.map((e) => e.extensions?.code)).toContain("FORBIDDEN");
  });

  it("re-assesses the risk of the customers a job wrote when it ends, and of nobody when nothing changed", async () => {
    const file = write("risk.csv", `${HEADER}\nR-1,INDIVIDUAL,Wu Fang,1980-01-02,,,,,Beijing,3,BASIC,\nR-2,ENTERPRISE,Example Works,,,,,,Tianjin,0,BASIC,\n`);
    const refreshed: number[] = [];
    const job = await run(file, "RISK_SRC", { onRiskRefreshed: (n: number) => refreshed.push(n) });
    expect(job).toMatchObject({ status: "COMPLETED", inserted: 2 });
    const assessed = await app.db.query(
      `SELECT k.source_id, count(r.id)::int AS n, min(r.assessed_at) AS first FROM source_key k LEFT JOIN risk_assessment r ON r.customer_id = k.record_id
       WHERE k.source_system = 'RISK_SRC' GROUP BY k.source_id ORDER BY k.source_id`,
    );
    expect(assessed.map((row: { source_id: string; n: number }) => [row.source_id, row.n])).toEqual([["R-1", 1], ["R-2", 1]]);
    expect(new Date(assessed[0].first).getTime()).toBeGreaterThanOrEqual(new Date(job.startedAt).getTime());
    const again = await run(file, "RISK_SRC", { onRiskRefreshed: (n: number) => refreshed.push(n) });
    expect(again).toMatchObject({ status: "COMPLETED", unchanged: 2 });
    expect(refreshed).toEqual([2, 0]);
  });

  it("re-assesses exactly the customers the job wrote, those of the batches before a stop too, and not a customer written beside it", async () => {
    const file = write("risk-split.csv", `${HEADER}\nS-1,INDIVIDUAL,Qian Yu,1981-03-04,,,,,Beijing,1,BASIC,\nS-2,INDIVIDUAL,Sun Li,1982-05-06,,,,,Tianjin,0,BASIC,\nS-3,INDIVIDUAL,Zhou Bo,1983-07-08,,,,,Shanghai,2,BASIC,\n`);
    const stopped = await run(file, "SPLIT_SRC", { stopAfterBatches: 1 });
    expect(stopped).toMatchObject({ status: "RUNNING", inserted: 2 });
    const listed = await app.db.query(`SELECT count(*)::int AS n FROM import_job_customer WHERE job_id = $1`, [stopped.id]);
    expect(listed[0].n).toBe(2); // kept with the committed batch
    // a customer written by someone else while the job runs: not the job's, so not its risk pass's
    const [{ id: outsider }] = await app.db.query(
      `INSERT INTO customer (customer_number, kind, full_name, city, dependents) VALUES ('C99970001', 'INDIVIDUAL', 'Outside Writer', 'Wuhan', 0) RETURNING id`,
    );
    const refreshed: number[] = [];
    const resumed = await resumeImport(app.db, stopped.id, { file, piiKey: app.config.piiEncryptionKey, batchSize: 2, onRiskRefreshed: (n: number) => refreshed.push(n) });
    expect(resumed).toMatchObject({ status: "COMPLETED", inserted: 3 });
    expect(refreshed).toEqual([3]);
    const assessed = await app.db.query(
      `SELECT k.source_id, count(r.id)::int AS n FROM source_key k LEFT JOIN risk_assessment r ON r.customer_id = k.record_id
        WHERE k.source_system = 'SPLIT_SRC' GROUP BY k.source_id ORDER BY k.source_id`,
    );
    expect(assessed.map((row: { source_id: string; n: number }) => [row.source_id, row.n])).toEqual([["S-1", 1], ["S-2", 1], ["S-3", 1]]);
    const [{ n: outsiderAssessed }] = await app.db.query(`SELECT count(*)::int AS n FROM risk_assessment WHERE customer_id = $1`, [outsider]);
    expect(outsiderAssessed).toBe(0);
    // the list goes with the job's completion
    const [{ n: left }] = await app.db.query(`SELECT count(*)::int AS n FROM import_job_customer WHERE job_id = $1`, [stopped.id]);
    expect(left).toBe(0);
  });

  it("downloads a job's refused rows as CSV at its errorsUrl (ADMIN), in file order, the same rows as importErrors", async () => {
    const [{ id }] = await app.db.query(`SELECT id FROM import_job WHERE source_system = 'CORE_PAS' ORDER BY started_at LIMIT 1`);
    const admin = await app.token(Role.ADMIN);
    const job = await app.gql(`query ($id: ID!) { importJob(id: $id) { errorsUrl } }`, { token: admin, variables: { id } });
    const url = job.body.data!.importJob.errorsUrl;
    expect(url).toBe(`/imports/${id}/errors.csv`);
    const base = app.server.url.replace(/\/graphql$/, "");
    const download = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toContain("text/csv");
    const lines = (await download.text()).trim().split("\n");
    const stored = await errorsOf(id);
    expect(lines[0]).toBe("line,sourceId,field,problem");
    expect(lines).toHaveLength(stored.length + 1);
    expect(lines.slice(1).map((line) => line.split(",").slice(0, 3))).toEqual(stored.map((e: { line: number; source_id: string; field: string }) => [String(e.line), e.source_id, e.field]));
    const agent = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${await app.token(Role.AGENT)}` } });
    expect(agent.status).toBe(403);
    expect(((await agent.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("FORBIDDEN");
    const missing = await fetch(`${base}/imports/00000000-0000-4000-8000-000000000000/errors.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(missing.status).toBe(404);
    expect((await fetch(`${base}${url}`)).status).toBe(401);
  });
});
