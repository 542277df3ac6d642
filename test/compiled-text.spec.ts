import { Role } from "../src/auth/role";
import { CUSTOMER_LIST_QUERY } from "../src/bench/scenarios";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths, type PathAnswer } from "./support/both-paths";

/**
 * Compiled reads whose node the statement writes as JSON text (src/graphql/compiled/read-text.ts):
 * the bytes and the access-audit rows must be the executor's, the text path must be the one that
 * answered (x-text-rows), and a value the executor refuses must send the operation to it.
 */
const RICH = `query Rich($after: String) { customers(first: 25, after: $after) { totalCount edges { cursor node {
  __typename id customerNumber kind fullName email phone city occupationClass serviceTier preferredChannel createdAt erasedAt version
  policies(first: 4) { totalCount __typename edges { __typename node {
    id policyNumber status startDate endDate renewalDate salesChannel createdAt
    premium { amount currency __typename } cover: sumInsured { amount }
    coverages { kind limit { amount currency } deductible { amount } }
  } } }
  claims(first: 3) { edges { node { claimNumber status incidentDate reportedAt closedAt claimedAmount { amount } approvedAmount { amount } paidAmount { amount currency }
    policy { policyNumber status } assignedAdjuster { id } events { toStatus occurredAt } } } }
  household { kind member { id customerNumber } }
} } pageInfo { hasNextPage endCursor } } }`;

