import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths } from "./support/both-paths";
import { OFFERS_QUERY } from "../src/bench/scenarios";

/**
 * `offers` is a computed page (src/graphql/compiled/relations.ts, kind "computed"): the service
 * ranks as it does for the executor and the plan walks its offers instead of field-by-field
 * execution. Every document goes to a compiling server and to an executor-only one on the same
 * database; bodies, statuses and access-audit rows must be identical, and each case says which
 * path answered.
 */
/** The bench's own offers document (what a campaign screen shows per offer). */
const BENCH = OFFERS_QUERY;

const WIDE = `query W($first: Int, $after: String, $line: ProductLine, $held: Boolean) {
  offers(first: $first, after: $after, productLine: $line, includeHeldBack: $held) {
    __typename totalCount count(limit: 5) { value precision } pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
    edges { __typename cursor node { __typename
      customer { __typename id customerNumber kind fullName email phone city region serviceTier preferredChannel createdAt }
      product { __typename code name line } score reasons { __typename code message }
      suggestedSumInsured { amount currency } estimatedPremium { amount }
      channel contactChannel heldBack heldBackReasons } } } }`;

const FRAGMENTS = `query F { a: offers(first: 4) { ...page } b: offers(first: 2, productLine: LIFE) { edges { node { ... on Offer { score } customer { ... on Node { id } } } } } }
  fragment page on OfferConnection { edges { c: cursor node { ...offer } } }
  fragment offer on Offer { who: customer { ...who } what: product { code } why: reasons { code } }
  fragment who on Customer { id fullName }`;

const SEGMENTED = `query S($segmentId: ID) { offers(first: 30, segmentId: $segmentId) { totalCount edges { node { customer { id } product { code } score } } } }`;

/** Left to the executor: a relation below the customer, a field the role may not read, a directive, bad arguments. */
const NOT_COMPILED: [string, Record<string, unknown>][] = [
  [`{ offers(first: 5) { edges { node { customer { id policies(first: 2) { edges { node { id } } } } } } } }`, {}],
  [`{ offers(first: 5) { edges { node { customer { id dateOfBirth } } } } }`, {}],
  [`query D($skip: Boolean!) { offers(first: 5) { edges { node { score @skip(if: $skip) } } } }`, { skip: true }],
  [`{ offers(first: 5, after: "not-a-cursor") { edges { node { score } } } }`, {}],
  [`{ offers(first: 500) { edges { node { score } } } }`, {}],
  [`{ offers(first: 5, segmentId: "not-a-uuid") { edges { node { score } } } }`, {}],
];

