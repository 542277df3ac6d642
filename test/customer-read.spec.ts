import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { CUSTOMER_360, CUSTOMER_LIST } from "./support/operations";

describe("customer 360 read API", () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 60 });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(() => app?.close());

  async function richestCustomerId(): Promise<string> {
    const [row] = await app.db.query(
      `SELECT c.id FROM customer c
       WHERE EXISTS (SELECT 1 FROM claim WHERE customer_id = c.id) AND EXISTS (SELECT 1 FROM complaint WHERE customer_id = c.id)
       ORDER BY (SELECT count(*) FROM policy WHERE customer_id = c.id) DESC, c.id LIMIT 1`,
    );
    expect(row).toBeDefined();
    return row.id;
  }

  it("returns a full 360 view whose figures match the database", async () => {
    const id = await richestCustomerId();
    const res = await app.gql(CUSTOMER_360, { token: admin, variables: { id } });
    expect(res.status).toBe(200);
    const c = res.body.data!.customer;
    expect(c.id).toBe(id);

    const [counts] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM policy WHERE customer_id = $1) AS policies,
              (SELECT count(*)::int FROM policy WHERE customer_id = $1 AND status = 'ACTIVE') AS active,
              (SELECT count(*)::int FROM claim WHERE customer_id = $1) AS claims,
              (SELECT count(*)::int FROM claim WHERE customer_id = $1 AND status IN ('REPORTED','UNDER_REVIEW','APPROVED')) AS open_claims,
              (SELECT count(*)::int FROM interaction WHERE customer_id = $1) AS interactions,
              (SELECT count(*)::int FROM complaint WHERE customer_id = $1) AS complaints,
              (SELECT count(*)::int FROM complaint WHERE customer_id = $1 AND status <> 'RESOLVED') AS open_complaints,
              (SELECT count(*)::int FROM relationship WHERE customer_id = $1) AS household,
              (SELECT count(*)::int FROM risk_assessment WHERE customer_id = $1) AS assessments,
              (SELECT coalesce(sum(sum_insured), 0)::float8 FROM policy WHERE customer_id = $1 AND status = 'ACTIVE') AS sum_insured`,
      [id],
    );
    expect(c.policies.totalCount).toBe(counts.policies);
    expect(c.policies.edges).toHaveLength(Math.min(50, counts.policies));
    expect(c.claims.totalCount).toBe(counts.claims);
    expect(c.interactions.totalCount).toBe(counts.interactions);
    expect(c.complaints.totalCount).toBe(counts.complaints);
    expect(c.household).toHaveLength(counts.household);
    expect(c.riskHistory.totalCount).toBe(counts.assessments);
    expect(c.summary.activePolicies).toBe(counts.active);
    expect(c.summary.openClaims).toBe(counts.open_claims);
    expect(c.summary.openComplaints).toBe(counts.open_complaints);
    expect(c.summary.totalSumInsured.amount).toBe(counts.sum_insured);
    expect(c.summary.totalSumInsured.currency).toBe("CNY");

    for (const { node: policy } of c.policies.edges) {
      const [{ n }] = await app.db.query(
        `SELECT count(*)::int AS n FROM coverage cv JOIN policy p ON p.id = cv.policy_id WHERE p.policy_number = $1`,
        [policy.policyNumber],
      );
      expect(policy.coverages).toHaveLength(n);
      expect(policy.product.code).toMatch(/\S/);
    }
    for (const { node: claim } of c.claims.edges) {
      expect(claim.events.length).toBeGreaterThan(0);
      expect(claim.events[claim.events.length - 1].toStatus).toBe(claim.status);
    }
    const complaintInteractions = c.interactions.edges.filter((e: any) => e.node.kind === "COMPLAINT" && e.node.complaint);
    expect(complaintInteractions.length).toBeGreaterThan(0);

    // newest first
    const times = c.interactions.edges.map((e: any) => Date.parse(e.node.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // the risk profile is the newest assessment
    const [latest] = await app.db.query(
      `SELECT score FROM risk_assessment WHERE customer_id = $1 ORDER BY assessed_at DESC LIMIT 1`,
      [id],
    );
    expect(c.riskProfile?.score ?? null).toBe(latest?.score ?? null);
  });

  it("answers an unknown or malformed id with null, not an error", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const res = await app.gql(`query ($id: ID!) { customer(id: $id) { id } policy(id: $id) { id } claim(id: $id) { id } }`, {
        token: admin,
        variables: { id },
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toEqual({ customer: null, policy: null, claim: null });
    }
  });

  it("reads a policy and a claim by id with their relations", async () => {
    const [claimRow] = await app.db.query(`SELECT id, policy_id, claim_number FROM claim ORDER BY claim_number LIMIT 1`);
    const res = await app.gql(
      `query ($claim: ID!, $policy: ID!) {
        claim(id: $claim) { claimNumber policy { id } claimant { id } events { toStatus } }
        policy(id: $policy) { id coverages { kind } policyholder { id } annualPremium { amount } }
      }`,
      { token: admin, variables: { claim: claimRow.id, policy: claimRow.policy_id } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.claim.claimNumber).toBe(claimRow.claim_number);
    expect(res.body.data!.claim.policy.id).toBe(claimRow.policy_id);
    expect(res.body.data!.policy.id).toBe(claimRow.policy_id);
    expect(res.body.data!.policy.coverages.length).toBeGreaterThan(0);
  });

  it("lists the product catalogue, filtered by line", async () => {
    const all = await app.gql(`{ products { code line basePremium { amount currency } } }`, { token: admin });
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM product WHERE active`);
    expect(all.body.data!.products).toHaveLength(n);
    const life = await app.gql(`{ products(line: LIFE) { code line } }`, { token: admin });
    expect(life.body.data!.products.length).toBeGreaterThan(0);
    expect(life.body.data!.products.every((p: any) => p.line === "LIFE")).toBe(true);
  });

  describe("customers(filter)", () => {
    async function ids(filter: Record<string, unknown>): Promise<string[]> {
      const res = await app.gql(CUSTOMER_LIST, { token: admin, variables: { filter, first: 100 } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.customers.totalCount).toBe(res.body.data!.customers.edges.length);
      return res.body.data!.customers.edges.map((e: any) => e.node.id).sort();
    }
    async function sqlIds(where: string, params: unknown[] = []): Promise<string[]> {
      const rows = await app.db.query(`SELECT c.id FROM customer c WHERE ${where}`, params);
      return rows.map((r: { id: string }) => r.id).sort();
    }

    it.each([
      ["kind", { kind: "ENTERPRISE" }, "c.kind = 'ENTERPRISE'"],
      ["serviceTier", { serviceTier: "PREMIUM" }, "c.service_tier = 'PREMIUM'"],
      ["hasOpenClaim", { hasOpenClaim: true }, "EXISTS (SELECT 1 FROM claim x WHERE x.customer_id = c.id AND x.status IN ('REPORTED','UNDER_REVIEW','APPROVED'))"],
      ["hasOpenClaim false", { hasOpenClaim: false }, "NOT EXISTS (SELECT 1 FROM claim x WHERE x.customer_id = c.id AND x.status IN ('REPORTED','UNDER_REVIEW','APPROVED'))"],
      ["hasOpenComplaint", { hasOpenComplaint: true }, "EXISTS (SELECT 1 FROM complaint x WHERE x.customer_id = c.id AND x.status <> 'RESOLVED')"],
      ["hasOverdueComplaint", { hasOverdueComplaint: true }, "EXISTS (SELECT 1 FROM complaint x WHERE x.customer_id = c.id AND x.status <> 'RESOLVED' AND x.due_at < now())"],
    ])("filters by %s like an independent SQL query", async (_name, filter, where) => {
      const expected = await sqlIds(where);
      expect(await ids(filter)).toEqual(expected);
    });

    it("filters by the stored risk tier only for roles that may use every input of it (with consent where consent-bound)", async () => {
      // the stored tier is computed from income and health too: the underwriter uses it on consenting customers only
      const expected = await sqlIds(`(SELECT r.tier FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC LIMIT 1) = 'HIGH'
        AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'SENSITIVE_DATA' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS TRUE`);
      const res = await app.gql(CUSTOMER_LIST, { token: await app.token(Role.UNDERWRITER), variables: { filter: { riskTier: "HIGH" }, first: 100 } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.customers.edges.map((e: any) => e.node.id).sort()).toEqual(expected);
      const refused = await app.gql(CUSTOMER_LIST, { token: admin, variables: { filter: { riskTier: "HIGH" }, first: 100 } });
      expect(refused.body.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "USE_POLICY", field: "RiskAssessment.tier" });
    });

    it("filters by region and by assigned agent", async () => {
      const [{ region, assigned_agent_id: agent }] = await app.db.query(
        `SELECT region, assigned_agent_id FROM customer WHERE region IS NOT NULL AND assigned_agent_id IS NOT NULL ORDER BY customer_number LIMIT 1`,
      );
      expect(await ids({ region })).toEqual(await sqlIds("c.region = $1", [region]));
      expect(await ids({ assignedAgentId: agent })).toEqual(await sqlIds("c.assigned_agent_id = $1", [agent]));
      expect((await ids({ region, assignedAgentId: agent })).length).toBeGreaterThan(0);
    });

    it("searches name, customer number, e-mail and phone, case-insensitively", async () => {
      const [c] = await app.db.query(
        `SELECT id, full_name, customer_number, email, phone FROM customer WHERE email IS NOT NULL AND phone IS NOT NULL ORDER BY customer_number LIMIT 1`,
      );
      expect(await ids({ search: c.customer_number })).toEqual([c.id]);
      expect(await ids({ search: c.email.toUpperCase() })).toContain(c.id);
      expect(await ids({ search: c.phone.slice(-8) })).toContain(c.id);
      const family = c.full_name.split(" ")[0].toLowerCase();
      expect(await ids({ search: family })).toEqual(await sqlIds("c.full_name ILIKE $1", [`%${family}%`]).then((n) => n));
      expect(await ids({ search: "%_" })).toEqual([]);
      const [policy] = await app.db.query(`SELECT customer_id, policy_number FROM policy ORDER BY policy_number LIMIT 1`);
      expect(await ids({ search: policy.policy_number })).toEqual([policy.customer_id]);
    });

    it("refuses a one-letter search with BAD_USER_INPUT", async () => {
      const res = await app.gql(CUSTOMER_LIST, { token: admin, variables: { filter: { search: "a" } } });
      expect(res.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("pagination", () => {
    it("walks every customer exactly once, in order, for each sort", async () => {
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM customer`);
      for (const orderBy of [
        { field: "CUSTOMER_NUMBER", direction: "ASC" },
        { field: "NAME", direction: "DESC" },
        { field: "CREATED_AT", direction: "ASC" },
      ]) {
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const res: any = await app.gql(CUSTOMER_LIST, { token: admin, variables: { first: 17, after, orderBy } });
          expect(res.body.errors).toBeUndefined();
          const conn = res.body.data.customers;
          expect(conn.totalCount).toBe(n);
          expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
          seen.push(...conn.edges.map((e: any) => e.node.id));
          pages += 1;
          if (!conn.pageInfo.hasNextPage) break;
          expect(conn.edges).toHaveLength(17);
          after = conn.pageInfo.endCursor;
        }
        expect(pages).toBe(Math.ceil(n / 17));
        expect(new Set(seen).size).toBe(n);
        const order = await app.db.query(
          {
            CUSTOMER_NUMBER: `SELECT id FROM customer ORDER BY customer_number ASC, id ASC`,
            NAME: `SELECT id FROM customer ORDER BY full_name DESC, id DESC`,
            CREATED_AT: `SELECT id FROM customer ORDER BY created_at ASC, id ASC`,
          }[orderBy.field]!,
        );
        expect(seen).toEqual(order.map((r: { id: string }) => r.id));
      }
    });

    it("returns an empty page with no cursors when nothing matches", async () => {
      const res = await app.gql(CUSTOMER_LIST, { token: admin, variables: { filter: { search: "zzzz-no-such-customer" } } });
      expect(res.body.data!.customers).toEqual({
        totalCount: 0,
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        edges: [],
      });
    });

    it.each([
      ["first above 100", { first: 101 }],
      ["first of 0", { first: 0 }],
      ["negative first", { first: -1 }],
      ["garbage cursor", { after: "not-a-cursor" }],
      ["cursor with a bad id", { after: Buffer.from(JSON.stringify(["x", "1; drop table customer"])).toString("base64url") }],
    ])("refuses %s with BAD_USER_INPUT", async (_name, variables) => {
      const res = await app.gql(CUSTOMER_LIST, { token: admin, variables });
      expect(res.status).toBe(200);
      expect(res.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(res.body)).not.toMatch(/stack|SELECT|at \//);
    });

    it("pages a nested list with its own cursors", async () => {
      const [row] = await app.db.query(
        `SELECT customer_id AS id, count(*)::int AS n FROM interaction GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
      );
      const query = `query ($id: ID!, $after: String) { customer(id: $id) { interactions(first: 3, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: any = await app.gql(query, { token: admin, variables: { id: row.id, after } });
        const conn = res.body.data.customer.interactions;
        expect(conn.totalCount).toBe(row.n);
        seen.push(...conn.edges.map((e: any) => e.node.id));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(row.n);
    });
  });
});
