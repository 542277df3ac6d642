import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Role } from "../src/auth/role";
import { makeResidentId } from "../src/shared/national-id";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { continueImport, createImportJob } from "../src/modules/importing/import.service";
import { integrationSystemOf } from "../src/modules/importing/import-intake";
import { startTestApp, type TestApp } from "./support/app";

const HEADER = "sourceId,kind,fullName,dateOfBirth,idType,nationalId,city,serviceTier";
const row = (i: number) => `PAS-${i},INDIVIDUAL,Customer ${i},1980-01-${String((i % 28) + 1).padStart(2, "0")},RESIDENT_ID,${makeResidentId("110101", `1980-01-${String((i % 28) + 1).padStart(2, "0")}`, i % 1000)},Beijing,BASIC`;
/** `n` good rows and, at the end, one row with an unknown kind. */
const csv = (n: number, first = 1) => [HEADER, ...Array.from({ length: n }, (_, i) => row(first + i)), `PAS-BAD,ROBOT,Nobody,,,,,`].join("\n") + "\n";

interface Refusal {
  errors: { message: string; extensions: { code: string } }[];
}

describe("POST /imports: files from other systems' service accounts", () => {
  let app: TestApp;
  let spoolDir: string;
  let integration: string;
  let admin: string;
  const base = () => app.server.url.replace(/\/graphql$/, "");
  const post = (query: string, body: string | Buffer | ReadableStream, headers: Record<string, string>, token?: string) =>
    fetch(`${base()}/imports?${query}`, {
      method: "POST",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  const jobCount = async () => Number((await app.db.query(`SELECT count(*)::int AS n FROM import_job`))[0].n);
  const spooled = () => fs.readdirSync(spoolDir).length;
  const jobOf = (id: string, token: string) =>
    app.gql(`query($id: ID!) { importJob(id: $id) { id status processed inserted unchanged failed createdBy sourceSystem entity errorsUrl } }`, { token, variables: { id } });

  beforeAll(async () => {
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-spool-"));
    app = await startTestApp({ customers: 6, env: { IMPORT_SPOOL_DIR: spoolDir, IMPORT_MAX_BYTES: "20000" } });
    integration = await app.token(Role.INTEGRATION);
    admin = await app.token(Role.ADMIN);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  it("names the seeded service account's system from its username", () => {
    expect(integrationSystemOf("core.pas")).toBe("CORE_PAS");
    expect(integrationSystemOf("crm-sync")).toBe("CRM_SYNC");
  });

  it("takes a CSV body from an INTEGRATION account, answers 202 with the job and runs it in the background", async () => {
    const response = await post("source=CORE_PAS&entity=customers", csv(5), { "content-type": "text/csv" }, integration);
    expect(response.status).toBe(202);
    const { job } = (await response.json()) as { job: { id: string; status: string; createdBy: string; errorsUrl: string } };
    expect(job).toMatchObject({ status: "RUNNING", createdBy: "api:core.pas", errorsUrl: `/imports/${job.id}/errors.csv` });
    await app.server.imports.idle();
    const read = await jobOf(job.id, integration);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.importJob).toMatchObject({ id: job.id, status: "COMPLETED", processed: 6, inserted: 5, failed: 1, sourceSystem: "CORE_PAS", entity: "customers" });
    // the spooled file is gone once its job ended
    expect(spooled()).toBe(0);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM source_key WHERE source_system = 'CORE_PAS' AND entity_kind = 'customer'`);
    expect(n).toBe(5);
    // the account downloads its own job's refused rows
    const errors = await fetch(`${base()}${job.errorsUrl}`, { headers: { authorization: `Bearer ${integration}` } });
    expect(errors.status).toBe(200);
    expect((await errors.text()).trim().split("\n")).toEqual(["line,sourceId,field,problem", expect.stringMatching(/^7,PAS-BAD,kind,/)]);
  });

  it("reads back no customer: the account's row scope is empty on every path, its field row denies every personal class", async () => {
    const [{ record_id: id }] = await app.db.query(`SELECT record_id FROM source_key WHERE source_system = 'CORE_PAS' AND source_id = 'PAS-1'`);
    const read = await app.gql(`query($id: ID!) { customer(id: $id) { id } node(id: $id) { id } customers(first: 50) { totalCount edges { node { id } } } }`, {
      token: integration,
      variables: { id },
    });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({ customer: null, node: null, customers: { totalCount: 0, edges: [] } });
    // ADMIN sees the same customer
    const seen = await app.gql(`query($id: ID!) { customer(id: $id) { id sourceKeys { system id } } }`, { token: admin, variables: { id } });
    expect(seen.body.data!.customer).toEqual({ id, sourceKeys: [{ system: "CORE_PAS", id: "PAS-1" }] });
    // operations of other roles stay closed
    const audit = await app.gql(`{ auditLog(first: 1) { totalCount } }`, { token: integration });
    expect(audit.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("takes gzipped NDJSON (Content-Encoding: gzip), and re-sending the same rows changes nothing", async () => {
    const lines = Array.from({ length: 5 }, (_, i) => {
      const [sourceId, kind, fullName, dateOfBirth, idType, nationalId, city, serviceTier] = row(i + 1).split(",");
      return JSON.stringify({ sourceId, kind, fullName, dateOfBirth, idType, nationalId, city, serviceTier });
    });
    const response = await post("source=CORE_PAS&entity=customers", gzipSync(lines.join("\n") + "\n"), { "content-type": "application/x-ndjson", "content-encoding": "gzip" }, integration);
    expect(response.status).toBe(202);
    const { job } = (await response.json()) as { job: { id: string } };
    await app.server.imports.idle();
    expect((await jobOf(job.id, integration)).body.data!.importJob).toMatchObject({ status: "COMPLETED", processed: 5, inserted: 0, unchanged: 5, failed: 0 });
  });

  it("refuses before reading the file: wrong system for the account, wrong role (ADMIN too), no token, bad entity or format, too large", async () => {
    const jobs = await jobCount();
    const refusal = async (response: Response) => ({ status: response.status, code: ((await response.json()) as Refusal).errors[0].extensions.code });
    expect(await refusal(await post("source=CRM&entity=customers", csv(1), { "content-type": "text/csv" }, integration))).toEqual({ status: 403, code: "FORBIDDEN" });
    expect(await refusal(await post("source=CORE_PAS&entity=customers", csv(1), { "content-type": "text/csv" }, await app.token(Role.AGENT)))).toEqual({ status: 403, code: "FORBIDDEN" });
    // not ADMIN either: an account that may write under any system could probe masked values through `unchanged`
    expect(await refusal(await post("source=CORE_PAS&entity=customers", csv(1), { "content-type": "text/csv" }, admin))).toEqual({ status: 403, code: "FORBIDDEN" });
    expect(await refusal(await post("source=CORE_PAS&entity=customers", csv(1), { "content-type": "text/csv" }))).toEqual({ status: 401, code: "UNAUTHENTICATED" });
    const bad = await post("source=CORE_PAS&entity=wizards&format=xlsx", csv(1), { "content-type": "text/csv" }, integration);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as Refusal;
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0].message).toMatch(/entity must be one of customers, policies.*format must be csv or ndjson/);
    expect(await refusal(await post("source=CORE_PAS&entity=customers", "", { "content-type": "text/csv" }, integration))).toEqual({ status: 400, code: "BAD_USER_INPUT" });
    // declared too large: refused before the body is read
    expect(await refusal(await post("source=CORE_PAS&entity=customers", "x".repeat(20_001), { "content-type": "text/csv" }, integration))).toEqual({ status: 413, code: "BAD_USER_INPUT" });
    // streamed (chunked, no length) past the cap: the spooled part is removed and no job is recorded
    const chunk = new TextEncoder().encode(csv(400, 500));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await post("source=CORE_PAS&entity=customers", stream, { "content-type": "text/csv" }, integration).catch(() => null);
    expect(chunk.length).toBeGreaterThan(20_000);
    if (streamed) expect(streamed.status).toBe(413);
    expect(await jobCount()).toBe(jobs);
    // a reset connection may reach the client before the server has cleaned up
    for (let waited = 0; spooled() > 0 && waited < 3000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spooled()).toBe(0);
  });

  it("shows an account its own jobs only; ADMIN sees them all", async () => {
    const response = await post("source=CORE_PAS&entity=customers", csv(2, 100), { "content-type": "text/csv" }, integration);
    const { job } = (await response.json()) as { job: { id: string } };
    await app.server.imports.idle();
    await app.db.query(`INSERT INTO staff_user (id, username, display_name, role) VALUES ($1, 'crm.sync', 'CRM (service account)', 'INTEGRATION')`, [staffIdFor("crm.sync")]);
    const other = await app.token(Role.INTEGRATION, { user: "crm.sync" });
    expect((await jobOf(job.id, other)).body.data!.importJob).toBeNull();
    const download = await fetch(`${base()}/imports/${job.id}/errors.csv`, { headers: { authorization: `Bearer ${other}` } });
    expect(download.status).toBe(404);
    expect((await jobOf(job.id, admin)).body.data!.importJob).toMatchObject({ id: job.id, createdBy: "api:core.pas", inserted: 2 });
  });

  it("resumes a sent file's job that a stopped server left RUNNING, from its last committed batch, and deletes the file", async () => {
    const file = path.join(spoolDir, "left-behind.csv");
    fs.writeFileSync(file, csv(7, 200));
    const options = { file, piiKey: app.config.piiEncryptionKey, sourceSystem: "CORE_PAS", entity: "customers", createdBy: "api:core.pas", ownerId: staffIdFor("core.pas"), spooled: true };
    const job = await createImportJob(app.db, options);
    const stopped = await continueImport(app.db, job, { ...options, batchSize: 3, stopAfterBatches: 1 });
    expect(stopped).toMatchObject({ status: "RUNNING", processed: 3 });
    expect(await app.server.imports.resumeSpooled()).toBe(1);
    await app.server.imports.idle();
    const [ended] = await app.db.query(`SELECT status, processed, inserted, failed, spool_file FROM import_job WHERE id = $1`, [job.id]);
    expect(ended).toEqual({ status: "COMPLETED", processed: 8, inserted: 7, failed: 1, spool_file: null });
    expect(fs.existsSync(file)).toBe(false);
  });
});
