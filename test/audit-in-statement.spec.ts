import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths } from "./support/both-paths";

/** The usual 360 with personal values of every kind the roles read in full or reduced. */
const PERSONAL_360 = /* GraphQL */ `
  query Personal360($id: ID!) {
    customer(id: $id) {
      id fullName email phone dateOfBirth serviceTier
      summary { activePolicies openClaims totalAnnualPremium { amount } }
      household { kind member { id fullName phone } }
      consents { purpose granted }
      policies(first: 20) { totalCount edges { node { policyNumber status coverages { kind } } } }
      claims(first: 20) { totalCount edges { node { claimNumber status fraudScore events { toStatus note } } } }
      interactions(first: 20) { totalCount edges { node { channel kind occurredAt notes } } }
      complaints(first: 20) { totalCount edges { node { status overdue escalationReason } } }
      riskProfile { score tier }
    }
  }
`;

/**
 * AUDIT_IN_READ=on: a compiled customer(id) read by staff writes its access-audit rows in its own
 * statement (a data-modifying CTE): the same rows the executor writes, in one round trip less, and
 * no value leaves unless they were written. (Off by default: see docs/performance.md for why.)
 */
describe("compiled 360: the access audit inside the read's statement", () => {
  let app: TestApp;
  let paths: BothPaths;
  let admin: string;
  let agent: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 60, env: { AUDIT_IN_READ: "on" } });
    paths = await BothPaths.start(app);
    admin = await app.token(Role.ADMIN);
    agent = await app.token(Role.AGENT, { user: "agent1" });
  });
  afterAll(async () => {
    await paths?.stop();
    await app?.close();
  });

  /** Customers with rows in every paged relation (household members are customers with their own audit rows). */
  async function fullCustomers(agentUser?: string): Promise<string[]> {
    const rows: { id: string }[] = await app.db.query(
      `SELECT c.id FROM customer c JOIN staff_user s ON s.id = c.assigned_agent_id
       WHERE ($1::text IS NULL OR s.username = $1)
         AND EXISTS (SELECT 1 FROM policy x WHERE x.customer_id = c.id)
         AND EXISTS (SELECT 1 FROM claim x WHERE x.customer_id = c.id)
         AND (SELECT count(*) FROM interaction x WHERE x.customer_id = c.id) >= 2
       ORDER BY c.customer_number LIMIT 3`,
      [agentUser ?? null],
    );
    expect(rows.length).toBeGreaterThan(0);
    return rows.map((row) => row.id);
  }

  it("writes the same audit rows as the executor, in the read's statement (2 statements: staff record, 360)", async () => {
    for (const [token, ids] of [[admin, await fullCustomers()], [agent, await fullCustomers("agent1")]] as const) {
      for (const id of ids) {
        const { compiled, executed } = await paths.both(token, PERSONAL_360, { id });
        expect(compiled.path).toBe("compiled");
        expect(executed.path).toBe("executor");
        expect(compiled.status).toBe(200);
        expect(compiled.text).toBe(executed.text);
        expect(compiled.audit.length).toBeGreaterThan(0);
        expect(compiled.audit).toEqual(executed.audit);
        expect(compiled.statements).toBe(2);
      }
    }
  });

  it("audits a nested page's returned rows only, not the look-ahead row read to tell hasNextPage", async () => {
    const [id] = await fullCustomers();
    const page = `query ($id: ID!) { customer(id: $id) { fullName interactions(first: 1) { edges { node { id notes } } pageInfo { hasNextPage } } } }`;
    const two = await app.gql(`query ($id: ID!) { customer(id: $id) { interactions(first: 2) { edges { node { id } } } } }`, { token: admin, variables: { id } });
    const [, second] = two.body.data!.customer.interactions.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(second).toBeDefined();
    // only the look-ahead row (the second) has notes: the answer returns none, so nobody read any
    await app.db.query(`UPDATE interaction SET notes = CASE WHEN id = $2 THEN 'call back on Monday' ELSE NULL END WHERE customer_id = $1`, [id, second]);
    const { compiled, executed } = await paths.both(admin, page, { id });
    expect(compiled.path).toBe("compiled");
    const answered = JSON.parse(compiled.text).data.customer.interactions;
    expect(answered.pageInfo.hasNextPage).toBe(true);
    expect(answered.edges[0].node.notes).toBeNull();
    expect(compiled.text).toBe(executed.text);
    expect(compiled.audit).toEqual([`${id}|ALLOWED|Customer.fullName`]);
    expect(compiled.audit).toEqual(executed.audit);
    // two rows on the page: now the second's notes are returned and recorded
    const wider = await paths.both(admin, page.replace("first: 1", "first: 2"), { id });
    expect(wider.compiled.path).toBe("compiled");
    expect(wider.compiled.audit).toEqual([`${id}|ALLOWED|Customer.fullName,Interaction.notes`]);
    expect(wider.compiled.audit).toEqual(wider.executed.audit);
  });

  it("returns nothing when its audit rows cannot be written (the statement fails as a whole)", async () => {
    const [id] = await fullCustomers();
    const [{ full_name: name, email }] = await app.db.query(`SELECT full_name, email FROM customer WHERE id = $1`, [id]);
    await app.db.query(`CREATE FUNCTION refuse_compiled_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`);
    await app.db.query(`CREATE TRIGGER refuse_compiled_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_compiled_audit()`);
    try {
      const res = await app.gql(`query ($id: ID!) { customer(id: $id) { customerNumber fullName email } }`, { token: admin, variables: { id } });
      expect(res.status).toBe(503);
      expect(res.body.data).toBeNull();
      expect(res.body.errors?.[0].extensions?.code).toBe("UNAVAILABLE");
      const text = JSON.stringify(res.body);
      for (const value of [name, email].filter(Boolean)) expect(text).not.toContain(value);
    } finally {
      await app.db.query(`DROP TRIGGER refuse_compiled_audit ON audit_entry`);
      await app.db.query(`DROP FUNCTION refuse_compiled_audit()`);
    }
    const after = await app.gql(`query ($id: ID!) { customer(id: $id) { customerNumber fullName } }`, { token: admin, variables: { id } });
    expect(after.path).toBe("compiled");
    expect(after.body.data!.customer.fullName).toBe(name);
  });

  it("writes no audit INSERT for a read without personal values, and none for the customer's own reads", async () => {
    const [id] = await fullCustomers();
    const open = await paths.both(admin, `query ($id: ID!) { customer(id: $id) { customerNumber city policies(first: 5) { edges { node { policyNumber } } } } }`, { id });
    expect(open.compiled.path).toBe("compiled");
    expect(open.compiled.audit).toEqual([]);
    expect(open.executed.audit).toEqual([]);
    const own = await app.token(Role.CUSTOMER, { sub: id });
    const mine = await paths.both(own, `query ($id: ID!) { customer(id: $id) { fullName email } }`, { id });
    expect(mine.compiled.path).toBe("compiled");
    expect(mine.compiled.text).toBe(mine.executed.text);
    expect(mine.compiled.audit).toEqual([]);
  });
});
