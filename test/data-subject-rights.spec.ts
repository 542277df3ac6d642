import { Role } from "../src/modules/staff/staff.entity";
import { PiiCipher } from "../src/shared/pii-crypto";
import { startTestApp, type TestApp } from "./support/app";

const EXPORT = `mutation ($id: ID!) { exportCustomerData(customerId: $id) { customerId generatedAt purposes records } }`;
const ERASE = `mutation ($id: ID!, $reason: String!) { eraseCustomer(customerId: $id, reason: $reason) { id fullName email erasedAt version } }`;

describe("data subject rights", () => {
  let app: TestApp;
  let subject: Record<string, any>;
  let compliance: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 60 });
    compliance = await app.token(Role.COMPLIANCE);
    const [row] = await app.db.query(
      `SELECT c.* FROM customer c WHERE c.erased_at IS NULL AND c.kind = 'INDIVIDUAL' AND c.email IS NOT NULL AND c.phone IS NOT NULL
         AND c.national_id_encrypted IS NOT NULL
         AND EXISTS (SELECT 1 FROM claim x WHERE x.customer_id = c.id)
         AND EXISTS (SELECT 1 FROM interaction x WHERE x.customer_id = c.id AND x.notes IS NOT NULL)
         AND EXISTS (SELECT 1 FROM relationship x WHERE x.customer_id = c.id)
       ORDER BY c.customer_number LIMIT 1`,
    );
    expect(row).toBeDefined();
    subject = row;
  });
  afterAll(() => app?.close());

  async function tablesWithCustomerId(): Promise<string[]> {
    const rows = await app.db.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'customer_id' ORDER BY 1`,
    );
    return rows.map((r: { table_name: string }) => r.table_name);
  }

  it("exports every record held about the customer, per table, with purposes — to the customer themself", async () => {
    const token = await app.token(Role.CUSTOMER, { sub: subject.id });
    const res = await app.gql(EXPORT, { token, variables: { id: subject.id } });
    expect(res.body.errors).toBeUndefined();
    const exported = res.body.data!.exportCustomerData;
    expect(exported.customerId).toBe(subject.id);
    for (const table of await tablesWithCustomerId()) {
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE customer_id = $1`, [subject.id]);
      expect([table, exported.records[table]?.length]).toEqual([table, n]);
      expect(exported.purposes[table]?.length).toBeGreaterThan(0);
    }
    const profile = exported.records.customer[0];
    expect(profile.nationalId).toBe(new PiiCipher(app.config.piiEncryptionKey).decrypt(subject.national_id_encrypted));
    expect(profile).not.toHaveProperty("nationalIdHash");
    expect(profile).not.toHaveProperty("nationalIdEncrypted");
    expect(exported.records.claim.length).toBeGreaterThan(0);
  });

  it("lets COMPLIANCE export (audited), a customer only themself, and nobody else", async () => {
    const res = await app.gql(EXPORT, { token: compliance, variables: { id: subject.id }, headers: { "x-request-id": "export-1" } });
    expect(res.body.data!.exportCustomerData.customerId).toBe(subject.id);
    const audit = await app.db.query(`SELECT fields FROM audit_entry WHERE request_id = 'export-1' AND customer_id = $1`, [subject.id]);
    expect(audit).toEqual([{ fields: ["Mutation.exportCustomerData"] }]);

    const [other] = await app.db.query(`SELECT id FROM customer WHERE id <> $1 AND erased_at IS NULL LIMIT 1`, [subject.id]);
    const self = await app.token(Role.CUSTOMER, { sub: other.id });
    const foreign = await app.gql(EXPORT, { token: self, variables: { id: subject.id } });
    expect(foreign.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    for (const role of [Role.AGENT, Role.ADMIN, Role.MARKETING]) {
      const denied = await app.gql(EXPORT, { token: await app.token(role), variables: { id: subject.id } });
      expect([role, denied.body.errors?.[0].extensions?.code]).toEqual([role, "FORBIDDEN"]);
    }
  });

  it("erases personal data everywhere in one go, keeps the contract records, hides the customer, and audits it; twice is once", async () => {
    const [before] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM policy WHERE customer_id = $1) AS policies,
              (SELECT coalesce(sum(claimed_amount), 0)::float8 FROM claim WHERE customer_id = $1) AS claimed`,
      [subject.id],
    );
    const secrets = [subject.full_name, subject.email, subject.phone, new PiiCipher(app.config.piiEncryptionKey).decrypt(subject.national_id_encrypted)];

    const first = await app.gql(ERASE, { token: compliance, variables: { id: subject.id, reason: "DSR-2026-0042" } });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.eraseCustomer).toMatchObject({ id: subject.id, email: null });
    const [{ full_name: erasedName }] = await app.db.query(`SELECT full_name FROM customer WHERE id = $1`, [subject.id]);
    expect(erasedName).toBe("[erased]");
    expect(first.body.data!.eraseCustomer.erasedAt).toEqual(expect.any(String));

    const second = await app.gql(ERASE, { token: await app.token(Role.ADMIN), variables: { id: subject.id, reason: "again" } });
    const { fullName: _masked, ...firstResult } = first.body.data!.eraseCustomer;
    expect(second.body.data!.eraseCustomer).toEqual({ ...firstResult, fullName: "[erased]" });

    for (const table of await tablesWithCustomerId()) {
      const dump = JSON.stringify(await app.db.query(`SELECT * FROM ${table} WHERE customer_id = $1 AND $2 <> 'audit_entry'`, [subject.id, table]));
      for (const secret of secrets) expect([table, dump.includes(secret)]).toEqual([table, false]);
    }
    const customerDump = JSON.stringify(await app.db.query(`SELECT * FROM customer WHERE id = $1`, [subject.id]));
    for (const secret of secrets) expect(customerDump.includes(secret)).toBe(false);
    const [{ n: links }] = await app.db.query(
      `SELECT count(*)::int AS n FROM relationship WHERE customer_id = $1 OR related_customer_id = $1`,
      [subject.id],
    );
    expect(links).toBe(0);

    const [after] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM policy WHERE customer_id = $1) AS policies,
              (SELECT coalesce(sum(claimed_amount), 0)::float8 FROM claim WHERE customer_id = $1) AS claimed`,
      [subject.id],
    );
    expect(after).toEqual(before);

    const erasures = await app.db.query(`SELECT purpose, operation FROM audit_entry WHERE customer_id = $1 AND outcome = 'ERASED'`, [subject.id]);
    expect(erasures).toEqual([{ purpose: "DSR-2026-0042", operation: "eraseCustomer" }]);

    const search = await app.gql(`query ($s: String!) { customers(filter: { search: $s }) { totalCount } }`, {
      token: await app.token(Role.ADMIN),
      variables: { s: subject.customer_number },
    });
    expect(search.body.data!.customers.totalCount).toBe(0);
    const marketing = await app.gql(`query ($id: ID!) { customer(id: $id) { id } }`, {
      token: await app.token(Role.MARKETING),
      variables: { id: subject.id },
    });
    expect(marketing.body.data!.customer).toBeNull();
    const self = await app.gql(`{ me { role } }`, { token: await app.token(Role.CUSTOMER, { sub: subject.id }) });
    expect(self.status).toBe(401);
  });

  it("refuses erasure to roles other than COMPLIANCE and ADMIN", async () => {
    const [other] = await app.db.query(`SELECT id FROM customer WHERE erased_at IS NULL ORDER BY customer_number DESC LIMIT 1`);
    for (const role of [Role.AGENT, Role.MARKETING, Role.UNDERWRITER]) {
      const res = await app.gql(ERASE, { token: await app.token(role), variables: { id: other.id, reason: "x" } });
      expect([role, res.body.errors?.[0].extensions?.code]).toEqual([role, "FORBIDDEN"]);
    }
    const [{ erased }] = await app.db.query(`SELECT erased_at IS NOT NULL AS erased FROM customer WHERE id = $1`, [other.id]);
    expect(erased).toBe(false);
  });
});
