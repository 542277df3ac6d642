import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths } from "./support/both-paths";

/**
 * Compiled reads (src/graphql/compiled) must answer exactly as the executor does: the same body,
 * status and access-audit rows, for every role, on every path the compiler accepts — and hand
 * everything else to the executor. One server compiles, a second one on the same database does not
 * (COMPILED_READS=off); every document goes to both and the answers are compared byte for byte.
 */
const LIST = `query L { customers(first: 12) { edges { node { id customerNumber fullName serviceTier
  policies(first: 3) { edges { node { policyNumber status premium { amount } coverages { kind } } } } } } } }`;

const WIDE = `query W($first: Int, $status: PolicyStatus) { customers(first: $first, orderBy: { field: NAME, direction: DESC }) {
  __typename totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
  edges { __typename cursor node { __typename id kind fullName email phone address city region gender occupation
    createdAt updatedAt erasedAt version assignedAgentId
    policies(first: 2, status: $status) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id policyNumber customerId productCode startDate endDate renewalDate salesChannel premiumFrequency createdAt
      premium { amount currency } annualPremium { amount currency } sumInsured { amount }
      coverages { __typename id policyId kind limit { amount currency } deductible { amount } } } } } } } } }`;

const FRAGMENTS = `query F { a: customers(first: 5) { ...page } b: customers(first: 2, orderBy: { field: CREATED_AT }) { edges { cursor node { ... on Node { id } ... on Customer { phone } } } } }
  fragment page on CustomerConnection { edges { node { ...who policies { edges { node { ...cover } } } } } }
  fragment who on Customer { id fullName email dateOfBirth }
  fragment cover on Policy { policyNumber coverages { kind limit { amount } } }`;

/** Aliases that name Object.prototype's members must stay plain keys of the answer. */
const PROTO_ALIASES = `{ customers(first: 2) { __proto__: edges { constructor: node { __proto__: id toString: fullName } } } }`;

const FILTERED = `query S($search: String) { customers(first: 20, filter: { search: $search, serviceTier: PREMIUM }) { totalCount edges { node { id customerNumber fullName } } } }`;

/** Left to the executor: a field neither declared as a relation nor as a derived value, a consent-bound field, a directive, a bad cursor. */
const NOT_COMPILED = [
  `{ customers(first: 5) { edges { node { id segments { name } } } } }`,
  `{ customers(first: 5) { edges { node { id annualIncome { band } } } } }`,
  `query D($skip: Boolean!) { customers(first: 5) { edges { node { id fullName @skip(if: $skip) } } } }`,
  `{ customers(first: 5, after: "not-a-cursor") { edges { node { id } } } }`,
  `{ customers(first: 500) { edges { node { id } } } }`,
];

