import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths } from "./support/both-paths";

/**
 * `customers` pages both ways (Relay's last/before): walking backward from the end gives the
 * forward order, page by page, with pageInfo as Relay expects — on the compiled path and the
 * executor alike, for every order.
 */
const PAGE = `query P($first: Int, $after: String, $last: Int, $before: String, $order: CustomerOrder) {
  customers(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id customerNumber } } } }`;

describe("backward paging (last/before) on customers", () => {
  let app: TestApp;
  let paths: BothPaths;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 23 });
    paths = await BothPaths.start(app);
    admin = await app.token(Role.ADMIN);
  });
  afterAll(async () => {
    await paths?.stop();
    await app?.close();
  });

  async function page(variables: Record<string, unknown>) {
    const { compiled, executed } = await paths.both(admin, PAGE, variables);
    expect(compiled.path).toBe("compiled");
    expect(compiled.text).toBe(executed.text);
    const body = JSON.parse(compiled.text);
    expect(body.errors).toBeUndefined();
    return body.data.customers as { pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string }; edges: { cursor: string; node: { id: string } }[] };
  }

  for (const order of [null, { field: "NAME", direction: "DESC" }, { field: "CREATED_AT", direction: "ASC" }]) {
    it(`walks backward to the forward order (${order ? `${order.field} ${order.direction}` : "default order"})`, async () => {
      const forward: string[] = [];
      for (let after: string | null = null, more = true; more; ) {
        const next = await page({ first: 7, after, order });
        forward.push(...next.edges.map((edge) => edge.node.id));
        ({ hasNextPage: more, endCursor: after } = next.pageInfo);
      }
      expect(forward).toHaveLength(23);

      const backward: string[][] = [];
      let before: string | null = null;
      for (let more = true; more; ) {
        const previous = await page({ last: 7, before, order });
        backward.unshift(previous.edges.map((edge) => edge.node.id));
        expect(previous.pageInfo.hasNextPage).toBe(before !== null);
        expect(previous.pageInfo.startCursor).toBe(previous.edges[0].cursor);
        ({ hasPreviousPage: more, startCursor: before } = previous.pageInfo);
      }
      expect(backward.map((ids) => ids.length)).toEqual([2, 7, 7, 7]);
      expect(backward.flat()).toEqual(forward);
    });
  }

  it("continues forward from a backward page's cursor and back", async () => {
    const last = await page({ last: 3 });
    const again = await page({ first: 3, after: last.edges[0].cursor });
    expect(again.edges.map((edge) => edge.node.id)).toEqual(last.edges.slice(1).map((edge) => edge.node.id));
    expect(again.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses mixed directions and sizes out of range with BAD_USER_INPUT", async () => {
    for (const [variables, argument] of [[{ first: 2, last: 2 }, "first"], [{ after: "x", before: "y" }, "after"], [{ last: 0 }, "last"], [{ last: 101 }, "last"]] as const) {
      const { compiled, executed } = await paths.both(admin, PAGE, variables);
      expect(compiled.text).toBe(executed.text);
      const error = JSON.parse(compiled.text).errors[0];
      expect([error.extensions.code, error.extensions.argument]).toEqual(["BAD_USER_INPUT", argument]);
    }
  });
});
