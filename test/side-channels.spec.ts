import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";

/**
 * Uses of a personal value besides its read (DESIGN §5): sorts and their cursors, filters and
 * exact look-ups, segment rules. A refused use is FORBIDDEN before any SQL, whatever the data.
 */
const cond = (field: string, op: string, value?: unknown, purpose?: string) => ({ condition: { field, op, value, purpose } });
const PREVIEW = `query P($rule: SegmentRuleInput!) { previewSegment(rule: $rule) { count sample { id } } }`;
const BY_NAME = `query L($after: String) { customers(first: 5, after: $after, orderBy: { field: NAME }) { pageInfo { endCursor } edges { cursor node { id fullName } } } }`;

describe("side channels of the personal-data policy", () => {
  let app: TestApp;
  const tokens = new Map<Role, string>();
  const STAFF = [Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING, Role.COMPLIANCE, Role.ADMIN];

  beforeAll(async () => {
    app = await startTestApp({ customers: 60, env: { LOOKUPS_PER_HOUR: "3" } });
    for (const role of STAFF) tokens.set(role, await app.token(role));
  });
  afterAll(() => app?.close());

  const code = (res: { body: { errors?: { extensions?: Record<string, any> }[] } }) => res.body.errors?.[0]?.extensions;

  describe("sorts and cursors", () => {
    it("refuses sorting by name to roles that see names masked, before any SQL", async () => {
      for (const role of [Role.UNDERWRITER, Role.MARKETING, Role.COMPLIANCE]) {
        const requestId = `refused-sort-${role}`;
        const res = await app.gql(BY_NAME, { token: tokens.get(role), headers: { "x-request-id": requestId } });
        expect({ role, ...code(res) }).toEqual({ role, code: "FORBIDDEN", reason: "USE_POLICY", field: "Customer.fullName", use: "SORT", path: "orderBy.field" });
        expect(res.statements).toBe(1); // the staff record: no query of customers (the refusal's audit row is written as the answer leaves)
        // who tried is on record: a DENIED use of the field, with no customer (nobody was read)
        expect(await app.db.query(`SELECT role, customer_id, fields, outcome FROM audit_entry WHERE request_id = $1`, [requestId]))
          .toEqual([{ role, customer_id: null, fields: ["Customer.fullName"], outcome: "DENIED" }]);
      }
      for (const role of [Role.AGENT, Role.CLAIMS_ADJUSTER, Role.ADMIN]) {
        expect(code(await app.gql(BY_NAME, { token: tokens.get(role) }))).toBeUndefined();
      }
    });

    it("hands out cursors that carry nothing readable and open only for their viewer, list and order", async () => {
      const res = await app.gql(BY_NAME, { token: tokens.get(Role.ADMIN) });
      const edges = res.body.data!.customers.edges as { cursor: string; node: { id: string; fullName: string } }[];
      expect(edges).toHaveLength(5);
      for (const { cursor, node } of edges) {
        const decoded = Buffer.from(cursor, "base64url").toString("latin1");
        expect(decoded).not.toContain(node.fullName.split(" ")[0]);
        expect(decoded).not.toContain(node.id);
      }
      const after = res.body.data!.customers.pageInfo.endCursor as string;
      const next = await app.gql(BY_NAME, { token: tokens.get(Role.ADMIN), variables: { after } });
      expect(next.body.data!.customers.edges[0].node.fullName >= edges[4].node.fullName).toBe(true);
      // another viewer (another admin token of another role), another order: the same refusal as garbage
      const foreign = await app.gql(BY_NAME, { token: tokens.get(Role.AGENT), variables: { after } });
      const otherOrder = await app.gql(`query L($after: String) { customers(first: 5, after: $after) { edges { node { id } } } }`, { token: tokens.get(Role.ADMIN), variables: { after } });
      const tampered = await app.gql(BY_NAME, { token: tokens.get(Role.ADMIN), variables: { after: `${after.slice(0, -3)}AAA` } });
      const forged = await app.gql(`query L($after: String) { customers(first: 5, after: $after, orderBy: { field: CREATED_AT }) { edges { node { id } } } }`, {
        token: tokens.get(Role.ADMIN), variables: { after: Buffer.from(JSON.stringify([12345, edges[0].node.id])).toString("base64url") },
      });
      for (const refused of [foreign, otherOrder, tampered, forged]) {
        expect(refused.status).toBe(200);
        expect(refused.body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Invalid cursor", "BAD_USER_INPUT"]]);
      }
    });
  });

  describe("filters and look-ups", () => {
    it("allows the national-id look-up to the named roles only, rate-limited per actor", async () => {
      const q = `query ($nid: String!) { customers(filter: { nationalId: $nid }) { totalCount } }`;
      for (const role of [Role.MARKETING, Role.UNDERWRITER]) {
        expect(code(await app.gql(q, { token: tokens.get(role), variables: { nid: "110105194912310000" } }))).toMatchObject({ code: "FORBIDDEN", reason: "USE_POLICY" });
      }
      const agent = await app.token(Role.AGENT, { user: "agent2" });
      for (let i = 0; i < 3; i++) expect((await app.gql(q, { token: agent, variables: { nid: `11010519491231000${i}` } })).body.data!.customers.totalCount).toBe(0);
      const fourth = await app.gql(q, { token: agent, variables: { nid: "110105194912310009" } });
      expect(code(fourth)).toMatchObject({ code: "FORBIDDEN", reason: "LOOKUP_LIMIT" });
      // another actor has a budget of their own
      expect(code(await app.gql(q, { token: tokens.get(Role.ADMIN), variables: { nid: "110105194912310009" } }))).toBeUndefined();
      // every look-up is a recorded use of the field, hit or miss; a refused one reads nothing and is refused before SQL
      const misses: { customer_id: string | null; fields: string[]; outcome: string }[] = await app.db.query(
        `SELECT customer_id, fields, outcome FROM audit_entry WHERE actor_id = $1 ORDER BY at`, [(await app.db.query(`SELECT id FROM staff_user WHERE username = 'agent2'`))[0].id],
      );
      expect(misses).toEqual([0, 1, 2].map(() => ({ customer_id: null, fields: ["Customer.nationalId"], outcome: "LOOKUP" })));
      const [hit] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = (SELECT id FROM staff_user WHERE username = 'agent1') AND national_id_hash IS NOT NULL LIMIT 1`);
      const { nationalId } = (await app.gql(`query ($id: ID!) { customer(id: $id) { nationalId } }`, { token: await app.token(Role.CUSTOMER, { sub: hit.id }), variables: { id: hit.id } })).body.data!.customer;
      const found = await app.gql(q, { token: tokens.get(Role.AGENT), variables: { nid: nationalId }, headers: { "x-request-id": "lookup-hit-1" } });
      expect(found.body.data!.customers.totalCount).toBe(1);
      expect(await app.db.query(`SELECT customer_id, fields, outcome FROM audit_entry WHERE request_id = 'lookup-hit-1'`)).toEqual([{ customer_id: hit.id, fields: ["Customer.nationalId"], outcome: "LOOKUP" }]);
    });
  });

  it("shares the look-up budget between API replicas through Redis", async () => {
    const env = { LOOKUPS_PER_HOUR: "2", REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", RATE_LIMIT_PREFIX: `c360:test:${randomUUID()}` };
    const [a, b] = [await startTestApp({ customers: 5, env }), await startTestApp({ customers: 5, env })];
    try {
      const q = `query ($nid: String!) { customers(filter: { nationalId: $nid }) { totalCount } }`;
      const ask = async (app: TestApp) => code(await app.gql(q, { token: await app.token(Role.AGENT, { user: "agent3" }), variables: { nid: "110105194912310000" } }));
      expect(await ask(a)).toBeUndefined();
      expect(await ask(b)).toBeUndefined();
      expect(await ask(a)).toMatchObject({ code: "FORBIDDEN", reason: "LOOKUP_LIMIT" }); // the third, whichever replica answers
      expect(await ask(b)).toMatchObject({ code: "FORBIDDEN", reason: "LOOKUP_LIMIT" });
    } finally {
      await a.close();
      await b.close();
    }
  });

  describe("segment rules", () => {
    it("refuses rules on fields a role may not use, with the same answer whatever the data", async () => {
      const refusals: [Role, unknown, string, string][] = [
        [Role.COMPLIANCE, cond("ANNUAL_INCOME", "GTE", 1), "Customer.annualIncome", "USE_POLICY"],
        [Role.ADMIN, cond("ANNUAL_INCOME", "GTE", 2_000_000_000), "Customer.annualIncome", "USE_POLICY"],
        [Role.CLAIMS_ADJUSTER, { not: cond("ANNUAL_INCOME", "LT", 5_000_000) }, "Customer.annualIncome", "USE_POLICY"],
        [Role.MARKETING, cond("AGE", "GTE", 40), "Customer.dateOfBirth", "USE_POLICY"],
        [Role.MARKETING, cond("ANNUAL_INCOME", "GTE", 12_345_600), "Customer.annualIncome", "BAND_BOUNDARY"],
        [Role.AGENT, cond("ANNUAL_INCOME", "BETWEEN", [5_000_000, 15_000_000]), "Customer.annualIncome", "BAND_BOUNDARY"],
        [Role.AGENT, cond("ANNUAL_INCOME", "EQ", 15_000_000), "Customer.annualIncome", "BAND_BOUNDARY"],
      ];
      for (const [i, [role, rule, field, reason]] of refusals.entries()) {
        const requestId = `refused-rule-${i}`;
        const res = await app.gql(PREVIEW, { token: tokens.get(role), variables: { rule }, headers: { "x-request-id": requestId } });
        expect({ role, data: res.body.data, ...code(res) }).toMatchObject({ role, data: null, code: "FORBIDDEN", reason, field });
        expect(res.statements).toBe(1); // decided before any SQL (the staff record only)
        expect(await app.db.query(`SELECT fields, outcome FROM audit_entry WHERE request_id = $1`, [requestId])).toEqual([{ fields: [field], outcome: "DENIED" }]);
      }
    });

    it("lets banded roles compare income with band boundaries only, and counts as the band says", async () => {
      const res = await app.gql(PREVIEW, { token: tokens.get(Role.MARKETING), variables: { rule: cond("ANNUAL_INCOME", "GTE", 30_000_000) } });
      expect(res.body.errors).toBeUndefined();
      const [{ n }] = await app.db.query(
        `SELECT count(*)::int AS n FROM customer c WHERE c.annual_income >= 30000000 AND c.erased_at IS NULL
           AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'MARKETING' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS TRUE
           AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'PROFILING' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS NOT FALSE`,
      );
      expect(res.body.data!.previewSegment.count).toBe(n);
    });

    it("evaluates a consent-bound field only on customers with current SENSITIVE_DATA consent", async () => {
      const rule = cond("ANNUAL_INCOME", "GTE", 1);
      const res = await app.gql(PREVIEW, { token: tokens.get(Role.UNDERWRITER), variables: { rule } });
      const negated = await app.gql(PREVIEW, { token: tokens.get(Role.UNDERWRITER), variables: { rule: { not: rule } } });
      const sensitive = `(SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'SENSITIVE_DATA' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS TRUE`;
      const [{ yes, all }] = await app.db.query(`SELECT count(*) FILTER (WHERE ${sensitive} AND c.annual_income >= 1)::int AS yes, count(*)::int AS all FROM customer c`);
      expect(yes).toBeGreaterThan(0);
      expect(res.body.data!.previewSegment.count).toBe(yes);
      // without consent the condition is simply false: NOT of it holds for every non-consenting customer, whatever their income
      expect(negated.body.data!.previewSegment.count).toBe(all - yes);
    });

    it("gives roles that see the date of birth masked the age from the birth year only", async () => {
      const res = await app.gql(PREVIEW, { token: tokens.get(Role.ADMIN), variables: { rule: cond("AGE", "GTE", 40) } });
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM customer c WHERE date_part('year', current_date) - date_part('year', c.date_of_birth) >= 40`);
      expect(res.body.data!.previewSegment.count).toBe(n);
    });
  });
});
