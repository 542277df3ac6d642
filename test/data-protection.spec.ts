import { ACCESS, DataClass, FIELD_CLASSES, FIELD_MASKS } from "../src/auth/field-policy";
import { incomeBand } from "../src/auth/masking";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { PiiCipher } from "../src/shared/pii-crypto";
import { openToServiceRep } from "./support/caller";
import { startTestApp, type TestApp } from "./support/app";

/**
 * The personal-data policy, end to end: for every role × personal field × path, the value is
 * exactly full / masked / band / null+FORBIDDEN as the policy table says, and every personal value
 * returned to staff is in the access audit.
 */
const ROLES = Object.values(Role);
const PERSONAL_FIELDS: Record<string, string> = {
  fullName: "fullName",
  email: "email",
  phone: "phone",
  address: "address",
  nationalId: "nationalId",
  dateOfBirth: "dateOfBirth",
  annualIncome: "annualIncome { amount { amount currency } band }",
};
const PATHS: Record<string, (selection: string) => string> = {
  byId: (s) => `query P($id: ID!) { customer(id: $id) { ${s} } }`,
  list: (s) => `query P($number: String!) { customers(first: 1, filter: { search: $number }) { edges { node { ${s} } } } }`,
  nested: (s) => `query P($policy: ID!) { policy(id: $policy) { policyholder { ${s} } } }`,
  alias: (s) => `query P($id: ID!) { customer(id: $id) { renamed: ${s} } }`,
  fragment: (s) => `query P($id: ID!) { customer(id: $id) { ...F } } fragment F on Customer { ${s} }`,
  node: (s) => `query P($id: ID!) { node(id: $id) { ... on Customer { ${s} } } }`,
};
const PATH_VARIABLE: Record<string, "id" | "number" | "policy"> = {
  byId: "id", list: "number", nested: "policy", alias: "id", fragment: "id", node: "id",
};

function pick(data: any, path: string): any {
  const customer =
    path === "list"
      ? data?.customers?.edges?.[0]?.node
      : path === "nested"
        ? data?.policy?.policyholder
        : path === "node"
          ? data?.node
          : data?.customer;
  if (!customer) return undefined;
  return path === "alias" ? customer.renamed : Object.values(customer)[0];
}

