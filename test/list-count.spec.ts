import { Role } from "../src/auth/role";
import { Customer } from "../src/modules/customer/customer.entity";
import { countRows, countSql } from "../src/db/bounded-count";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths } from "./support/both-paths";

/**
 * `count(limit:)` on every connection: the list's size up to a limit, EXACT below it and AT_LEAST
 * limit beyond it, reading at most limit + 1 rows (its cost does not grow with the data, unlike
 * the deprecated totalCount). Compiled and executor paths answer the same.
 */
describe("bounded list counts", () => {
  let app: TestApp;
  let paths: BothPaths;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 30 });
    paths = await BothPaths.start(app);
    admin = await app.token(Role.ADMIN);
  });
  afterAll(async () => {
    await paths?.stop();
    await app?.close();
  });

  it("reads at most limit + 1 rows (the bounded statement, not an exact count clipped afterwards)", async () => {
    const all = app.db.getRepository(Customer).createQueryBuilder("c").orderBy("c.customer_number");
    expect(await countRows(all)).toBe(30);
    expect(await countRows(all, 5)).toBe(6);
    expect(await countRows(all, 30)).toBe(30);
    expect(await countRows(all.clone().where("c.customer_number > :n", { n: "~" }), 5)).toBe(0);
    expect(await countSql(app.db, "SELECT 1 FROM customer LIMIT 11")).toBe(11);
  });

  it("answers EXACT below the limit and AT_LEAST limit beyond it, on both paths", async () => {
    const query = `query C($limit: Int!) { customers(first: 2) { totalCount count(limit: $limit) { __typename value precision } small: count(limit: 1) { value precision } deflt: count { value precision } edges { node { id } } } }`;
    for (const [limit, expected] of [[10, { value: 10, precision: "AT_LEAST" }], [30, { value: 30, precision: "EXACT" }], [31, { value: 30, precision: "EXACT" }]] as const) {
      const { compiled, executed } = await paths.both(admin, query, { limit });
      expect(compiled.path).toBe("compiled");
      expect(executed.path).toBe("executor");
      expect(compiled.text).toBe(executed.text);
      const body = JSON.parse(compiled.text);
      expect(body.errors).toBeUndefined();
      const list = body.data.customers;
      expect(list.totalCount).toBe(30);
      expect(list.count).toEqual({ __typename: "ListCount", ...expected });
      expect(list.small).toEqual({ value: 1, precision: "AT_LEAST" });
      expect(list.deflt).toEqual({ value: 30, precision: "EXACT" });
    }
  });

  it("counts an agent's own book and a filtered list, not the table", async () => {
    const agent = await app.token(Role.AGENT);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM customer WHERE assigned_agent_id = $1`, [staffIdFor(DEFAULT_USERNAME_BY_ROLE[Role.AGENT] as string)]);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(30);
    const own = await app.gql(`{ customers(first: 1) { count { value precision } } }`, { token: agent });
    expect(own.body.data?.customers.count).toEqual({ value: n, precision: "EXACT" });
    const bounded = await app.gql(`{ customers(first: 1) { count(limit: 1) { value precision } } }`, { token: agent });
    expect(bounded.body.data?.customers.count).toEqual({ value: 1, precision: n > 1 ? "AT_LEAST" : "EXACT" });
  });

  it("bounds the audit log, relation lists and segment members the same way", async () => {
    await app.gql(`{ customers(first: 10) { edges { node { email } } } }`, { token: admin }); // audit rows
    const [{ entries }] = await app.db.query(`SELECT count(*)::int AS entries FROM audit_entry`);
    expect(entries).toBeGreaterThan(3);
    const audit = await app.gql(`{ auditLog(first: 1) { totalCount count(limit: 3) { value precision } } }`, { token: admin });
    expect(audit.body.data?.auditLog).toEqual({ totalCount: entries, count: { value: 3, precision: "AT_LEAST" } });

    const [busy] = await app.db.query(`SELECT customer_id, count(*)::int AS n FROM interaction GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
    expect(busy.n).toBeGreaterThan(1);
    const nested = `query N($id: ID!, $limit: Int!) { customer(id: $id) { interactions(first: 1) { totalCount count(limit: $limit) { value precision } } } }`;
    for (const [limit, expected] of [[1, { value: 1, precision: "AT_LEAST" }], [busy.n, { value: busy.n, precision: "EXACT" }]] as const) {
      const { compiled, executed } = await paths.both(admin, nested, { id: busy.customer_id, limit });
      expect(compiled.text).toBe(executed.text);
      expect(JSON.parse(compiled.text).data.customer.interactions).toEqual({ totalCount: busy.n, count: expected });
    }

    const segments = await app.gql(`{ segments(first: 10) { edges { node { memberCount members(first: 1) { count(limit: 1) { value precision } } } } } }`, { token: admin });
    // a segment whose rule the role may not use is refused (FORBIDDEN) for its count and members alike
    expect((segments.body.errors ?? []).every((error) => error.extensions?.code === "FORBIDDEN")).toBe(true);
    const nodes = (segments.body.data?.segments.edges.map((e: any) => e.node) ?? []).filter((node: any) => node?.members && node.memberCount !== null);
    expect(nodes.length).toBeGreaterThan(2);
    expect(nodes.some((node: any) => node.memberCount > 1)).toBe(true);
    for (const node of nodes) {
      expect(node.members.count).toEqual(node.memberCount > 1 ? { value: 1, precision: "AT_LEAST" } : { value: node.memberCount, precision: "EXACT" });
    }
  });

  it("refuses a limit out of range with BAD_USER_INPUT on both paths", async () => {
    for (const limit of [0, -1, 100_001]) {
      const { compiled, executed } = await paths.both(admin, `query C($limit: Int!) { customers(first: 1) { count(limit: $limit) { value } } }`, { limit });
      expect(compiled.text).toBe(executed.text);
      const body = JSON.parse(compiled.text);
      expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(body.errors[0].extensions.argument).toBe("limit");
    }
  });
});
