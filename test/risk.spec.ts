import { HealthDeclaration } from "../src/modules/risk/health-declaration.entity";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { countStale, reassessStale } from "../src/modules/risk/risk-batch";
import { RISK_MODEL_VERSION } from "../src/modules/risk/risk-engine";
import { startTestApp, type TestApp } from "./support/app";

const ASSESS = /* GraphQL */ `
  mutation Assess($id: ID!) {
    assessRisk(customerId: $id) { id customerId modelVersion likelihood impact score tier
      factors { name value weight contribution explanation } warnings { code severity message } }
  }
`;
const PROFILE = /* GraphQL */ `
  query Profile($id: ID!) {
    customer(id: $id) {
      riskProfile { id score tier }
      riskHistory(first: 5) { totalCount edges { node { id assessedAt modelVersion } } }
      healthDeclaration { smoker chronicConditions bmi declaredAt }
    }
  }
`;

describe("risk profiles", () => {
  let app: TestApp;
  let underwriter: string;
  let customerId: string;

  async function setSensitiveConsent(granted: boolean) {
    await app.db.query(
      `INSERT INTO consent (customer_id, purpose, granted, channel, recorded_at) VALUES ($1, 'SENSITIVE_DATA', $2, 'APP', now())`,
      [customerId, granted],
    );
  }

  beforeAll(async () => {
    app = await startTestApp({ customers: 60 });
    underwriter = await app.token(Role.UNDERWRITER);
    [{ id: customerId }] = await app.db.query(
      `SELECT id FROM customer WHERE kind = 'INDIVIDUAL' AND erased_at IS NULL AND date_of_birth IS NOT NULL ORDER BY customer_number LIMIT 1`,
    );
    // a crafted risk: tiny income, a large policy renewing in 20 days, a complaint, three fresh claims, one suspicious
    await app.db.query(`UPDATE customer SET annual_income = 1000000, occupation_class = 5 WHERE id = $1`, [customerId]);
    const [{ code }] = await app.db.query(`SELECT code FROM product WHERE line = 'LIFE' LIMIT 1`);
    const [{ id: policyId }] = await app.db.query(
      `INSERT INTO policy (policy_number, customer_id, product_code, status, premium, premium_frequency, sum_insured, start_date, end_date, renewal_date)
       VALUES ('PRISK0000001', $1, $2, 'ACTIVE', 100000, 'ANNUAL', 500000000, current_date - 300, current_date + 20, current_date + 20) RETURNING id`,
      [customerId, code],
    );
    for (const [n, days, fraud] of [[1, 10, 0.1], [2, 30, 0.2], [3, 60, 0.92]] as const) {
      await app.db.query(
        `INSERT INTO claim (claim_number, policy_id, customer_id, kind, incident_date, reported_at, status, claimed_amount, fraud_score)
         VALUES ($1, $2, $3, 'HOSPITALISATION', current_date - $4::int, now() - make_interval(days => $4::int), 'REPORTED', 2000000, $5)`,
        [`CLRISK00000${n}`, policyId, customerId, days, fraud],
      );
    }
    // through the repository: the details are encrypted at rest like the application stores them
    await app.db.getRepository(HealthDeclaration).insert([
      { customerId, details: { smoker: false, chronicConditions: [], bmi: 22 }, declaredAt: new Date(Date.now() - 400 * 86_400_000) },
      { customerId, details: { smoker: true, chronicConditions: ["DIABETES", "HYPERTENSION"], bmi: 31.5 }, declaredAt: new Date(Date.now() - 86_400_000) },
    ]);
    const [{ id: contactId }] = await app.db.query(
      `INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at, status)
       VALUES ($1, 'HOTLINE', 'COMPLAINT', 'INBOUND', 'Premium increase', now() - interval '5 days', 'OPEN') RETURNING id`,
      [customerId],
    );
    await app.db.query(
      `INSERT INTO complaint (interaction_id, customer_id, category, severity, status, received_at, due_at)
       VALUES ($1, $2, 'PRICING', 'MEDIUM', 'RECEIVED', now() - interval '5 days', now() - interval '4 days')`,
      [contactId, customerId],
    );
    await setSensitiveConsent(true);
  });
  afterAll(() => app?.close());

  it("assesses a crafted customer: factors, matrix and every warning with its severity", async () => {
    const res = await app.gql(ASSESS, { token: underwriter, variables: { id: customerId } });
    expect(res.body.errors).toBeUndefined();
    const assessment = res.body.data!.assessRisk;
    expect(assessment).toMatchObject({ customerId, modelVersion: RISK_MODEL_VERSION });
    expect(assessment.score).toBe(assessment.likelihood * assessment.impact * 4);
    const factors = Object.fromEntries(assessment.factors.map((f: { name: string }) => [f.name, f]));
    expect(factors.SMOKER).toMatchObject({ value: "yes" });
    expect(factors.CHRONIC_CONDITIONS).toMatchObject({ value: "2 declared, BMI 31.5" });
    expect(factors.CLAIM_FREQUENCY.value).toMatch(/^[3-9] in 36 months$/);
    expect(factors.OCCUPATION_CLASS).toMatchObject({ value: "5" });
    expect(factors.FRAUD_INDICATORS).toMatchObject({ value: "0.92" });
    expect(assessment.warnings.map((w: { code: string; severity: string }) => `${w.code}:${w.severity}`)).toEqual(
      ["CLAIMS_SPIKE:HIGH", "SUM_INSURED_OVER_INCOME:MEDIUM", "LAPSE_RISK:MEDIUM", "POSSIBLE_FRAUD:CRITICAL"],
    );
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM risk_assessment WHERE id = $1 AND assessed_by = $2`, [assessment.id, staffIdFor("underwriter1")]);
    expect(n).toBe(1);
  });

  it("keeps history newest first and serves the newest as the profile", async () => {
    const before = await app.gql(PROFILE, { token: underwriter, variables: { id: customerId } });
    const count = before.body.data!.customer.riskHistory.totalCount;
    await setSensitiveConsent(false);
    const second = await app.gql(ASSESS, { token: underwriter, variables: { id: customerId } });
    const after = await app.gql(PROFILE, { token: underwriter, variables: { id: customerId } });
    const customer = after.body.data!.customer;
    expect(customer.riskProfile.id).toBe(second.body.data!.assessRisk.id);
    expect(customer.riskHistory.totalCount).toBe(count + 1);
    expect(customer.riskHistory.edges[0].node.id).toBe(second.body.data!.assessRisk.id);
    const times = customer.riskHistory.edges.map((e: { node: { assessedAt: string } }) => e.node.assessedAt);
    expect([...times].sort().reverse()).toEqual(times);

    // consent withdrawn: the declarations are not processed, and not shown to the underwriter —
    // not even the health factors of the earlier assessment, made while consent was granted
    const names = second.body.data!.assessRisk.factors.map((f: { name: string }) => f.name);
    expect(names).not.toContain("SMOKER");
    expect(names).not.toContain("HEALTH_DECLARATION"); // a HEALTH-derived factor: consent-bound for the underwriter
    const [stored] = await app.db.query(`SELECT factors FROM risk_assessment WHERE id = $1`, [second.body.data!.assessRisk.id]);
    expect(stored.factors.find((f: { name: string }) => f.name === "HEALTH_DECLARATION")).toMatchObject({ value: "not processed", weight: 0 });
    const earlierId = customer.riskHistory.edges[1].node.id as string;
    expect((await app.db.query(`SELECT factors FROM risk_assessment WHERE id = $1`, [earlierId]))[0].factors.map((f: { name: string }) => f.name)).toContain("SMOKER");
    const history = await app.gql(`query ($id: ID!) { customer(id: $id) { riskHistory(first: 5) { edges { node { id factors { name } } } } } }`, { token: underwriter, variables: { id: customerId } });
    const earlier = history.body.data!.customer.riskHistory.edges.find((e: { node: { id: string } }) => e.node.id === earlierId).node as { factors: { name: string }[] };
    expect(earlier.factors.length).toBeGreaterThan(5);
    expect(earlier.factors.map((f) => f.name)).not.toContain("SMOKER");
    expect(customer.healthDeclaration).toBeNull();
    expect(after.body.errors?.find((e) => e.path?.includes("healthDeclaration"))?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "CONSENT_REQUIRED" });
    await setSensitiveConsent(true);
  });

  it("shows the newest health declaration only to roles the policy allows", async () => {
    const uw = await app.gql(PROFILE, { token: underwriter, variables: { id: customerId } });
    expect(uw.body.data!.customer.healthDeclaration).toMatchObject({ smoker: true, chronicConditions: ["DIABETES", "HYPERTENSION"], bmi: 31.5 });
    const self = await app.gql(PROFILE, { token: await app.token(Role.CUSTOMER, { sub: customerId }), variables: { id: customerId } });
    expect(self.body.data!.customer.healthDeclaration).toMatchObject({ smoker: true });
    const admin = await app.gql(PROFILE, { token: await app.token(Role.ADMIN), variables: { id: customerId } });
    expect(admin.body.data!.customer.healthDeclaration).toBeNull();
    expect(admin.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("lets only underwriters and admins assess, within their scope", async () => {
    for (const role of [Role.AGENT, Role.MARKETING, Role.CLAIMS_ADJUSTER, Role.COMPLIANCE]) {
      const res = await app.gql(ASSESS, { token: await app.token(role), variables: { id: customerId } });
      expect([role, res.body.errors?.[0].extensions?.code]).toEqual([role, "FORBIDDEN"]);
    }
    const admin = await app.gql(ASSESS, { token: await app.token(Role.ADMIN), variables: { id: customerId } });
    expect(admin.body.errors).toBeUndefined();
    const missing = await app.gql(ASSESS, { token: underwriter, variables: { id: "00000000-0000-4000-8000-000000000000" } });
    expect(missing.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("re-assesses in chunks and resumes an interrupted batch without assessing anyone twice", async () => {
    const cutoff = new Date();
    const [{ living }] = await app.db.query(`SELECT count(*)::int AS living FROM customer WHERE erased_at IS NULL`);
    expect(await countStale(app.db, cutoff)).toBe(living);
    const interrupted = reassessStale(app.db, cutoff, 10, (done) => {
      if (done >= 20) throw new Error("interrupted");
    });
    await expect(interrupted).rejects.toThrow("interrupted");
    expect(await countStale(app.db, cutoff)).toBe(living - 20);
    expect(await reassessStale(app.db, cutoff, 10)).toBe(living - 20);
    expect(await countStale(app.db, cutoff)).toBe(0);
    const [{ twice }] = await app.db.query(
      `SELECT count(*)::int AS twice FROM (SELECT customer_id FROM risk_assessment WHERE assessed_at >= $1 AND assessed_by IS NULL GROUP BY 1 HAVING count(*) > 1) x`,
      [cutoff.toISOString()],
    );
    expect(twice).toBe(0);
  });
});