describe("personal-data protection", () => {
  let app: TestApp;
  let subject: Record<string, any>;
  let raw: Record<string, unknown>;
  let cipher: PiiCipher;
  const tokens = new Map<Role, string>();
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 80 });
    cipher = new PiiCipher(app.config.piiEncryptionKey);
    // a customer every role can see: in agent1's book, with MARKETING consent, with every personal field set
    const [row] = await app.db.query(
      `SELECT c.*, p.id AS policy_id FROM customer c JOIN policy p ON p.customer_id = c.id
       WHERE c.assigned_agent_id = $1 AND c.kind = 'INDIVIDUAL' AND c.erased_at IS NULL
         AND c.email IS NOT NULL AND c.phone IS NOT NULL AND c.address IS NOT NULL AND c.date_of_birth IS NOT NULL
         AND c.national_id_encrypted IS NOT NULL AND c.annual_income IS NOT NULL
       ORDER BY c.customer_number LIMIT 1`,
      [staffIdFor("agent1")],
    );
    expect(row).toBeDefined();
    subject = row;
    admin = await app.token(Role.ADMIN);
    for (const role of ROLES) {
      tokens.set(role, role === Role.CUSTOMER ? await app.token(role, { sub: row.id }) : await app.token(role));
    }
    await setConsent("MARKETING", true);
    await openToServiceRep(app.db, [row.id]); // the contact centre has verified the subject calling
    const [dob] = await app.db.query(`SELECT to_char(date_of_birth, 'YYYY-MM-DD') AS d FROM customer WHERE id = $1`, [row.id]);
    raw = {
      fullName: row.full_name,
      email: row.email,
      phone: row.phone,
      address: row.address,
      nationalId: cipher.decrypt(row.national_id_encrypted),
      dateOfBirth: dob.d,
      annualIncome: { amount: { amount: Number(row.annual_income), currency: row.currency }, band: incomeBand(Number(row.annual_income)) },
    };
  });
  afterAll(() => app?.close());

  async function setConsent(purpose: string, granted: boolean) {
    const res = await app.gql(
      `mutation ($input: SetConsentInput!) { setConsent(input: $input) { purpose granted } }`,
      { token: admin, variables: { input: { customerId: subject.id, purpose, granted, channel: "BRANCH" } } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.setConsent).toEqual({ purpose, granted });
  }

  function expected(role: Role, field: string, consented: boolean): { value: unknown } | { forbidden: string } {
    const dataClass = FIELD_CLASSES.Customer[field] as DataClass;
    const access = ACCESS[dataClass][role];
    const masks = FIELD_MASKS[`Customer.${field}`];
    const value = raw[field];
    if (access === "full" || (access === "consent" && consented)) return { value };
    if (access === "consent") return { forbidden: "CONSENT_REQUIRED" };
    if (access === "masked" && masks?.masked) return { value: (masks.masked as any)(value, subject) };
    if (access === "band" && masks?.band) return { value: { amount: null, band: (value as any).band } };
    return { forbidden: "FIELD_POLICY" };
  }

  let cases = 0;
  for (const consented of [false, true]) {
    describe(`with SENSITIVE_DATA consent ${consented ? "granted" : "withdrawn"}`, () => {
      beforeAll(() => setConsent("SENSITIVE_DATA", consented));

      for (const role of ROLES) {
        it(`gives ${role} exactly what the table says, on every path, and audits it`, async () => {
          for (const [field, selection] of Object.entries(PERSONAL_FIELDS)) {
            const want = expected(role, field, consented);
            for (const [pathName, build] of Object.entries(PATHS)) {
              const res = await app.gql(build(selection), {
                token: tokens.get(role),
                variables: { [PATH_VARIABLE[pathName]]: { id: subject.id, number: subject.customer_number, policy: subject.policy_id }[PATH_VARIABLE[pathName]] },
                headers: { "x-request-id": `matrix-${role}-${field}-${pathName}-${consented}` },
              });
              const got = pick(res.body.data, pathName);
              const context = `${role} ${field} ${pathName}`;
              if (role === Role.INTEGRATION) {
                // a service account's row scope holds no customer: on every path the row is absent, nothing is refused or audited
                expect([context, got, res.body.errors]).toEqual([context, undefined, undefined]);
                const audit = await app.db.query(`SELECT 1 FROM audit_entry WHERE request_id = $1`, [`matrix-${role}-${field}-${pathName}-${consented}`]);
                expect([context, audit]).toEqual([context, []]);
                cases += 1;
                continue;
              }
              if ("value" in want) {
                expect([context, got]).toEqual([context, want.value]);
                expect(res.body.errors).toBeUndefined();
              } else {
                expect([context, got]).toEqual([context, null]);
                expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: "FORBIDDEN", reason: want.forbidden }]);
              }
              const audit = await app.db.query(`SELECT customer_id, fields, outcome FROM audit_entry WHERE request_id = $1`, [
                `matrix-${role}-${field}-${pathName}-${consented}`,
              ]);
              if (role !== Role.CUSTOMER) {
                // staff: a value returned is ALLOWED or MASKED, a refusal DENIED (customers' own reads are not audited)
                const outcome = !("value" in want) ? "DENIED" : JSON.stringify(want.value) !== JSON.stringify(raw[field]) ? "MASKED" : "ALLOWED";
                expect([context, audit]).toEqual([context, [{ customer_id: subject.id, fields: [`Customer.${field}`], outcome }]]);
              } else {
                expect([context, audit]).toEqual([context, []]);
              }
              cases += 1;
            }
          }
        });
      }
    });
  }

  afterAll(() => {
    // 2 consent states × 7 roles × 7 fields × 6 paths
    if (cases > 0) expect(cases).toBe(2 * ROLES.length * Object.keys(PERSONAL_FIELDS).length * Object.keys(PATHS).length);
  });

  it("never lets a masked value carry more of the original than its rule allows", async () => {
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { fullName email phone address nationalId dateOfBirth } }`, {
      token: tokens.get(Role.UNDERWRITER),
      variables: { id: subject.id },
    });
    const c = res.body.data!.customer;
    const id = raw.nationalId as string;
    expect(c.nationalId.replace(/\*/g, "")).toBe(id.slice(0, 3) + id.slice(-4));
    expect(c.phone.replace(/\*/g, "")).toHaveLength(7);
    expect(c.email).not.toContain((raw.email as string).split("@")[0].slice(1));
    expect(c.address).not.toContain((raw.address as string).split(/[ ,]/)[0]);
    expect(c.dateOfBirth).toBe((raw.dateOfBirth as string).slice(0, 4));
  });

  it("audits one row per customer and outcome for a list, listing exactly the personal fields returned", async () => {
    const res = await app.gql(`{ customers(first: 7) { edges { node { id fullName email nationalId } } } }`, {
      token: tokens.get(Role.AGENT),
      headers: { "x-request-id": "audit-list-1", "x-access-purpose": "renewal-call" },
    });
    const nodes = res.body.data!.customers.edges.map((e: any) => e.node);
    const rows = await app.db.query(
      `SELECT customer_id, fields, outcome, purpose, operation, role, actor_id FROM audit_entry WHERE request_id = 'audit-list-1' ORDER BY customer_id, outcome`,
    );
    const expectedRows = nodes
      .flatMap((n: any) => [
        ...(n.fullName || n.email ? [{ customer_id: n.id, outcome: "ALLOWED", fields: ["Customer.email", "Customer.fullName"].filter((f) => (f === "Customer.email" ? n.email : n.fullName)) }] : []),
        ...(n.nationalId ? [{ customer_id: n.id, outcome: "MASKED", fields: ["Customer.nationalId"] }] : []),
      ])
      .sort((a: any, b: any) => (a.customer_id + a.outcome < b.customer_id + b.outcome ? -1 : 1));
    expect(rows.map((r: any) => ({ customer_id: r.customer_id, outcome: r.outcome, fields: r.fields }))).toEqual(expectedRows);
    expect(new Set(rows.map((r: any) => `${r.purpose}|${r.operation}|${r.role}|${r.actor_id}`))).toEqual(
      new Set([`renewal-call|anonymous|AGENT|${staffIdFor("agent1")}`]),
    );
  });

  it("withholds every personal value when the audit cannot be written (fail closed)", async () => {
    await app.db.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await app.db.query(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_audit()`);
    try {
      const res = await app.gql(`query ($id: ID!) { customer(id: $id) { customerNumber fullName email } }`, {
        token: admin,
        variables: { id: subject.id },
      });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        data: null,
        errors: [{ message: expect.stringContaining("withheld"), extensions: { code: "UNAVAILABLE" } }],
      });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(subject.full_name);
      expect(text).not.toContain(subject.email);
      // public fields need no record and still flow
      const open = await app.gql(`query ($id: ID!) { customer(id: $id) { customerNumber } }`, { token: admin, variables: { id: subject.id } });
      expect(open.body.data!.customer.customerNumber).toBe(subject.customer_number);
    } finally {
      await app.db.query(`DROP TRIGGER refuse_audit ON audit_entry`);
      await app.db.query(`DROP FUNCTION refuse_audit()`);
    }
  });

  it("applies a MARKETING consent withdrawal on the next request, in lists, by id and in counts", async () => {
    const marketing = tokens.get(Role.MARKETING)!;
    const q = `query ($id: ID!, $number: String!) { customer(id: $id) { id } customers(filter: { search: $number }) { totalCount } }`;
    const vars = { id: subject.id, number: subject.customer_number };
    const before = await app.gql(q, { token: marketing, variables: vars });
    expect(before.body.data).toEqual({ customer: { id: subject.id }, customers: { totalCount: 1 } });
    await setConsent("MARKETING", false);
    const after = await app.gql(q, { token: marketing, variables: vars });
    expect(after.body.data).toEqual({ customer: null, customers: { totalCount: 0 } });
    await setConsent("MARKETING", true);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM consent WHERE customer_id = $1 AND purpose = 'MARKETING'`, [subject.id]);
    expect(n).toBeGreaterThanOrEqual(3); // history kept: nothing was overwritten
  });

  it("lets the customer, an agent for their book and an admin set consent — nobody else, and no one outside scope", async () => {
    const mutation = `mutation ($input: SetConsentInput!) { setConsent(input: $input) { granted } }`;
    const input = { customerId: subject.id, purpose: "PROFILING", granted: true };
    for (const role of [Role.CUSTOMER, Role.AGENT, Role.ADMIN]) {
      const res = await app.gql(mutation, { token: tokens.get(role), variables: { input } });
      expect([role, res.body.data?.setConsent]).toEqual([role, { granted: true }]);
    }
    for (const role of [Role.MARKETING, Role.UNDERWRITER, Role.COMPLIANCE, Role.CLAIMS_ADJUSTER]) {
      const res = await app.gql(mutation, { token: tokens.get(role), variables: { input } });
      expect([role, res.body.errors?.[0].extensions?.code]).toEqual([role, "FORBIDDEN"]);
    }
    const agent2 = await app.token(Role.AGENT, { user: "agent2" });
    const res = await app.gql(mutation, { token: agent2, variables: { input } });
    expect(res.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("gives byte-identical answers for an existing out-of-scope id and a random one (no existence oracle)", async () => {
    const agent2 = await app.token(Role.AGENT, { user: "agent2" });
    const ask = (id: string) =>
      fetch(app.server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${agent2}` },
        body: JSON.stringify({ query: `query ($id: ID!) { customer(id: $id) { id fullName } policy(id: $id) { id } claim(id: $id) { id } }`, variables: { id } }),
      }).then((r) => r.text());
    expect(await ask(subject.id)).toBe(await ask("6d1f1d7e-0000-4000-8000-000000000001"));
    expect(await ask(subject.policy_id)).toBe(await ask("6d1f1d7e-0000-4000-8000-000000000002"));
  });

  it("keeps national ids out of the raw table: only ciphertext and a keyed hash", async () => {
    const rows = await app.db.query(`SELECT national_id_encrypted, national_id_hash FROM customer WHERE national_id_encrypted IS NOT NULL`);
    expect(rows.length).toBeGreaterThan(10);
    const dump = JSON.stringify(await app.db.query(`SELECT * FROM customer`));
    for (const row of rows) {
      const plain = cipher.decrypt(row.national_id_encrypted);
      expect(dump).not.toContain(plain);
      expect(row.national_id_hash).toBe(cipher.blindIndex(plain));
    }
  });

  it("finds a customer by exact national id through its keyed hash, for the look-up roles only", async () => {
    const q = `query ($nid: String!) { customers(filter: { nationalId: $nid }) { totalCount edges { node { id } } } }`;
    const found = await app.gql(q, { token: tokens.get(Role.AGENT), variables: { nid: (raw.nationalId as string).toLowerCase() } });
    expect(found.body.data!.customers).toEqual({ totalCount: 1, edges: [{ node: { id: subject.id } }] });
    const none = await app.gql(q, { token: admin, variables: { nid: "110105194912310000" } });
    expect(none.body.data!.customers.totalCount).toBe(0);
    for (const role of [Role.MARKETING, Role.UNDERWRITER]) {
      const refused = await app.gql(q, { token: tokens.get(role), variables: { nid: raw.nationalId } });
      expect(refused.body.errors?.[0].extensions).toEqual({ code: "FORBIDDEN", reason: "USE_POLICY", field: "Customer.nationalId", use: "FILTER", path: "filter.nationalId" });
    }
  });

  it("lets roles without full contact access search customer numbers only (no search oracle on names)", async () => {
    const q = `query ($s: String!) { customers(filter: { search: $s }) { totalCount } }`;
    const byName = await app.gql(q, { token: tokens.get(Role.MARKETING), variables: { s: subject.full_name } });
    expect(byName.body.data!.customers.totalCount).toBe(0);
    const byNumber = await app.gql(q, { token: tokens.get(Role.MARKETING), variables: { s: subject.customer_number } });
    expect(byNumber.body.data!.customers.totalCount).toBe(1);
    const agent = await app.gql(q, { token: tokens.get(Role.AGENT), variables: { s: subject.full_name } });
    expect(agent.body.data!.customers.totalCount).toBeGreaterThanOrEqual(1);
  });

  it("keeps health declarations encrypted at rest: no plain health fact in the table", async () => {
    const rows = await app.db.query(`SELECT * FROM health_declaration`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(["customer_id", "declared_at", "details", "id"]);
      expect(row.details).toMatch(/^v1\./);
      expect(JSON.parse(cipher.decrypt(row.details))).toEqual({ smoker: expect.any(Boolean), chronicConditions: expect.any(Array), bmi: expect.any(Number) });
    }
    expect(JSON.stringify(rows)).not.toMatch(/HYPERTENSION|DIABETES|smoker/);
  });

  it("keeps claim descriptions (medical details) encrypted at rest and readable through the API for the customer", async () => {
    const rows = await app.db.query(`SELECT customer_id, claim_number, description FROM claim WHERE description IS NOT NULL ORDER BY claim_number`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.description).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
    const { customer_id: owner, claim_number: number, description } = rows[0];
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { claims(first: 100) { edges { node { claimNumber description } } } } }`, {
      token: await app.token(Role.CUSTOMER, { sub: owner }),
      variables: { id: owner },
    });
    const claim = res.body.data!.customer.claims.edges.find((e: any) => e.node.claimNumber === number).node;
    expect(claim.description).toBe(cipher.decrypt(description));
    expect(claim.description).not.toMatch(/^v1\./);
  });

  it("shows COMPLIANCE the access log and the customer their access history, and nobody else", async () => {
    await app.gql(`query ($id: ID!) { customer(id: $id) { fullName } }`, { token: admin, variables: { id: subject.id } });
    const log = await app.gql(
      `query ($id: ID!) { auditLog(filter: { customerId: $id }, first: 5) { totalCount edges { node { customerId fields outcome role } } } }`,
      { token: tokens.get(Role.COMPLIANCE), variables: { id: subject.id } },
    );
    expect(log.body.errors).toBeUndefined();
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE customer_id = $1`, [subject.id]);
    expect(log.body.data!.auditLog.totalCount).toBe(n);
    expect(log.body.data!.auditLog.edges.every((e: any) => e.node.customerId === subject.id)).toBe(true);

    const own = await app.gql(`query ($id: ID!) { customer(id: $id) { accessHistory(first: 3) { totalCount } } }`, {
      token: tokens.get(Role.CUSTOMER),
      variables: { id: subject.id },
    });
    expect(own.body.data!.customer.accessHistory.totalCount).toBeGreaterThan(0);

    for (const role of [Role.AGENT, Role.MARKETING, Role.UNDERWRITER]) {
      const denied = await app.gql(`{ auditLog(first: 1) { totalCount } }`, { token: tokens.get(role) });
      expect([role, denied.body.errors?.[0].extensions?.code]).toEqual([role, "FORBIDDEN"]);
      const history = await app.gql(`query ($id: ID!) { customer(id: $id) { accessHistory(first: 1) { totalCount } } }`, {
        token: tokens.get(role),
        variables: { id: subject.id },
      });
      expect([role, history.body.data?.customer?.accessHistory ?? null]).toEqual([role, null]);
    }
  });
});
