import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths } from "./support/both-paths";

/** `node(id)` is compiled: one statement reads the id as each node type under its row scope; answers equal the executor's. */
describe("compiled node(id)", () => {
  let app: TestApp;
  let paths: BothPaths;

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    paths = await BothPaths.start(app);
  });
  afterAll(async () => {
    await paths?.stop();
    await app?.close();
  });

  const NODE = `query N($id: ID!) { node(id: $id) {
    __typename id
    ... on Customer { customerNumber fullName email policies(first: 2) { totalCount edges { node { policyNumber } } } }
    ... on Policy { policyNumber status premium { amount currency } coverages { kind } policyholder { id fullName } }
    ... on Claim { claimNumber claimStatus: status events { toStatus } policy { policyNumber } }
  } }`;

  it("answers a customer, a policy, a claim, a missing id and a malformed one as the executor does, on the compiled path", async () => {
    const [own] = await app.db.query(
      `SELECT c.id AS customer, p.id AS policy, cl.id AS claim, s.username FROM customer c
       JOIN staff_user s ON s.id = c.assigned_agent_id
       JOIN policy p ON p.customer_id = c.id JOIN claim cl ON cl.customer_id = c.id
       ORDER BY c.customer_number LIMIT 1`,
    );
    const [other] = await app.db.query(
      `SELECT c.id AS customer, p.id AS policy FROM customer c JOIN policy p ON p.customer_id = c.id
       WHERE c.assigned_agent_id IS DISTINCT FROM (SELECT id FROM staff_user WHERE username = $1) ORDER BY c.customer_number LIMIT 1`,
      [own.username],
    );
    const admin = await app.token(Role.ADMIN);
    const agent = await app.token(Role.AGENT, { user: own.username });
    const typenames: (string | null)[] = [];
    for (const [token, id, expected] of [
      [admin, own.customer, "Customer"],
      [admin, own.policy, "Policy"],
      [admin, own.claim, "Claim"],
      [agent, own.policy, "Policy"],
      // out of the agent's row scope: null on both paths, whichever type it is
      [agent, other.customer, null],
      [agent, other.policy, null],
      [admin, randomUUID(), null],
      [admin, "not-a-uuid", null],
    ] as const) {
      const { compiled, executed } = await paths.both(token, NODE, { id });
      expect(compiled.path).toBe("compiled");
      expect(compiled.statements).toBeLessThanOrEqual(3);
      expect(compiled.text).toBe(executed.text);
      expect(compiled.audit).toEqual(executed.audit);
      const node = JSON.parse(compiled.text).data.node;
      typenames.push(node?.__typename ?? null);
      expect(node?.__typename ?? null).toBe(expected);
    }
    expect(typenames.filter(Boolean)).toHaveLength(4);
  });
});
