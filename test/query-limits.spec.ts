import { getIntrospectionQuery } from "graphql";
import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { CUSTOMER_360, CUSTOMER_LIST_WITH_RELATIONS } from "./support/operations";

/** Document limits (MAX_DEPTH, MAX_ALIASES, MAX_DIRECTIVES, MAX_TOKENS, MAX_COST, MAX_VALIDATION_ERRORS). */
describe("query limits", () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 12 });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(() => app?.close());

  const nested = (depth: number): string => {
    // customer → household → member → household → member … (each level two deeper)
    let selection = "id";
    for (let level = 0; level < depth; level += 1) selection = `household { member { ${selection} } }`;
    return `query Deep($id: ID!) { customer(id: $id) { ${selection} } }`;
  };

  async function someCustomerId(): Promise<string> {
    const { body } = await app.gql(`{ customers(first: 1) { edges { node { id } } } }`, { token: admin });
    return body.data!.customers.edges[0].node.id;
  }

  it("accepts the usual 360 view and the list of 100 customers with nested pages", async () => {
    const id = await someCustomerId();
    const view = await app.gql(CUSTOMER_360, { token: admin, variables: { id } });
    expect(view.status).toBe(200);
    expect(view.body.errors).toBeUndefined();
    const list = await app.gql(CUSTOMER_LIST_WITH_RELATIONS, { token: admin, variables: { first: 100 } });
    expect(list.status).toBe(200);
    expect(list.body.errors).toBeUndefined();
  });

  it("refuses a document deeper than 10 levels with 400, within and beyond the limit", async () => {
    const id = await someCustomerId();
    const within = await app.gql(nested(4), { token: admin, variables: { id } }); // depth 10
    expect(within.body.errors).toBeUndefined();
    const beyond = await app.gql(nested(5), { token: admin, variables: { id } }); // depth 12
    expect(beyond.status).toBe(400);
    expect(beyond.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(beyond.body.errors?.[0].message).toMatch(/depth/i);
  });

  it("follows fragments when measuring depth, and stops at fragment cycles", async () => {
    const viaFragments = `query { customers(first: 1) { edges { node { ...A } } } }
      fragment A on Customer { household { member { ...B } } }
      fragment B on Customer { household { member { household { member { household { member { id } } } } } } }`;
    const deep = await app.gql(viaFragments, { token: admin });
    expect(deep.status).toBe(400);
    const cycle = await app.gql(`query { me { ...A } } fragment A on Me { ...B } fragment B on Me { ...A }`, { token: admin });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("counts every alias, __typename included, up to 15", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(" ")} }`;
    expect((await app.gql(aliases(15), { token: admin })).status).toBe(200);
    const refused = await app.gql(aliases(16), { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].message).toMatch(/alias/i);
  });

  it("limits directives to 10", async () => {
    const directives = (n: number) => `{ ${"... @include(if: true) { __typename } ".repeat(n)} }`;
    expect((await app.gql(directives(10), { token: admin })).status).toBe(200);
    const refused = await app.gql(directives(11), { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].message).toMatch(/directive/i);
  });

  it("counts directives on repeated fragment spreads too", async () => {
    const spreads = (n: number) => `{ ${"...F @skip(if: false) ".repeat(n)} } fragment F on Query { __typename }`;
    expect((await app.gql(spreads(10), { token: admin })).status).toBe(200);
    const refused = await app.gql(spreads(11), { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("serves the standard introspection query outside production but refuses deeper introspection", async () => {
    const standard = await app.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), { token: admin });
    expect(standard.status).toBe(200);
    expect(standard.body.data?.__schema.queryType.name).toBe("Query");
    let bomb = "name";
    for (let level = 0; level < 16; level += 1) bomb = `ofType { ${bomb} }`;
    const refused = await app.gql(`{ __type(name: "Customer") { fields { type { ${bomb} } } } }`, { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].message).toMatch(/depth/i);
  });

  it("lets a document walk the schema once: aliased introspection is refused", async () => {
    const walks = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { types { name } }`).join(" ")} }`;
    expect((await app.gql(walks(1), { token: admin })).status).toBe(200);
    const refused = await app.gql(walks(2), { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].message).toMatch(/__schema/);
  });

  it("refuses fragments spread so often that the query cannot even be costed", async () => {
    let document = "{ ...S0 } ";
    for (let i = 0; i < 14; i += 1) document += `fragment S${i} on Query { ...S${i + 1} ...S${i + 1} } `;
    document += "fragment S14 on Query { customers(first: 2) { edges { node { id } } } }";
    const started = Date.now();
    const refused = await app.gql(document, { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("limits tokens: a long document fails to parse with 400 GRAPHQL_PARSE_FAILED", async () => {
    const long = `{ ${"__typename ".repeat(2100)} }`;
    const refused = await app.gql(long, { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(refused.body.errors?.[0].message).toMatch(/token/i);
  });

  it("weights lists by `first`, also when `first` comes from a variable", async () => {
    const query = `query Pages($outer: Int, $inner: Int) { customers(first: $outer) { edges { node { id
      policies(first: $inner) { edges { node { policyNumber } } } } } } }`;
    const fine = await app.gql(query, { token: admin, variables: { outer: 100, inner: 50 } }); // 100 × (1 + 50) = 5,100
    expect(fine.body.errors).toBeUndefined();
    const refused = await app.gql(query, { token: admin, variables: { outer: 100, inner: 100 } }); // 100 × 101 = 10,100
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", cost: 10100, maxCost: 10000 });
    expect(refused.statements).toBeLessThanOrEqual(1); // refused before execution: at most the caller's look-up
  });

  it("costs a repeated document with each request's own variables (a kept cost never answers for other values)", async () => {
    const pages = `query Pages($outer: Int, $inner: Int) { customers(first: $outer) { edges { node { id
      policies(first: $inner) { edges { node { policyNumber } } } } } } }`;
    const optional = `query Optional($deep: Boolean!) { customers(first: 100) { edges { node { id
      policies(first: 100) @include(if: $deep) { edges { node { policyNumber } } } } } } }`;
    const verdict = async (query: string, variables: Record<string, unknown>) => {
      const res = await app.gql(query, { token: admin, variables });
      return res.body.errors?.[0]?.extensions?.code ?? res.status;
    };
    for (let round = 0; round < 2; round += 1) {
      expect(await verdict(pages, { outer: 100, inner: 50 })).toBe(200);
      expect(await verdict(pages, { outer: 100, inner: 100 })).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(await verdict(pages, { outer: 100, inner: 50, unused: round })).toBe(200);
      expect(await verdict(pages, { outer: 100 })).toBe(200); // inner: the default page size
      expect(await verdict(pages, { outer: "many", inner: 50 })).toBe("BAD_USER_INPUT");
      expect(await verdict(optional, { deep: false })).toBe(200);
      expect(await verdict(optional, { deep: true })).toBe("GRAPHQL_VALIDATION_FAILED");
    }
  });

  it("caps the number of validation errors in one answer", async () => {
    const unknown = `{ me { ${Array.from({ length: 200 }, (_, i) => `unknown${i}`).join(" ")} } }`;
    const refused = await app.gql(unknown, { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.errors!.length).toBeLessThanOrEqual(11); // 10 + "Too many validation errors"
  });

  it("honours configured limits", async () => {
    // depth counts fields below the operation: customers(1) edges(2) node(3) id(4)
    const strict = await startTestApp({ customers: 2, env: { MAX_DEPTH: "4", MAX_ALIASES: "1" } });
    try {
      const token = await strict.token(Role.ADMIN);
      expect((await strict.gql(`{ a: __typename b: __typename }`, { token })).status).toBe(400);
      expect((await strict.gql(`{ customers(first: 1) { edges { node { id } } } }`, { token })).status).toBe(200);
      expect((await strict.gql(`{ customers(first: 1) { edges { node { household { kind } } } } }`, { token })).status).toBe(400);
    } finally {
      await strict.close();
    }
  });
});
