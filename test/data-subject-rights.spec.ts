import { Role } from "../src/auth/role";
import { PiiCipher } from "../src/shared/pii-crypto";
import { maskNationalId } from "../src/auth/masking";
import { ERASED_FIELDS } from "../src/modules/privacy/privacy.service";
import { startTestApp, type TestApp } from "./support/app";

const EXPORT = `mutation ($id: ID!) { exportCustomerData(customerId: $id) { customerId generatedAt purposes records withheld { table field reason } } }`;
const SET_CONSENT = `mutation ($id: ID!, $granted: Boolean!) { setConsent(input: { customerId: $id, purpose: SENSITIVE_DATA, granted: $granted }) { granted } }`;
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
         AND c.national_id_encrypted IS NOT NULL AND c.id_type IS NOT NULL AND c.occupation_class IS NOT NULL AND c.dependents > 0
         AND c.risk_preference IS NOT NULL AND c.preferred_channel IS NOT NULL
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
      // tables only: a view (policy_change, of the outbox's policy events) holds no record of its own — its rows are exported with their table
      `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'customer_id' AND t.table_type = 'BASE TABLE'
          AND c.table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition) ORDER BY 1`, // a partition's rows are exported with its table's
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
      // a candidate pair is the customer's on either side
      const keyed = table === "duplicate_candidate" ? "(customer_id = $1 OR candidate_customer_id = $1)" : "customer_id = $1";
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${keyed}`, [subject.id]);
      expect([table, exported.records[table]?.length]).toEqual([table, n]);
      expect(exported.purposes[table]?.length).toBeGreaterThan(0);
    }
    const profile = exported.records.customer[0];
    expect(profile.nationalId).toBe(new PiiCipher(app.config.piiEncryptionKey).decrypt(subject.national_id_encrypted));
    expect(profile).not.toHaveProperty("nationalIdHash");
    expect(profile).not.toHaveProperty("nationalIdEncrypted");
    expect(exported.records.claim.length).toBeGreaterThan(0);
  });

  it("gives the customer their own data but not the insurer's internal assessments and notes", async () => {
    const token = await app.token(Role.CUSTOMER, { sub: subject.id });
    const exported = (await app.gql(EXPORT, { token, variables: { id: subject.id } })).body.data!.exportCustomerData;
    const internal = ["claim.fraudScore", "claim_event.note", "complaint.escalationReason", "interaction.notes", "risk_assessment.factors", "risk_assessment.warnings"];
    const withheld = exported.withheld.map((w: { table: string; field: string; reason: string }) => `${w.table}.${w.field}:${w.reason}`);
    for (const path of internal) {
      const [table, field] = path.split(".");
      if (exported.records[table].length > 0) expect(withheld).toContain(`${path}:FIELD_POLICY`);
      for (const row of exported.records[table]) expect([path, Object.keys(row).includes(field)]).toEqual([path, false]);
    }
    expect(exported.records.claim[0]).toHaveProperty("claimedAmount");
    expect(JSON.stringify(exported.records.interaction)).not.toContain('"notes"');
    // the customer's own identity and income, in full
    expect(exported.records.customer[0].fullName).toBe(subject.full_name);
    if (subject.annual_income !== null) expect(exported.records.customer[0].annualIncome.amount.amount).toBe(Number(subject.annual_income));
  });

  it("gives COMPLIANCE its policy access only (masked identity and contact, no income, no health) and audits every field", async () => {
    const nationalId = new PiiCipher(app.config.piiEncryptionKey).decrypt(subject.national_id_encrypted);
    const res = await app.gql(EXPORT, { token: compliance, variables: { id: subject.id }, headers: { "x-request-id": "export-1" } });
    expect(res.body.errors).toBeUndefined();
    const exported = res.body.data!.exportCustomerData;
    const profile = exported.records.customer[0];
    expect(profile.nationalId).toBe(maskNationalId(nationalId));
    expect(JSON.stringify(exported)).not.toContain(nationalId);
    expect(profile.fullName).not.toBe(subject.full_name);
    expect(profile).not.toHaveProperty("annualIncome");
    expect(profile).not.toHaveProperty("nationalIdHash");
    for (const row of exported.records.claim) expect(row).not.toHaveProperty("description");
    for (const row of exported.records.health_declaration) expect(row).not.toHaveProperty("details");
    expect(exported.withheld).toEqual(
      expect.arrayContaining([
        { table: "customer", field: "annualIncome", reason: "FIELD_POLICY" },
        { table: "claim", field: "description", reason: "FIELD_POLICY" },
        { table: "customer", field: "nationalIdHash", reason: "UNCLASSIFIED" },
      ]),
    );
    expect(exported.records.claim[0]).toHaveProperty("fraudScore"); // INTERNAL: full for COMPLIANCE

    const audit = await app.db.query(`SELECT outcome, fields, purpose FROM audit_entry WHERE request_id = 'export-1' AND customer_id = $1 ORDER BY outcome`, [
      subject.id,
    ]);
    expect(audit.map((row: { outcome: string }) => row.outcome)).toEqual(["ALLOWED", "MASKED"]);
    expect(audit[1].fields).toEqual(["Customer.address", "Customer.dateOfBirth", "Customer.email", "Customer.fullName", "Customer.nationalId", "Customer.phone"]);
    expect(audit[0].fields).toEqual(expect.arrayContaining(["Claim.fraudScore", "Interaction.notes", "Mutation.exportCustomerData"]));
    expect(audit[0].fields).not.toContain("Customer.annualIncome");
    expect(audit[0].fields).not.toContain("Claim.description");
  });

  it("keeps health data out of a staff export with or without consent, and in the customer's own", async () => {
    await app.gql(SET_CONSENT, { token: await app.token(Role.CUSTOMER, { sub: subject.id }), variables: { id: subject.id, granted: false } });
    const withdrawn = (await app.gql(EXPORT, { token: compliance, variables: { id: subject.id } })).body.data!.exportCustomerData;
    expect(withdrawn.records.claim.some((row: object) => "description" in row)).toBe(false);
    const own = (await app.gql(EXPORT, { token: await app.token(Role.CUSTOMER, { sub: subject.id }), variables: { id: subject.id } })).body.data!
      .exportCustomerData;
    expect(own.records.claim.some((row: { description?: string }) => typeof row.description === "string")).toBe(true);
  });

  it("lets a customer export only themself, and nobody but COMPLIANCE export others", async () => {
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
    // what else describes the person goes too: the kind of id, occupation class, dependents, attitude to risk, preferred channel
    const [described] = await app.db.query(
      `SELECT city, id_type, occupation_class, dependents, risk_preference, preferred_channel FROM customer WHERE id = $1`,
      [subject.id],
    );
    expect(described).toEqual({ city: null, id_type: null, occupation_class: null, dependents: 0, risk_preference: null, preferred_channel: null });
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

    const erasures = await app.db.query(`SELECT purpose, operation, fields FROM audit_entry WHERE customer_id = $1 AND outcome = 'ERASED'`, [subject.id]);
    expect(erasures).toEqual([{ purpose: "DSR-2026-0042", operation: "eraseCustomer", fields: ERASED_FIELDS }]);
    expect(ERASED_FIELDS).toEqual(expect.arrayContaining(["Customer.fullName", "Customer.nationalId", "Claim.description", "HealthDeclaration.*"]));

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
