import { applyMiddleware } from "graphql-middleware";
import { allow } from "graphql-shield";
import { isAuthenticated } from "../src/auth/shield-rules";
import { buildPermissionMap, permissions } from "../src/graphql/permissions";
import { buildBareSchema } from "../src/graphql/schema";
import { unwrapSignedInOnlyFields } from "../src/graphql/signed-in-paths";
import { startTestApp, type TestApp } from "./support/app";

/** The shield runs only where a decision is made; anonymous callers are still stopped at the root. */
describe("fields that only need a signed-in caller", () => {
  it("keeps the shield on root and personal fields and removes it from the others", async () => {
    const bare = await buildBareSchema();
    const map = buildPermissionMap(bare);
    const served = applyMiddleware(bare, permissions(bare));
    const unwrapped = unwrapSignedInOnlyFields(served, bare, map);
    expect(unwrapped).toBeGreaterThan(100);
    const customer = served.getType("Customer") as import("graphql").GraphQLObjectType;
    const bareCustomer = bare.getType("Customer") as import("graphql").GraphQLObjectType;
    expect(customer.getFields().customerNumber.resolve).toBe(bareCustomer.getFields().customerNumber.resolve);
    expect(customer.getFields().fullName.resolve).not.toBe(bareCustomer.getFields().fullName.resolve); // CONTACT: shielded
    const query = served.getQueryType()!;
    expect(query.getFields().customers.resolve).not.toBe(bare.getQueryType()!.getFields().customers.resolve);
  });

  it("refuses to build when a root field would let anonymous callers in", async () => {
    const bare = await buildBareSchema();
    const map = buildPermissionMap(bare) as Record<string, Record<string, unknown>>;
    const open = { ...map, Query: { ...map.Query, customers: allow } };
    const served = applyMiddleware(bare, permissions(bare));
    expect(() => unwrapSignedInOnlyFields(served, bare, open)).toThrow(/Query.customers does not require sign-in/);
    const withSignIn = { ...map, Query: { ...map.Query, customers: isAuthenticated } };
    expect(() => unwrapSignedInOnlyFields(served, bare, withSignIn)).not.toThrow();
  });

  describe("over HTTP", () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ customers: 3 });
    });
    afterAll(() => app?.close());

    it("answers anonymous callers UNAUTHENTICATED with no data, on lists, by id and through node", async () => {
      for (const query of [
        `{ customers(first: 3) { edges { node { id customerNumber city } } pageInfo { hasNextPage } } }`,
        `{ customer(id: "00000000-0000-4000-8000-000000000000") { id serviceTier } }`,
        `{ node(id: "Q3VzdG9tZXI6MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw") { id } }`,
      ]) {
        const response = await app.gql(query);
        expect(response.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
        expect(Object.values(response.body.data ?? {}).every((value) => value === null)).toBe(true);
      }
    });
  });
});