describe("compiled reads answer as the executor does", () => {
  let app: TestApp;
  let paths: BothPaths;

  beforeAll(async () => {
    app = await startTestApp({ customers: 60 });
    paths = await BothPaths.start(app);
  });
  afterAll(async () => {
    await paths?.stop();
    await app?.close();
  });

  const post = (url: string, token: string, query: string, variables: Record<string, unknown>) => paths.post(url, token, query, variables);
  const both = (token: string, query: string, variables: Record<string, unknown> = {}) => paths.both(token, query, variables);

  async function tokenFor(role: Role): Promise<string> {
    if (role !== Role.CUSTOMER) return app.token(role);
    const [self] = await app.db.query(`SELECT id FROM customer WHERE erased_at IS NULL AND EXISTS (SELECT 1 FROM policy p WHERE p.customer_id = customer.id) ORDER BY customer_number LIMIT 1`);
    return app.token(Role.CUSTOMER, { sub: self.id });
  }

  /**
   * Which path must answer each document for each role: compiled, except where the role's answer is
   * a refusal the executor gives — sorting by name for roles that see names masked (UNDERWRITER,
   * MARKETING, COMPLIANCE: FORBIDDEN) — or a field the plan leaves to it.
   */
  const NAME_SORT_REFUSED = new Set<Role>([Role.UNDERWRITER, Role.MARKETING, Role.COMPLIANCE]);
  function expectedPath(role: Role, name: string): "compiled" | "executor" {
    if (name.startsWith("wide") && NAME_SORT_REFUSED.has(role)) return "executor";
    // the fragments read dateOfBirth, which MARKETING may not read: a denied field leaves the plan to the executor
    if (name === "fragments and aliases" && role === Role.MARKETING) return "executor";
    return "compiled";
  }

  const ROLES = [Role.ADMIN, Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING, Role.COMPLIANCE, Role.CUSTOMER];
  const DOCUMENTS: [string, string, Record<string, unknown>][] = [
    ["list", LIST, {}],
    ["wide", WIDE, { first: 7 }],
    ["wide, active policies only", WIDE, { first: 4, status: "ACTIVE" }],
    ["fragments and aliases", FRAGMENTS, {}],
    ["filtered", FILTERED, { search: "C0" }],
    ["aliases named __proto__ and constructor", PROTO_ALIASES, {}],
  ];

  it.each(ROLES)("as %s: same bodies and audit rows on every compiled document", async (role) => {
    const token = await tokenFor(role);
    for (const [name, query, variables] of DOCUMENTS) {
      const { compiled, executed } = await both(token, query, variables);
      expect({ name, status: compiled.status }).toEqual({ name, status: executed.status });
      expect(compiled.text).toBe(executed.text);
      expect(compiled.audit).toEqual(executed.audit);
      // the comparison is only worth something if the compiled path answered where it should
      expect({ role, name, path: compiled.path }).toEqual({ role, name, path: expectedPath(role, name) });
      expect(executed.path).toBe("executor");
      if (compiled.path === "compiled") expect(JSON.parse(compiled.text).errors).toBeUndefined();
    }
  });

  it("compares a filtered answer that has rows (a valid enum value, not a validation error on both paths)", async () => {
    const { compiled, executed } = await both(await app.token(Role.ADMIN), FILTERED, { search: "C0" });
    expect(compiled.path).toBe("compiled");
    expect(JSON.parse(compiled.text).data.customers.totalCount).toBeGreaterThan(0);
    expect(compiled.text).toBe(executed.text);
  });

  it("really compiles: one statement per list whatever its nesting (plus the staff look-up and the audit INSERT)", async () => {
    const token = await app.token(Role.ADMIN);
    const { compiled, executed } = await both(token, LIST, {});
    const body = JSON.parse(compiled.text);
    expect(body.data.customers.edges).toHaveLength(12);
    expect(compiled.audit).toHaveLength(12);
    // staff record, the list, the audit INSERT — against staff, customers, policies, coverages, audit
    expect(compiled.statements).toBe(3);
    expect(executed.statements).toBe(5);
  });

  it("pages on with the cursors it hands out, as the executor does", async () => {
    const token = await app.token(Role.AGENT);
    const first = await both(token, WIDE, { first: 3 });
    const after = JSON.parse(first.compiled.text).data.customers.pageInfo.endCursor;
    expect(typeof after).toBe("string");
    const query = `query N($after: String) { customers(first: 3, after: $after, orderBy: { field: NAME, direction: DESC }) { pageInfo { hasPreviousPage endCursor } edges { cursor node { id fullName } } } }`;
    const next = await both(token, query, { after });
    expect(next.compiled.text).toBe(next.executed.text);
    expect([first.compiled.path, next.compiled.path]).toEqual(["compiled", "compiled"]);
    expect(JSON.parse(next.compiled.text).data.customers.pageInfo.hasPreviousPage).toBe(true);
    // a cursor is bound to its order: the same cursor in the default order is refused on both paths
    const otherOrder = await both(token, `query N($after: String) { customers(first: 3, after: $after) { edges { node { id } } } }`, { after });
    expect(otherOrder.compiled.text).toBe(otherOrder.executed.text);
    expect(JSON.parse(otherOrder.compiled.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it.each(NOT_COMPILED.map((query, i) => [i, query] as const))("hands document %i to the executor with the executor's answer", async (_i, query) => {
    const token = await app.token(Role.ADMIN);
    const { compiled, executed } = await both(token, query, { skip: false });
    expect([compiled.path, executed.path]).toEqual(["executor", "executor"]);
    expect(compiled.status).toBe(executed.status);
    expect(compiled.text).toBe(executed.text);
    expect(compiled.statements).toBe(executed.statements);
  });

  it("reads only the summary figures asked for, each selection of the operation answered in full", async () => {
    // a customer with every source of the summary: policies, claims, open complaints, rated contacts, a household
    const [own] = await app.db.query(
      `SELECT c.id, s.username FROM customer c JOIN staff_user s ON s.id = c.assigned_agent_id
        WHERE EXISTS (SELECT 1 FROM policy p WHERE p.customer_id = c.id AND p.status = 'ACTIVE')
          AND EXISTS (SELECT 1 FROM claim cl WHERE cl.customer_id = c.id)
          AND EXISTS (SELECT 1 FROM interaction i WHERE i.customer_id = c.id AND i.satisfaction IS NOT NULL)
        ORDER BY (SELECT count(*) FROM relationship r WHERE r.customer_id = c.id) DESC, c.customer_number LIMIT 1`,
    );
    // two aliases of the summary on one row, and another under each household member: the first
    // prefetch primes the request's loader for its customer, so each must bring the union of figures
    const SUMMARIES = `query S($id: ID!) { customer(id: $id) {
      a: summary { activePolicies totalAnnualPremium { amount } }
      b: summary { lastInteractionAt averageSatisfaction openComplaints }
      household { member { summary { openClaims totalSumInsured { amount } } } }
    } }`;
    for (const token of [await app.token(Role.ADMIN), await app.token(Role.AGENT, { user: own.username })]) {
      const { compiled, executed } = await both(token, SUMMARIES, { id: own.id });
      expect(compiled.path).toBe("compiled");
      expect(compiled.text).toBe(executed.text);
      const customer = JSON.parse(compiled.text).data.customer;
      expect(customer.a.activePolicies).toBeGreaterThan(0);
      expect(customer.b.lastInteractionAt).not.toBeNull();
      expect(customer.b.averageSatisfaction).toBeGreaterThan(0);
    }
  });

  it("refuses anonymous callers as before (the executor answers)", async () => {
    const response = await fetch(app.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: LIST }) });
    const body = (await response.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("withholds the page when its access cannot be recorded", async () => {
    const token = await app.token(Role.ADMIN);
    await app.db.query(`CREATE OR REPLACE FUNCTION c360_test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$`);
    await app.db.query(`CREATE TRIGGER c360_test_fail_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION c360_test_fail_audit()`);
    try {
      const response = await post(app.server.url, token, LIST, {});
      expect(response.status).toBe(503);
      const body = JSON.parse(response.text);
      expect(body.data).toBeNull();
      expect(body.errors[0].extensions.code).toBe("UNAVAILABLE");
      expect(response.text).not.toContain("policyNumber");
    } finally {
      await app.db.query(`DROP TRIGGER c360_test_fail_audit ON audit_entry`);
      await app.db.query(`DROP FUNCTION c360_test_fail_audit()`);
    }
  });
});
