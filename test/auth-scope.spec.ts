import { SignJWT } from "jose";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import { CUSTOMER_360, CUSTOMER_LIST } from "./support/operations";

describe("authentication and row scope", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ customers: 50 });
  });
  afterAll(() => app?.close());

  const secret = () => new TextEncoder().encode(app.config.jwtSecret);
  const LIST = `{ customers(first: 100) { totalCount edges { node { id } } } }`;

  describe("authentication", () => {
    it("answers a request without a token with UNAUTHENTICATED and no data", async () => {
      const res = await app.gql(LIST);
      expect(res.body.data?.customers ?? null).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    });

    async function expectRefused(token: string) {
      const res = await app.gql(LIST, { token });
      expect(res.status).toBe(401);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    }

    it("refuses a malformed token", () => expectRefused("not.a.jwt"));

    it("refuses a token signed with another secret", async () => {
      const token = await new SignJWT({ role: "ADMIN" })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(staffIdFor("admin"))
        .setIssuer(app.config.jwtIssuer)
        .setAudience(app.config.jwtAudience)
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode("some-other-secret-that-is-long-enough-0123"));
      await expectRefused(token);
    });

    it("refuses an expired token", async () => {
      await expectRefused(await app.token(Role.ADMIN, { expiresIn: Math.floor(Date.now() / 1000) - 60 }));
    });

    it("refuses a token without exp, or with the wrong issuer or audience", async () => {
      const base = () => new SignJWT({ role: "ADMIN" }).setProtectedHeader({ alg: "HS256" }).setSubject(staffIdFor("admin"));
      await expectRefused(await base().setIssuer(app.config.jwtIssuer).setAudience(app.config.jwtAudience).sign(secret()));
      await expectRefused(await base().setIssuer("someone-else").setAudience(app.config.jwtAudience).setExpirationTime("1h").sign(secret()));
      await expectRefused(await base().setIssuer(app.config.jwtIssuer).setAudience("other-api").setExpirationTime("1h").sign(secret()));
    });

    it("refuses alg none", async () => {
      const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
      const payload = Buffer.from(
        JSON.stringify({ sub: staffIdFor("admin"), role: "ADMIN", iss: app.config.jwtIssuer, aud: app.config.jwtAudience, exp: 9999999999 }),
      ).toString("base64url");
      await expectRefused(`${header}.${payload}.`);
    });

    it("refuses an inactive or unknown staff user, and a role the user does not have", async () => {
      await expectRefused(await app.token(Role.AGENT, { user: "former.agent" }));
      await expectRefused(await app.token(Role.ADMIN, { user: "nobody-with-this-name" }));
      await expectRefused(await app.token(Role.ADMIN, { user: "agent1" }));
    });

    it("refuses a CUSTOMER token for an unknown customer", async () => {
      await expectRefused(await app.token(Role.CUSTOMER, { sub: "00000000-0000-4000-8000-000000000000" }));
    });

    it("tells the caller who they are", async () => {
      const res = await app.gql(`{ me { role purpose staff { username displayName role } customer { id } } }`, {
        token: await app.token(Role.AGENT),
        headers: { "x-access-purpose": "service-call" },
      });
      expect(res.body.data!.me).toEqual({
        role: "AGENT",
        purpose: "service-call",
        staff: expect.objectContaining({ username: "agent1", role: "AGENT" }),
        customer: null,
      });
    });
  });

  describe("AGENT scope: own book only", () => {
    it("lists exactly the agent's customers", async () => {
      const token = await app.token(Role.AGENT, { user: "agent1" });
      const res = await app.gql(LIST, { token });
      const rows = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 ORDER BY id`, [staffIdFor("agent1")]);
      expect(rows.length).toBeGreaterThan(0);
      expect(res.body.data!.customers.totalCount).toBe(rows.length);
      expect(res.body.data!.customers.edges.map((e: any) => e.node.id).sort()).toEqual(rows.map((r: any) => r.id));
    });

    it("gets null for another agent's customer, their policies and claims — the same as not found", async () => {
      const token = await app.token(Role.AGENT, { user: "agent1" });
      const [other] = await app.db.query(
        `SELECT c.id, p.id AS policy_id, cl.id AS claim_id FROM customer c
         JOIN policy p ON p.customer_id = c.id LEFT JOIN claim cl ON cl.customer_id = c.id
         WHERE c.assigned_agent_id IS DISTINCT FROM $1 ORDER BY cl.id NULLS LAST LIMIT 1`,
        [staffIdFor("agent1")],
      );
      const res = await app.gql(`query ($c: ID!, $p: ID!, $cl: ID!) { customer(id: $c) { id fullName } policy(id: $p) { id } claim(id: $cl) { id } }`, {
        token,
        variables: { c: other.id, p: other.policy_id, cl: other.claim_id ?? other.policy_id },
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toEqual({ customer: null, policy: null, claim: null });
      const missing = await app.gql(`query ($c: ID!) { customer(id: $c) { id } }`, {
        token,
        variables: { c: "00000000-0000-4000-8000-000000000000" },
      });
      expect(missing.body).toEqual({ data: { customer: null } });
    });

    it("gets null from node(id) for another agent's customer, policy and claim, and the object for its own", async () => {
      const token = await app.token(Role.AGENT, { user: "agent1" });
      const q = `query ($id: ID!) { node(id: $id) { __typename id } }`;
      const [foreign] = await app.db.query(
        `SELECT c.id, p.id AS policy_id FROM customer c JOIN policy p ON p.customer_id = c.id
         WHERE c.assigned_agent_id IS DISTINCT FROM $1 LIMIT 1`,
        [staffIdFor("agent1")],
      );
      const [foreignClaim] = await app.db.query(
        `SELECT cl.id FROM claim cl JOIN customer c ON c.id = cl.customer_id WHERE c.assigned_agent_id IS DISTINCT FROM $1 LIMIT 1`,
        [staffIdFor("agent1")],
      );
      for (const id of [foreign.id, foreign.policy_id, foreignClaim.id]) {
        const res = await app.gql(q, { token, variables: { id } });
        expect(res.body).toEqual({ data: { node: null } });
      }
      const [own] = await app.db.query(
        `SELECT c.id, p.id AS policy_id FROM customer c JOIN policy p ON p.customer_id = c.id WHERE c.assigned_agent_id = $1 LIMIT 1`,
        [staffIdFor("agent1")],
      );
      expect((await app.gql(q, { token, variables: { id: own.id } })).body.data!.node).toEqual({ __typename: "Customer", id: own.id });
      expect((await app.gql(q, { token, variables: { id: own.policy_id } })).body.data!.node).toEqual({ __typename: "Policy", id: own.policy_id });
    });

    it("cannot widen the scope with a filter on another agent", async () => {
      const token = await app.token(Role.AGENT, { user: "agent1" });
      const res = await app.gql(CUSTOMER_LIST, { token, variables: { filter: { assignedAgentId: staffIdFor("agent2") } } });
      expect(res.body.data!.customers.totalCount).toBe(0);
    });

    it("sees household members only when they are in the agent's book", async () => {
      const token = await app.token(Role.AGENT, { user: "agent1" });
      const rows = await app.db.query(
        `SELECT r.customer_id, count(*) FILTER (WHERE m.assigned_agent_id = $1)::int AS visible
         FROM relationship r JOIN customer c ON c.id = r.customer_id JOIN customer m ON m.id = r.related_customer_id
         WHERE c.assigned_agent_id = $1 GROUP BY 1 ORDER BY 1`,
        [staffIdFor("agent1")],
      );
      for (const row of rows) {
        const res = await app.gql(`query ($id: ID!) { customer(id: $id) { household { kind member { id } } } }`, {
          token,
          variables: { id: row.customer_id },
        });
        expect(res.body.data!.customer.household).toHaveLength(row.visible);
      }
    });
  });

  describe("CUSTOMER scope: self only", () => {
    it("sees their own 360 view and nobody else", async () => {
      const [self, other] = await app.db.query(
        `SELECT id FROM customer WHERE kind = 'INDIVIDUAL' AND erased_at IS NULL ORDER BY customer_number LIMIT 2`,
      );
      const token = await app.token(Role.CUSTOMER, { sub: self.id });
      const own = await app.gql(CUSTOMER_360, { token, variables: { id: self.id } });
      expect(own.body.data!.customer.id).toBe(self.id);
      expect(own.body.data!.customer.fullName).toEqual(expect.any(String));
      const list = await app.gql(LIST, { token });
      expect(list.body.data!.customers.edges.map((e: any) => e.node.id)).toEqual([self.id]);
      const foreign = await app.gql(`query ($id: ID!) { customer(id: $id) { id } }`, { token, variables: { id: other.id } });
      expect(foreign.body.data!.customer).toBeNull();
    });

    it("is refused internal fields of their own record (interaction notes, fraud score)", async () => {
      const [row] = await app.db.query(`SELECT customer_id FROM interaction WHERE notes IS NOT NULL LIMIT 1`);
      const token = await app.token(Role.CUSTOMER, { sub: row.customer_id });
      const res = await app.gql(`query ($id: ID!) { customer(id: $id) { interactions(first: 1) { edges { node { id subject notes } } } } }`, {
        token,
        variables: { id: row.customer_id },
      });
      const edge = res.body.data!.customer.interactions.edges[0];
      expect(edge.node.subject).toEqual(expect.any(String));
      expect(edge.node.notes).toBeNull();
      expect(res.body.errors?.map((e) => [e.extensions?.code, e.path?.at(-1)])).toEqual([["FORBIDDEN", "notes"]]);
    });
  });

  describe("MARKETING scope: consented customers only, no raw contact data", () => {
    it("lists exactly the customers whose current MARKETING consent is granted, and never erased ones", async () => {
      const token = await app.token(Role.MARKETING);
      const res = await app.gql(LIST, { token });
      const rows = await app.db.query(
        `SELECT c.id FROM customer c WHERE c.erased_at IS NULL AND (SELECT k.granted FROM consent k
           WHERE k.customer_id = c.id AND k.purpose = 'MARKETING' ORDER BY k.recorded_at DESC LIMIT 1) ORDER BY c.id`,
      );
      expect(res.body.data!.customers.totalCount).toBe(rows.length);
      expect(res.body.data!.customers.edges.map((e: any) => e.node.id).sort()).toEqual(rows.map((r: any) => r.id));
    });

    it("sees names and e-mails masked, income as a band, and no national id, on every path", async () => {
      const token = await app.token(Role.MARKETING);
      const res = await app.gql(
        `{ customers(first: 5, filter: { kind: INDIVIDUAL }) { edges { node { id customerNumber fullName nationalId
            annualIncome { amount { amount } band } alias: fullName ... on Customer { email } } } } }`,
        { token },
      );
      const nodes = res.body.data!.customers.edges.map((e: any) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) {
        const [raw] = await app.db.query(`SELECT full_name, email FROM customer WHERE id = $1`, [node.id]);
        expect(node.customerNumber).toMatch(/^C\d+/);
        expect(node.fullName).toBe(raw.full_name.split(" ").map((w: string) => `${w[0]}***`).join(" "));
        expect(node.alias).toBe(node.fullName);
        expect(node.email).toBe(raw.email ? `${raw.email[0]}***${raw.email.slice(raw.email.indexOf("@"))}` : null);
        expect(node.nationalId).toBeNull();
        if (node.annualIncome) {
          expect(node.annualIncome.amount).toBeNull();
          expect(node.annualIncome.band).toMatch(/^(UNDER|FROM|OVER)_/);
        }
      }
      expect(res.body.errors!.map((e) => [e.extensions?.code, e.path?.at(-1)])).toEqual(nodes.map(() => ["FORBIDDEN", "nationalId"]));
    });
  });

  it("applies the sensitive-data consent to FINANCIAL fields for underwriters", async () => {
    const token = await app.token(Role.UNDERWRITER);
    const rows = await app.db.query(
      `SELECT c.id, (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'SENSITIVE_DATA'
         ORDER BY k.recorded_at DESC LIMIT 1) AS consented
       FROM customer c WHERE c.annual_income IS NOT NULL ORDER BY c.customer_number LIMIT 20`,
    );
    const consented = rows.find((r: any) => r.consented === true);
    const refused = rows.find((r: any) => r.consented !== true);
    expect(consented && refused).toBeTruthy();
    const q = `query ($id: ID!) { customer(id: $id) { annualIncome { amount { amount currency } band } } }`;
    const ok = await app.gql(q, { token, variables: { id: consented.id } });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.customer.annualIncome.amount.amount).toEqual(expect.any(Number));
    const no = await app.gql(q, { token, variables: { id: refused.id } });
    expect(no.body.data!.customer.annualIncome).toBeNull();
    expect(no.body.errors![0].extensions).toEqual({ code: "FORBIDDEN", reason: "CONSENT_REQUIRED" });
  });
});