describe("compiled reads: answers the statement writes as text", () => {
  let app: TestApp;
  let paths: BothPaths;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    paths = await BothPaths.start(app);
    admin = await app.token(Role.ADMIN);
  });
  afterAll(async () => {
    await paths?.stop();
    await app?.close();
  });

  /** Both paths answer; the bytes, status and audit rows must be equal. */
  async function alike(token: string, query: string, variables: Record<string, unknown> = {}): Promise<PathAnswer> {
    const { compiled, executed } = await paths.both(token, query, variables);
    expect({ status: compiled.status, text: compiled.text, audit: compiled.audit }).toEqual({ status: executed.status, text: executed.text, audit: executed.audit });
    expect(executed.textRows).toBe(0);
    return compiled;
  }

  it("writes the bench's list as text: the executor's bytes, one audit row per customer released", async () => {
    const answer = await alike(admin, CUSTOMER_LIST_QUERY);
    const edges = JSON.parse(answer.text).data.customers.edges;
    expect(answer.path).toBe("compiled");
    expect(edges.length).toBe(40);
    expect(answer.textRows).toBe(40);
    expect(answer.audit.length).toBe(40); // each customer's fullName
    expect(answer.audit.every((row) => row.endsWith("|ALLOWED|Customer.fullName"))).toBe(true);
  });

  it("writes enums, dates, instants, nulls, Money (optional ones too), to-one and plain lists, counts, type names and aliases; the cursors it hands out page on", async () => {
    // one claim without an adjuster, one with (a to-one that finds no row, and one that does)
    const claimants = `SELECT c.id FROM customer c WHERE EXISTS (SELECT 1 FROM claim x WHERE x.customer_id = c.id) ORDER BY c.customer_number LIMIT 2`;
    const [none, some] = (await app.db.query(claimants)).map((row: { id: string }) => row.id);
    await app.db.query(`UPDATE claim SET assigned_adjuster_id = NULL WHERE customer_id = $1`, [none]);
    await app.db.query(`UPDATE claim SET assigned_adjuster_id = (SELECT id FROM staff_user ORDER BY id LIMIT 1) WHERE customer_id = $1`, [some]);
    const first = await alike(admin, RICH);
    expect({ path: first.path, textRows: first.textRows }).toEqual({ path: "compiled", textRows: 25 });
    const data = JSON.parse(first.text).data.customers;
    const nodes = data.edges.map((edge: { node: any }) => edge.node);
    // the answer holds each kind of value the text writes, so none of them passed untested
    const policies = nodes.flatMap((n: any) => n.policies.edges.map((e: any) => e.node));
    const claims = nodes.flatMap((n: any) => n.claims.edges.map((e: any) => e.node));
    expect(policies.length).toBeGreaterThan(10);
    expect(claims.some((c: any) => c.approvedAmount === null)).toBe(true);
    expect(claims.some((c: any) => c.approvedAmount !== null)).toBe(true);
    expect(policies.some((p: any) => p.renewalDate === null) && policies.some((p: any) => p.renewalDate !== null)).toBe(true);
    expect(policies.flatMap((p: any) => p.coverages).length).toBeGreaterThan(0);
    expect(claims.some((c: any) => c.policy !== null) && claims.some((c: any) => c.events.length > 0)).toBe(true);
    expect(claims.some((c: any) => c.assignedAdjuster === null) && claims.some((c: any) => c.assignedAdjuster !== null)).toBe(true);
    expect(nodes.some((n: any) => n.household.length > 0 && n.household[0].member.customerNumber)).toBe(true);
    expect(nodes.some((n: any) => n.fullName === null || n.email === null || n.city === null || n.occupationClass === null)).toBe(true);
    const second = await alike(admin, RICH, { after: data.pageInfo.endCursor });
    expect({ path: second.path, textRows: second.textRows }).toEqual({ path: "compiled", textRows: 15 });
  });

  it("leaves reduced personal values to the JSON path (masked for marketing), with the same answer", async () => {
    const marketing = await app.token(Role.MARKETING);
    const answer = await alike(marketing, `{ customers(first: 10) { edges { node { id customerNumber fullName serviceTier } } } }`);
    expect({ path: answer.path, textRows: answer.textRows }).toEqual({ path: "compiled", textRows: 0 });
    expect(answer.audit.length).toBe(10);
    expect(answer.audit.every((row) => row.includes("|MASKED|"))).toBe(true);
  });

  it("writes any text as JSON.stringify does: quotes, backslashes, control characters (U+0001 too), letters beyond Latin-1, emoji", async () => {
    const names = ['Ł"ó\\\n\t\r\b\f', "\u0001\u001f\u007f\u2028\u2029/<script>", "😀 Zoë Ş 王小明", "'; DROP TABLE customer; --", ""];
    const [{ ids }] = await app.db.query(`SELECT array_agg(id ORDER BY customer_number) AS ids FROM (SELECT id, customer_number FROM customer ORDER BY customer_number LIMIT 5) c`);
    for (const [i, name] of names.entries()) await app.db.query(`UPDATE customer SET full_name = $1, city = $1 WHERE id = $2`, [name, ids[i]]);
    const answer = await alike(admin, `{ customers(first: 5) { edges { node { fullName city } } } }`);
    expect({ path: answer.path, textRows: answer.textRows }).toEqual({ path: "compiled", textRows: 5 });
    expect(JSON.parse(answer.text).data.customers.edges.map((edge: { node: { fullName: string } }) => edge.node.fullName)).toEqual(names);
  });

  it("sends a value the executor refuses to the executor: an enum value outside the enum, an integer beyond SafeInt", async () => {
    const [policy] = await app.db.query(`SELECT p.id, p.status, p.premium FROM policy p JOIN customer c ON c.id = p.customer_id ORDER BY c.customer_number, p.start_date DESC, p.id DESC LIMIT 1`);
    const query = `{ customers(first: 3) { edges { node { id policies(first: 10) { edges { node { id status premium { amount } } } } } } } }`;
    try {
      await app.db.query(`UPDATE policy SET status = 'BOGUS' WHERE id = $1`, [policy.id]);
      const badEnum = await alike(admin, query);
      expect(badEnum.path).toBe("executor");
      expect(JSON.parse(badEnum.text).errors?.length).toBeGreaterThan(0);
      await app.db.query(`UPDATE policy SET status = $2, premium = 9007199254740993 WHERE id = $1`, [policy.id, policy.status]);
      const tooLarge = await alike(admin, query);
      expect(tooLarge.path).toBe("executor");
      expect(JSON.parse(tooLarge.text).errors?.length).toBeGreaterThan(0);
    } finally {
      await app.db.query(`UPDATE policy SET status = $2, premium = $3 WHERE id = $1`, [policy.id, policy.status, policy.premium]);
    }
    const restored = await alike(admin, query);
    expect({ path: restored.path, textRows: restored.textRows }).toEqual({ path: "compiled", textRows: 3 });
  });
});