describe("compiled offers answer as the executor does", () => {
  let app: TestApp;
  let paths: BothPaths;
  let segmentId: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 80 });
    paths = await BothPaths.start(app);
    [{ id: segmentId }] = await app.db.query(`SELECT id FROM segment ORDER BY name LIMIT 1`);
    // two customers of the first page contacted for marketing three times this week: held back by the frequency cap
    const first = await app.gql(BENCH, { token: await app.token(Role.MARKETING), variables: { first: 10 } });
    for (const edge of first.body.data!.offers.edges.slice(2, 4)) {
      for (const days of [1, 2, 3]) {
        await app.db.query(
          `INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at, status)
           VALUES ($1, 'PHONE', 'MARKETING', 'OUTBOUND', 'Campaign call', now() - make_interval(days => $2), 'RESOLVED')`,
          [edge.node.customer.id, days],
        );
      }
    }
  });
  afterAll(async () => {
    await paths?.stop();
    await app?.close();
  });

  const both = (token: string, query: string, variables: Record<string, unknown> = {}) => paths.both(token, query, variables);

  async function expectSame(role: Role, name: string, query: string, variables: Record<string, unknown>, path: "compiled" | "executor") {
    const { compiled, executed } = await both(await app.token(role), query, variables);
    expect({ name, status: compiled.status }).toEqual({ name, status: executed.status });
    expect(compiled.text).toBe(executed.text);
    expect(compiled.audit).toEqual(executed.audit);
    expect({ role, name, path: compiled.path }).toEqual({ role, name, path });
    expect(executed.path).toBe("executor");
    return JSON.parse(compiled.text);
  }

  it.each([Role.MARKETING, Role.ADMIN])("as %s: same bodies and audit rows, answered by the compiled path", async (role) => {
    const bench = await expectSame(role, "bench", BENCH, { first: 40 }, "compiled");
    expect(bench.errors).toBeUndefined();
    expect(bench.data.offers.edges.length).toBeGreaterThan(5);
    const wide = await expectSame(role, "wide", WIDE, { first: 25, held: true }, "compiled");
    expect(wide.errors).toBeUndefined();
    // the cases compare something: held-back customers listed with reasons, and a line that has offers
    const held = wide.data.offers.edges.filter((edge: { node: { heldBack: boolean } }) => edge.node.heldBack);
    expect(held.length).toBeGreaterThan(0);
    expect(held[0].node.heldBackReasons.length).toBeGreaterThan(0);
    // the end cursor is the last customer scanned, which need not be the last edge's
    const next = await expectSame(role, "next page", WIDE, { first: 25, after: wide.data.offers.pageInfo.endCursor }, "compiled");
    expect(next.data.offers.edges.length).toBeGreaterThan(0);
    const line = await expectSame(role, "one line", WIDE, { first: 40, line: "LIFE" }, "compiled");
    expect(line.data.offers.edges.length).toBeGreaterThan(0);
    expect(line.data.offers.edges.every((edge: { node: { product: { line: string } } }) => edge.node.product.line === "LIFE")).toBe(true);
    const fragments = await expectSame(role, "fragments and aliases", FRAGMENTS, {}, "compiled");
    expect(fragments.data.a.edges[0].node.who.fullName).toEqual(expect.any(String));
    const segmented = await expectSame(role, "segment", SEGMENTED, { segmentId }, "compiled");
    expect(segmented.errors).toBeUndefined();
  });

  it("ends a page at the last customer scanned when it is held back (the end cursor is not the last edge's)", async () => {
    const token = await app.token(Role.MARKETING);
    const executorOnly = async (first: number) => JSON.parse((await paths.post(paths.plainUrl, token, BENCH, { first })).text).data.offers;
    let first = 1;
    for (; first <= 10; first++) {
      const page = await executorOnly(first);
      if (page.pageInfo.endCursor !== page.edges[page.edges.length - 1]?.cursor) break;
    }
    expect(first).toBeLessThanOrEqual(10); // a page whose last customer is held back exists (the frequency cap above)
    const body = await expectSame(Role.MARKETING, "held back at the end", BENCH, { first }, "compiled");
    expect(body.data.offers.pageInfo.endCursor).not.toBe(body.data.offers.edges[body.data.offers.edges.length - 1]?.cursor);
  });

  it.each([Role.MARKETING, Role.ADMIN])("as %s: ranks from the customer row as JSON (compiled) exactly as from its columns (executor), every ranking computed", async (role) => {
    const token = await app.token(role);
    await app.db.query(`DELETE FROM offer_ranking`);
    const executed = await paths.post(paths.plainUrl, token, WIDE, { first: 60, held: true });
    await app.db.query(`DELETE FROM offer_ranking`);
    const compiled = await paths.post(app.server.url, token, WIDE, { first: 60, held: true });
    expect(compiled.path).toBe("compiled");
    expect(JSON.parse(compiled.text).data.offers.edges.length).toBeGreaterThan(20);
    expect(compiled.text).toBe(executed.text);
  });

  it("masks and audits the customer's name for marketing as the field guard does", async () => {
    const body = await expectSame(Role.MARKETING, "bench", BENCH, { first: 10 }, "compiled");
    const [first] = body.data.offers.edges;
    const [stored] = await app.db.query(`SELECT customer_number FROM customer WHERE id = $1`, [first.node.customer.id]);
    expect(first.node.customer.customerNumber).toBe(stored.customer_number);
    expect(first.node.customer.fullName).toMatch(/\*/);
  });

  it.each(NOT_COMPILED)("leaves %s to the executor", async (query, variables) => {
    await expectSame(Role.MARKETING, query, query, variables, "executor");
  });

  it("leaves a role the shield refuses to the executor (FORBIDDEN)", async () => {
    const body = await expectSame(Role.AGENT, "agent", BENCH, { first: 5 }, "executor");
    expect(body.errors[0].extensions.code).toBe("FORBIDDEN");
  });

  it("answers in as many statements as the executor: the staff look-up, the page and the audit (stored rankings)", async () => {
    const token = await app.token(Role.MARKETING);
    await both(token, BENCH, { first: 40 }); // rankings stored
    const { compiled, executed } = await both(token, BENCH, { first: 40 });
    expect(compiled.path).toBe("compiled");
    expect(compiled.statements).toBe(executed.statements);
  });
});
