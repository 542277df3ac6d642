import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { SEEDED_SEGMENTS } from "../src/seed/segments";
import { startTestApp, type TestApp } from "./support/app";

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateSegmentInput!) { createSegment(input: $input) { id name rule memberCount } }
`;
const SEGMENT = /* GraphQL */ `
  query Segment($id: ID!, $first: Int, $after: String) {
    segment(id: $id) { id name memberCount members(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id customerNumber } } } }
  }
`;
const PREVIEW = /* GraphQL */ `
  query Preview($rule: SegmentRuleInput!) { previewSegment(rule: $rule) { count sample { id customerNumber } } }
`;
const EXPLAIN = /* GraphQL */ `
  query Explain($segmentId: ID!, $customerId: ID!) {
    explainSegment(segmentId: $segmentId, customerId: $customerId) {
      member nodes { path kind field op purpose expected value valueWithheld matched }
    }
  }
`;
const CUSTOMER_SEGMENTS = /* GraphQL */ `
  query CustomerSegments($first: Int) { customers(first: $first) { edges { node { id segments { id name } } } } }
`;

const cond = (field: string, op: string, value?: unknown, purpose?: string) => ({ condition: { field, op, value, purpose } });
/** Individuals with dependents holding an active policy, not in the BASIC tier, with marketing consent. */
const FAMILY_RULE = {
  all: [
    cond("KIND", "EQ", "INDIVIDUAL"),
    cond("DEPENDENTS", "GTE", 1),
    cond("ACTIVE_POLICY_COUNT", "GTE", 1),
    { not: cond("SERVICE_TIER", "EQ", "BASIC") },
    cond("CONSENT_GRANTED", "EQ", true, "MARKETING"),
  ],
};
const FAMILY_SQL = `
  SELECT c.id FROM customer c
  WHERE c.kind = 'INDIVIDUAL' AND c.dependents >= 1
    AND EXISTS (SELECT 1 FROM policy p WHERE p.customer_id = c.id AND p.status = 'ACTIVE')
    AND c.service_tier <> 'BASIC'
    AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'MARKETING' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS TRUE`;

describe("segments", () => {
  let app: TestApp;
  let admin: string;
  let marketing: string;
  let agent: string;
  let familyId: string;
  let expected: string[];
  /** Marketing evaluates segments without the customers who refused profiling. */
  let expectedForMarketing: string[];

  beforeAll(async () => {
    app = await startTestApp({ customers: 150 });
    [admin, marketing, agent] = await Promise.all([app.token(Role.ADMIN), app.token(Role.MARKETING), app.token(Role.AGENT)]);
    expected = (await app.db.query(FAMILY_SQL)).map((r: { id: string }) => r.id).sort();
    // one member refuses profiling: marketing no longer evaluates segments for them (PIPL Art. 24)
    await app.db.query(`INSERT INTO consent (customer_id, purpose, granted, channel) VALUES ($1, 'PROFILING', false, 'APP')`, [expected[0]]);
    expectedForMarketing = (await app.db.query(`${FAMILY_SQL}
      AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id AND k.purpose = 'PROFILING' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS NOT FALSE`))
      .map((r: { id: string }) => r.id).sort();
    expect(expectedForMarketing).toEqual(expected.slice(1));
  });
  afterAll(() => app?.close());

  it("seeds the insurance segments with valid rules", async () => {
    const rows: { name: string }[] = await app.db.query(`SELECT name FROM segment ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(SEEDED_SEGMENTS.map((s) => s.name).sort());
    const res = await app.gql(`{ segments(first: 100) { totalCount edges { node { name memberCount } } } }`, { token: admin });
    // income is denied to administrators: the seeded segments that test it — directly, or through the stored
    // risk tier computed from it — are refused to them; the others count
    const at = (name: string) => SEEDED_SEGMENTS.map((s) => s.name).sort().indexOf(name);
    expect(res.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code, e.extensions?.reason, e.extensions?.field]).sort()).toEqual([
      [`segments.edges.${at("High-risk customers renewing within 60 days")}.node.memberCount`, "FORBIDDEN", "USE_POLICY", "SegmentField.RISK_TIER"],
      [`segments.edges.${at("Pre-retirees without an annuity")}.node.memberCount`, "FORBIDDEN", "USE_POLICY", "Customer.annualIncome"],
    ].sort());
    expect(res.body.data!.segments.totalCount).toBe(SEEDED_SEGMENTS.length);
    const counts = res.body.data!.segments.edges.map((e: { node: { memberCount: number } }) => e.node.memberCount);
    expect(counts.some((n: number) => n > 0)).toBe(true);
    // every member count of the page in one scan: auth + segments + total + one count statement
    expect(res.statements).toBe(4);
  });

  it("lets marketing create a segment whose member count matches a hand-written query", async () => {
    expect(expected.length).toBeGreaterThan(3);
    const res = await app.gql(CREATE, { token: marketing, variables: { input: { name: "Mid-life policyholders", rule: FAMILY_RULE } } });
    expect(res.body.errors).toBeUndefined();
    familyId = res.body.data!.createSegment.id;
    expect(res.body.data!.createSegment.rule.all).toHaveLength(5);
    // marketing's row scope is exactly the customers with marketing consent, which the rule also demands,
    // less those who refused profiling
    expect(res.body.data!.createSegment.memberCount).toBe(expectedForMarketing.length);
  });

  it("pages members in the viewer's row scope", async () => {
    const first = await app.gql(SEGMENT, { token: admin, variables: { id: familyId, first: 3 } });
    const page1 = first.body.data!.segment.members;
    expect(page1.totalCount).toBe(expected.length);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const rest = await app.gql(SEGMENT, { token: admin, variables: { id: familyId, first: 100, after: page1.pageInfo.endCursor } });
    const ids = [...page1.edges, ...rest.body.data!.segment.members.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(ids.sort()).toEqual(expected);

    const agentIds: string[] = (await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1`, [staffIdFor("agent1")])).map(
      (r: { id: string }) => r.id,
    );
    const mine = await app.gql(SEGMENT, { token: agent, variables: { id: familyId, first: 100 } });
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data!.segment.memberCount).toBe(expected.filter((id) => agentIds.includes(id)).length);
    for (const edge of mine.body.data!.segment.members.edges) expect(agentIds).toContain(edge.node.id);
  });

  it("previews a rule without saving it", async () => {
    const before = await app.db.query(`SELECT count(*)::int AS n FROM segment`);
    const res = await app.gql(PREVIEW, { token: admin, variables: { rule: FAMILY_RULE } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.previewSegment.count).toBe(expected.length);
    expect(res.body.data!.previewSegment.sample).toHaveLength(Math.min(10, expected.length));
    for (const c of res.body.data!.previewSegment.sample) expect(expected).toContain(c.id);
    expect(await app.db.query(`SELECT count(*)::int AS n FROM segment`)).toEqual(before);
  });

  it("rejects ill-typed rules with the path of the bad node, and non-writers", async () => {
    const bad = { all: [cond("AGE", "GTE", 30), { any: [cond("SERVICE_TIER", "EQ", "GOLD")] }] };
    const res = await app.gql(CREATE, { token: marketing, variables: { input: { name: "Bad", rule: bad } } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", path: "input.rule.all[1].any[0].condition.value" });
    const op = await app.gql(PREVIEW, { token: admin, variables: { rule: cond("REGION", "GT", "A") } });
    expect(op.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", path: "rule.condition.op" });
    const deep = await app.gql(PREVIEW, { token: admin, variables: { rule: { not: { not: { not: { not: { not: { not: cond("AGE", "GT", 1) } } } } } } } });
    expect(deep.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const denied = await app.gql(CREATE, { token: agent, variables: { input: { name: "Agent's", rule: FAMILY_RULE } } });
    expect(denied.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const dup = await app.gql(CREATE, { token: admin, variables: { input: { name: "Mid-life policyholders", rule: FAMILY_RULE } } });
    expect(dup.body.errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("explains membership node by node, withholding values the role may not read", async () => {
    const member = expected[0];
    const res = await app.gql(EXPLAIN, { token: admin, variables: { segmentId: familyId, customerId: member } });
    expect(res.body.errors).toBeUndefined();
    const explanation = res.body.data!.explainSegment;
    expect(explanation.member).toBe(true);
    expect(explanation.nodes.map((n: { path: string }) => n.path)).toEqual([
      "rule", "rule.all[0]", "rule.all[1]", "rule.all[2]", "rule.all[3]", "rule.all[3].not", "rule.all[4]",
    ]);
    const [{ policies, tier }] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM policy p WHERE p.customer_id = c.id AND p.status = 'ACTIVE') AS policies, service_tier AS tier FROM customer c WHERE id = $1`,
      [member],
    );
    expect(explanation.nodes[2]).toMatchObject({ kind: "CONDITION", field: "DEPENDENTS", op: "GTE", expected: 1, valueWithheld: false, matched: true });
    expect(explanation.nodes[3]).toMatchObject({ field: "ACTIVE_POLICY_COUNT", op: "GTE", expected: 1, value: policies, valueWithheld: false, matched: true });
    expect(explanation.nodes[4]).toMatchObject({ kind: "NOT", matched: true });
    expect(explanation.nodes[5]).toMatchObject({ field: "SERVICE_TIER", value: tier, matched: false });
    expect(explanation.nodes[6]).toMatchObject({ field: "CONSENT_GRANTED", purpose: "MARKETING", value: true, matched: true });

    const outsider: { id: string } | undefined = (await app.db.query(`SELECT id FROM customer WHERE kind <> 'INDIVIDUAL' LIMIT 1`))[0];
    const out = await app.gql(EXPLAIN, { token: admin, variables: { segmentId: familyId, customerId: outsider!.id } });
    expect(out.body.data!.explainSegment.member).toBe(false);
    expect(out.body.data!.explainSegment.nodes[1]).toMatchObject({ field: "KIND", matched: false });

    const agentView = await app.gql(EXPLAIN, { token: agent, variables: { segmentId: familyId, customerId: member } });
    const inBook = (await app.db.query(`SELECT 1 FROM customer WHERE id = $1 AND assigned_agent_id = $2`, [member, staffIdFor("agent1")])).length > 0;
    if (inBook) expect(agentView.body.data!.explainSegment.member).toBe(true);
    else expect(agentView.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("lists a customer's segments in a constant number of statements, however many segments exist", async () => {
    const few = await app.gql(CUSTOMER_SEGMENTS, { token: admin, variables: { first: 50 } });
    expect(few.body.errors).toBeUndefined();
    const byCustomer = new Map<string, string[]>(few.body.data!.customers.edges.map((e: { node: { id: string; segments: { id: string }[] } }) => [e.node.id, e.node.segments.map((s) => s.id)]));
    for (const [customerId, segmentIds] of byCustomer) {
      expect([customerId, segmentIds.includes(familyId)]).toEqual([customerId, expected.includes(customerId)]);
    }
    for (let i = 0; i < 12; i++) {
      await app.gql(CREATE, { token: admin, variables: { input: { name: `Region ${i}`, rule: cond("OCCUPATION_CLASS", "GTE", (i % 6) + 1) } } });
    }
    const many = await app.gql(CUSTOMER_SEGMENTS, { token: admin, variables: { first: 50 } });
    expect(many.body.errors).toBeUndefined();
    expect(many.body.data!.customers.edges.length).toBe(50);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM segment`);
    expect(n).toBeGreaterThanOrEqual(20);
    // auth, customers page, segments, one membership statement
    expect(few.statements).toBe(4);
    expect(many.statements).toBe(few.statements);
  });

  it("updates and deletes segments", async () => {
    const updated = await app.gql(
      `mutation($id: ID!, $input: UpdateSegmentInput!) { updateSegment(id: $id, input: $input) { name version memberCount } }`,
      { token: marketing, variables: { id: familyId, input: { name: "Mid-life policyholders (all tiers)", rule: { all: FAMILY_RULE.all.filter((_, i) => i !== 3) } } } },
    );
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data!.updateSegment).toMatchObject({ name: "Mid-life policyholders (all tiers)", version: 2 });
    expect(updated.body.data!.updateSegment.memberCount).toBeGreaterThanOrEqual(expected.length);
    const deleted = await app.gql(`mutation($id: ID!) { deleteSegment(id: $id) }`, { token: admin, variables: { id: familyId } });
    expect(deleted.body.data!.deleteSegment).toBe(true);
    const gone = await app.gql(SEGMENT, { token: admin, variables: { id: familyId } });
    expect(gone.body.data!.segment).toBeNull();
  });
});
