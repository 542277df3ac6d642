import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

/**
 * Issue #9 point 6: refused personal-field reads are audited (DENIED), a purpose the audit cannot
 * store is refused at the edge without touching other callers, and an actor who receives personal
 * values of too many customers raises one exfiltration alert that COMPLIANCE and ADMIN can list.
 */
describe("refused reads, bounded purposes and the exfiltration alert", () => {
  let app: TestApp;
  const auditRows = (requestId: string): Promise<{ customer_id: string | null; fields: string[]; outcome: string; purpose: string | null }[]> =>
    app.db.query(`SELECT customer_id, fields, outcome, purpose FROM audit_entry WHERE request_id = $1 ORDER BY customer_id, outcome`, [requestId]);

  beforeAll(async () => {
    app = await startTestApp({ customers: 40, env: { EXFILTRATION_ALERT_CUSTOMERS: "12", EXFILTRATION_ALERT_VALUES: "0" } });
  });
  afterAll(() => app?.close());

  it("records a DENIED row per customer for a field the role may not read (FIELD_POLICY), in the request's one audit INSERT", async () => {
    const marketing = await app.token(Role.MARKETING, { purpose: "campaign-42" });
    const res = await app.gql(`{ customers(first: 6) { edges { node { id fullName dateOfBirth } } } }`, {
      token: marketing,
      headers: { "x-request-id": "denied-list-1" },
    });
    const ids: string[] = res.body.data!.customers.edges.map((e: any) => e.node.id).sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(res.body.data!.customers.edges.every((e: any) => e.node.dateOfBirth === null && typeof e.node.fullName === "string")).toBe(true);
    expect(new Set(res.body.errors!.map((e) => `${e.extensions!.code}/${e.extensions!.reason}`))).toEqual(new Set(["FORBIDDEN/FIELD_POLICY"]));
    const rows = await auditRows("denied-list-1");
    expect(rows.filter((r) => r.outcome === "DENIED")).toEqual(
      ids.map((id) => ({ customer_id: id, fields: ["Customer.dateOfBirth"], outcome: "DENIED", purpose: "campaign-42" })),
    );
    expect(rows.filter((r) => r.outcome === "MASKED").map((r) => r.customer_id)).toEqual(ids);
  });

  it("adds no statement to a read for its refusals", async () => {
    const marketing = await app.token(Role.MARKETING);
    const [{ id }] = await app.db.query(
      `SELECT c.id FROM customer c JOIN consent k ON k.customer_id = c.id AND k.purpose = 'MARKETING' AND k.granted
       WHERE c.erased_at IS NULL ORDER BY c.customer_number LIMIT 1`,
    );
    const plain = await app.gql(`query ($id: ID!) { customer(id: $id) { fullName } }`, { token: marketing, variables: { id } });
    const refused = await app.gql(`query ($id: ID!) { customer(id: $id) { fullName dateOfBirth nationalId } }`, {
      token: marketing,
      variables: { id },
      headers: { "x-request-id": "denied-one-1" },
    });
    expect(plain.body.data!.customer.fullName).toEqual(expect.any(String));
    expect(refused.body.errors).toHaveLength(2);
    expect(refused.statements).toBe(plain.statements);
    expect(await auditRows("denied-one-1")).toEqual([
      { customer_id: id, fields: ["Customer.dateOfBirth", "Customer.nationalId"], outcome: "DENIED", purpose: null },
      { customer_id: id, fields: ["Customer.fullName"], outcome: "MASKED", purpose: null },
    ]);
  });

  it("records refusals for want of consent (CONSENT_REQUIRED) per customer, and values released under consent as ALLOWED", async () => {
    const underwriter = await app.token(Role.UNDERWRITER);
    const res = await app.gql(`{ customers(first: 20) { edges { node { id annualIncome { band } } } } }`, {
      token: underwriter,
      headers: { "x-request-id": "denied-consent-1" },
    });
    const nodes: { id: string; annualIncome: unknown }[] = res.body.data!.customers.edges.map((e: any) => e.node);
    // refused where an error names the path (a customer without an income answers null without error)
    const refusedIds = res.body.errors!.map((e) => nodes[e.path![2] as number].id).sort();
    expect(refusedIds.length).toBeGreaterThan(0);
    expect(refusedIds.length).toBeLessThan(nodes.length);
    expect(res.body.errors!.every((e) => e.extensions!.reason === "CONSENT_REQUIRED")).toBe(true);
    const denied = (await auditRows("denied-consent-1")).filter((r) => r.outcome === "DENIED");
    expect(denied.map((r) => r.customer_id)).toEqual(refusedIds);
    expect(denied.every((r) => r.fields.join() === "Customer.annualIncome")).toBe(true);
    const allowed = (await auditRows("denied-consent-1")).filter((r) => r.outcome === "ALLOWED");
    expect(allowed.map((r) => r.customer_id)).toEqual(nodes.filter((n) => n.annualIncome !== null).map((n) => n.id).sort());
  });

  it("does not audit a customer's refusals on their own data (the audit records staff access)", async () => {
    const [claim] = await app.db.query(`SELECT customer_id FROM claim ORDER BY claim_number LIMIT 1`);
    const customer = await app.token(Role.CUSTOMER, { sub: claim.customer_id });
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { claims(first: 3) { edges { node { fraudScore } } } } }`, {
      token: customer,
      variables: { id: claim.customer_id },
      headers: { "x-request-id": "denied-customer-1" },
    });
    expect(res.body.errors?.[0].extensions).toEqual({ code: "FORBIDDEN", reason: "FIELD_POLICY" });
    expect(await auditRows("denied-customer-1")).toEqual([]);
  });

  it("withholds the whole answer when the rows (refusals included) cannot be written", async () => {
    const agent = await app.token(Role.AGENT);
    const [{ id }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
    await app.db.query(`CREATE FUNCTION c360_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$`);
    await app.db.query(`CREATE TRIGGER c360_refuse_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION c360_refuse_audit()`);
    let res;
    try {
      res = await app.gql(`query ($id: ID!) { customer(id: $id) { fullName healthDeclaration { smoker } } }`, { token: agent, variables: { id } });
    } finally {
      await app.db.query(`DROP TRIGGER c360_refuse_audit ON audit_entry`);
      await app.db.query(`DROP FUNCTION c360_refuse_audit()`);
    }
    expect(res.status).toBe(503);
    expect(res.body.data).toBeNull();
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(["UNAVAILABLE"]);
  });

  it.each([
    ["a control character in X-Access-Purpose", { "x-access-purpose": "renewal\tcall" }, undefined],
    ["a C1 control character in X-Access-Purpose", { "x-access-purpose": "renewal\u0085call" }, undefined],
    ["a NUL byte in the token's purpose claim", {}, "renewal\u0000call"],
  ])("refuses %s with 400 BAD_USER_INPUT (INVALID_PURPOSE)", async (_case, headers, claim) => {
    const token = await app.token(Role.AGENT, { purpose: claim });
    const res = await app.gql(`{ customers(first: 2) { edges { node { fullName } } } }`, { token, headers: { ...headers, "x-request-id": "bad-purpose" } });
    expect(res.status).toBe(400);
    expect(res.body.errors!.map((e) => e.extensions)).toEqual([{ code: "BAD_USER_INPUT", reason: "INVALID_PURPOSE" }]);
    expect(res.body.data).toBeUndefined();
    expect(await auditRows("bad-purpose")).toEqual([]);
  });

  it("cuts a long purpose to 80 characters and records it so", async () => {
    const token = await app.token(Role.AGENT);
    const res = await app.gql(`{ customers(first: 1) { edges { node { fullName } } } }`, {
      token,
      headers: { "x-access-purpose": `${"p".repeat(79)}xyz`, "x-request-id": "long-purpose" },
    });
    expect(res.status).toBe(200);
    expect((await auditRows("long-purpose")).map((r) => r.purpose)).toEqual([`${"p".repeat(79)}x`]);
  });

  it("answers 19 concurrent callers normally while a 20th sends a NUL in its purpose", async () => {
    const good = await app.token(Role.AGENT, { purpose: "service-call" });
    const bad = await app.token(Role.AGENT, { purpose: "service\u0000call" });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.gql(`{ customers(first: 5) { edges { node { id fullName } } } }`, { token: i === 11 ? bad : good, headers: { "x-request-id": `concurrent-${i}` } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map((_r, i) => (i === 11 ? 400 : 200)));
    for (const [i, res] of responses.entries()) {
      if (i === 11) continue;
      expect(res.body.errors).toBeUndefined();
      const rows = await auditRows(`concurrent-${i}`);
      expect(rows.map((r) => r.customer_id).sort()).toEqual(res.body.data!.customers.edges.map((e: any) => e.node.id).sort());
      expect(rows.every((r) => r.purpose === "service-call")).toBe(true);
    }
  });

  it("raises one exfiltration alert when an actor receives personal values of more customers than the threshold, listed for COMPLIANCE only", async () => {
    const admin = await app.token(Role.ADMIN);
    const adminId = staffIdFor("admin");
    const list = `{ customers(first: 15) { edges { node { fullName } } } }`;
    expect((await app.gql(list, { token: admin })).body.data!.customers.edges).toHaveLength(15);
    expect((await app.gql(list, { token: admin })).status).toBe(200);
    const query = `{ accessAlerts(first: 50) { totalCount edges { node { actorId role kind customers values windowStart windowEnd details } } } }`;
    const compliance = await app.token(Role.COMPLIANCE);
    let alerts: any[] = [];
    for (let attempt = 0; attempt < 40 && alerts.length === 0; attempt += 1) {
      const res = await app.gql(query, { token: compliance });
      expect(res.body.errors).toBeUndefined();
      alerts = res.body.data!.accessAlerts.edges.map((e: any) => e.node).filter((a: any) => a.actorId === adminId);
      if (alerts.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({ role: "ADMIN", kind: "CUSTOMERS_PER_WINDOW", customers: 13 });
    expect(alert.values).toBeGreaterThanOrEqual(13);
    expect(Date.parse(alert.windowEnd) - Date.parse(alert.windowStart)).toBe(3_600_000);
    expect(alert.details).toContain("more than 12 distinct customers");

    const agent = await app.gql(query, { token: await app.token(Role.AGENT) });
    expect(agent.body.errors!.map((e) => e.extensions)).toEqual([{ code: "FORBIDDEN", reason: "ROLE" }]);
    expect(agent.body.data).toBeNull();
    await expect(app.db.query(`DELETE FROM access_alert`)).rejects.toThrow(/append-only/);
  });
});
