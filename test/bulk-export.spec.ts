import { Role } from "../src/auth/role";
import { PiiCipher } from "../src/shared/pii-crypto";
import { createRequestContext } from "../src/auth/request-context";
import { bulkExport, type ExportSummary } from "../src/modules/privacy/bulk-export";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

/** GET /exports/:entity and the export service: row scope and field policy value by value, audited per customer. */
describe("bulk export (BI, migrations)", () => {
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    base = app.server.url.replace(/\/graphql$/, "");
  });
  afterAll(() => app?.close());

  async function get(path: string, token?: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  function lines(text: string): { rows: Record<string, any>[]; summary: ExportSummary["_export"] } {
    const parsed = text.trim().split("\n").map((line) => JSON.parse(line));
    const last = parsed.pop() as ExportSummary;
    return { rows: parsed, summary: last._export };
  }

  it("gives ADMIN every customer as the policy lets ADMIN read them, with a summary line, audited once per customer", async () => {
    const admin = await app.token(Role.ADMIN);
    const res = await get("/exports/customers", admin, { "x-request-id": "bulk-export-admin-1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const { rows, summary } = lines(res.text);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM customer`);
    expect(rows).toHaveLength(n);
    expect(summary).toMatchObject({ entity: "customers", rows: n, complete: true });
    expect(new Set(rows.map((row) => row.id)).size).toBe(n);
    // FINANCIAL is denied to ADMIN; the blind index is no field at all
    expect(rows.every((row) => !("annualIncome" in row) && !("nationalIdHash" in row) && !("nationalIdEncrypted" in row))).toBe(true);
    const withheld = JSON.parse(res.headers.get("x-export-withheld")!);
    expect(withheld).toEqual(expect.arrayContaining([
      { table: "customer", field: "annualIncome", reason: "FIELD_POLICY" },
      { table: "customer", field: "nationalIdHash", reason: "UNCLASSIFIED" },
    ]));
    expect(summary.withheld).toEqual(withheld);
    // value by value as GraphQL answers ADMIN (national id masked, contact in full)
    const sample = rows.find((row) => row.nationalId && row.email)!;
    const read = await app.gql(`query ($id: ID!) { customer(id: $id) { fullName email phone nationalId dateOfBirth } }`, { token: admin, variables: { id: sample.id } });
    expect({ fullName: sample.fullName, email: sample.email, phone: sample.phone, nationalId: sample.nationalId, dateOfBirth: sample.dateOfBirth })
      .toEqual(read.body.data!.customer);
    const [stored] = await app.db.query(`SELECT national_id_encrypted FROM customer WHERE id = $1`, [sample.id]);
    expect(sample.nationalId).not.toBe(new PiiCipher(app.config.piiEncryptionKey).decrypt(stored.national_id_encrypted));
    // one audit row per customer whose personal values left, naming the fields, under the export's operation
    const audit: { customer_id: string; fields: string[]; outcome: string; operation: string }[] = await app.db.query(
      `SELECT customer_id, fields, outcome, operation FROM audit_entry WHERE request_id = $1`, ["bulk-export-admin-1"]);
    const allowed = audit.filter((row) => row.outcome === "ALLOWED");
    expect(new Set(allowed.map((row) => row.customer_id)).size).toBe(allowed.length);
    expect(allowed.length).toBeGreaterThan(n / 2);
    expect(audit.every((row) => row.operation === "export:customers")).toBe(true);
    expect(allowed.find((row) => row.customer_id === sample.id)!.fields).toEqual(expect.arrayContaining(["Customer.email", "Customer.fullName"]));
    expect(audit.find((row) => row.customer_id === sample.id && row.outcome === "MASKED")!.fields).toContain("Customer.nationalId");
  });

  it("gives COMPLIANCE its own, narrower view (contact masked), and ADMIN's interactions with their notes", async () => {
    const compliance = await app.token(Role.COMPLIANCE);
    const { rows } = lines((await get("/exports/customers", compliance)).text);
    const sample = rows.find((row) => row.email)!;
    const read = await app.gql(`query ($id: ID!) { customer(id: $id) { email phone } }`, { token: compliance, variables: { id: sample.id } });
    expect({ email: sample.email, phone: sample.phone }).toEqual(read.body.data!.customer);
    const [{ email }] = await app.db.query(`SELECT email FROM customer WHERE id = $1`, [sample.id]);
    expect(sample.email).not.toBe(email);

    const interactions = lines((await get("/exports/interactions", await app.token(Role.ADMIN))).text);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM interaction`);
    expect(interactions.rows).toHaveLength(n);
    expect(interactions.rows.some((row) => typeof row.notes === "string")).toBe(true);
  });

  it("refuses other roles, anonymous callers, unknown exports and formats with a code", async () => {
    const agent = await app.token(Role.AGENT);
    const refused = await get("/exports/customers", agent);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe("FORBIDDEN");
    expect((await get("/exports/customers")).status).toBe(401);
    const admin = await app.token(Role.ADMIN);
    const unknown = await get("/exports/staff_user", admin);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect((await get("/exports/customers?format=csv", admin)).status).toBe(400);
  });

  it("sends nothing when the access audit cannot be written (503 before the first row)", async () => {
    await app.db.query(`CREATE FUNCTION refuse_export_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await app.db.query(`CREATE TRIGGER refuse_export_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_export_audit()`);
    try {
      const res = await get("/exports/customers", await app.token(Role.ADMIN));
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe("UNAVAILABLE");
      const [{ full_name: name }] = await app.db.query(`SELECT full_name FROM customer ORDER BY id LIMIT 1`);
      expect(res.text).not.toContain(name);
    } finally {
      await app.db.query(`DROP TRIGGER refuse_export_audit ON audit_entry`);
      await app.db.query(`DROP FUNCTION refuse_export_audit()`);
    }
  });

  it("pages by id: small batches give the same rows, each batch audited before it is handed out", async () => {
    const viewer = { kind: "staff" as const, id: staffIdFor("admin"), role: Role.ADMIN as const, username: "admin", purpose: "bi-extract" };
    const run = async (batchSize: number) => {
      const ctx = createRequestContext(app.db, app.config, viewer, `export-batch-${batchSize}`, async () => undefined);
      const writes: number[] = [];
      const exp = bulkExport(ctx, "policies", async (rows) => void writes.push(rows.length), batchSize);
      const rows: Record<string, unknown>[] = [];
      for await (const batch of exp.batches()) {
        expect(writes).toHaveLength(Math.ceil((rows.length + batch.length) / batchSize));
        rows.push(...batch);
      }
      return rows;
    };
    const whole = await run(500);
    const paged = await run(7);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM policy`);
    expect(whole).toHaveLength(n);
    expect(JSON.stringify(paged)).toBe(JSON.stringify(whole));
  });
});
