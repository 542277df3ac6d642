import { Client } from "pg";
import { Role } from "../src/auth/role";
import { WriteMarks, UNKNOWN } from "../src/db/write-marks";
import { metricsRegistry } from "../src/observability/metrics";
import { backend } from "./support/database";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";

/**
 * Read replicas (DATABASE_REPLICA_URLS) on one PostgreSQL server: the "replica" is the test
 * database itself reached through read-only sessions, so that any write the router sent there
 * would fail, and the replica's statements are counted apart from the primary's. The streaming
 * replica with real lag is in test/faults/read-replicas.fault-spec.ts.
 */
const PERSONAL_360 = /* GraphQL */ `
  query Personal360($id: ID!) {
    customer(id: $id) {
      id fullName email phone dateOfBirth
      summary { activePolicies openClaims }
      consents { purpose granted }
      policies(first: 5) { totalCount edges { node { policyNumber status } } }
      interactions(first: 50) { totalCount edges { node { id subject notes } } }
      timeline(first: 5) { edges { node { kind } } }
      riskProfile { score tier }
    }
  }
`;

const READS: { role: Role; user?: string; query: string }[] = [
  { role: Role.ADMIN, query: `{ customers(first: 20) { totalCount edges { node { id fullName email } } } }` },
  { role: Role.ADMIN, query: `{ auditLog(first: 5) { totalCount edges { node { customerId outcome } } } }` },
  { role: Role.MARKETING, query: `{ segments(first: 3) { edges { node { id name memberCount } } } }` },
  { role: Role.ADMIN, query: `{ serviceMetrics(from: "2024-01-01T00:00:00Z", to: "2026-12-01T00:00:00Z", groupBy: QUEUE) { groups { key } } }` },
  { role: Role.ADMIN, query: `{ tasks(first: 10) { edges { node { id kind reach { heldBack } } } } }` },
  { role: Role.MARKETING, query: `{ offers(first: 20) { totalCount edges { node { customer { id } product { code } } } } }` },
  { role: Role.AGENT, user: "agent1", query: `{ myTasks(first: 10) { edges { node { id kind } } } }` },
];

const served = (app: TestApp) => app.readRouting!.replicas.status()[0].served;

async function routes(): Promise<Record<string, number>> {
  const metric = (await metricsRegistry.getSingleMetric("customer360_read_routes_total")!.get()).values;
  return Object.fromEntries(metric.map((v) => [`${v.labels.target}/${v.labels.reason}`, v.value]));
}

(backend === "postgres" ? describe : describe.skip)("read replicas", () => {
  let app: TestApp;
  let admin: string;
  let agent: string;
  let customerId: string;

  beforeAll(async () => {
    // a check interval longer than the spec: the replica's replay position moves only when a test calls check()
    app = await startTestApp({ customers: 30, readReplicas: true, env: { REPLICA_CHECK_INTERVAL_MS: "60000", REPLICA_MAX_LAG: "5s" } });
    admin = await app.token(Role.ADMIN);
    agent = await app.token(Role.AGENT, { user: "agent1" });
    const [row]: { id: string }[] = await app.db.query(
      `SELECT c.id FROM customer c JOIN staff_user s ON s.id = c.assigned_agent_id WHERE s.username = 'agent1' ORDER BY c.customer_number LIMIT 1`,
    );
    customerId = row.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it("answers every kind of read from the replica, with the access audit written on the primary", async () => {
    expect(app.readRouting!.replicas.status()).toEqual([expect.objectContaining({ state: "healthy" })]);
    const auditBefore = Number((await app.db.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n);
    const before = served(app);
    const res = await app.gql(PERSONAL_360, { token: admin, variables: { id: customerId } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.customer.id).toBe(customerId);
    expect(served(app)).toBeGreaterThan(before);
    const auditAfter = Number((await app.db.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n);
    expect(auditAfter).toBeGreaterThan(auditBefore);

    for (const read of READS) {
      const token = await app.token(read.role, read.user ? { user: read.user } : {});
      const start = served(app);
      const answer = await app.gql(read.query, { token });
      expect({ query: read.query, errors: answer.body.errors }).toEqual({ query: read.query, errors: undefined });
      expect({ query: read.query, replicaStatements: served(app) - start > 0 }).toEqual({ query: read.query, replicaStatements: true });
    }
  });

  it("streams an export from the replica", async () => {
    const start = served(app);
    const res = await fetch(app.server.url.replace(/\/graphql$/, "/exports/customers"), { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n");
    expect(lines.length).toBeGreaterThan(30);
    expect(served(app)).toBeGreaterThan(start);
  });

  it("reads a caller's own write from the primary until the replica has replayed it; other callers stay on the replica", async () => {
    const before = await routes();
    const written = await app.gql(
      `mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id subject } }`,
      { token: agent, variables: { input: { customerId, channel: "PHONE", kind: "INQUIRY", subject: "Replica read-your-writes" } } },
    );
    expect(written.body.errors).toBeUndefined();
    const interactionId = written.body.data!.recordInteraction.id;

    // the replica's last known position predates the write: the writer reads from the primary, and sees the write
    let start = served(app);
    const own = await app.gql(PERSONAL_360, { token: agent, variables: { id: customerId } });
    expect(served(app)).toBe(start);
    expect(own.body.data!.customer.interactions.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(interactionId);
    const after = await routes();
    expect((after["primary/own_write"] ?? 0) - (before["primary/own_write"] ?? 0)).toBe(1);
    expect((after["primary/write"] ?? 0) - (before["primary/write"] ?? 0)).toBe(1);

    // another caller is not held back by it
    start = served(app);
    await app.gql(PERSONAL_360, { token: admin, variables: { id: customerId } });
    expect(served(app)).toBeGreaterThan(start);

    // once the replica is known to have replayed past the write, the writer reads from it again
    await app.readRouting!.replicas.check();
    start = served(app);
    const again = await app.gql(PERSONAL_360, { token: agent, variables: { id: customerId } });
    expect(served(app)).toBeGreaterThan(start);
    expect(again.body.data!.customer.interactions.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(interactionId);
  });

  it("answers every read when the replica's connections are cut under load (failed over to the primary), and uses the replica again after its next check", async () => {
    await app.readRouting!.replicas.check();
    const failedOver = async () => {
      const metric = (await metricsRegistry.getSingleMetric("customer360_replica_skipped_total")!.get()).values;
      return metric.filter((v) => v.labels.reason === "failed").reduce((sum, v) => sum + v.value, 0);
    };
    const failedOverBefore = await failedOver();
    const killer = new Client({ connectionString: (app.db.options as { url: string }).url });
    await killer.connect();
    const answers: GraphQLResponse[] = [];
    try {
      // reads, 6 at a time, while the replica's sessions are cut every 40 ms (and the replica taken back in between):
      // for 1.5 s, and on until a cut met a read in flight (at most 10 s)
      const started = Date.now();
      let met = false;
      const going = () => Date.now() - started < 10_000 && (Date.now() - started < 1500 || !met);
      const reader = async () => {
        while (going()) answers.push(await app.gql(PERSONAL_360, { token: admin, variables: { id: customerId } }));
      };
      const cutter = async () => {
        while (going()) {
          met = (await failedOver()) > failedOverBefore;
          await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'customer360-replica' AND state = 'active' AND pid <> pg_backend_pid()`);
          await app.readRouting!.replicas.check();
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      };
      await Promise.all([cutter(), ...Array.from({ length: 6 }, reader)]);
    } finally {
      await killer.end();
    }
    const failed = answers.filter((answer) => answer.status !== 200 || answer.body.errors?.length || answer.body.data?.customer?.id !== customerId);
    expect(answers.length).toBeGreaterThan(10);
    expect(failed.length).toBe(0);
    // the cuts were met: reads on the replica's sessions failed and were answered by the primary
    expect(await failedOver()).toBeGreaterThan(failedOverBefore);
    await app.readRouting!.replicas.check();
    expect(app.readRouting!.replicas.status()[0].state).toBe("healthy");
    const start = served(app);
    await app.gql(PERSONAL_360, { token: admin, variables: { id: customerId } });
    expect(served(app)).toBeGreaterThan(start);
  });
});

(backend === "postgres" ? describe : describe.skip)("read replicas: one that is down", () => {
  let app: TestApp;

  beforeAll(async () => {
    const dead = "postgres://postgres@127.0.0.1:1/nothing";
    app = await startTestApp({ customers: 10, readReplicas: [dead], env: { REPLICA_CHECK_INTERVAL_MS: "60000" } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("is skipped: reads go to the primary, and the route is counted as such", async () => {
    expect(app.readRouting!.replicas.status()).toEqual([expect.objectContaining({ replica: "127.0.0.1:1/nothing", state: "down", served: 0 })]);
    const before = await routes();
    const res = await app.gql(`{ customers(first: 5) { edges { node { id } } } }`, { token: await app.token(Role.ADMIN) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.customers.edges).toHaveLength(5);
    const after = await routes();
    expect((after["primary/no_replica"] ?? 0) - (before["primary/no_replica"] ?? 0)).toBe(1);
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toMatch(/customer360_replica_lag_seconds\{replica="127.0.0.1:1\/nothing"\} -1/);
  });
});

describe("read-your-writes marks shared through Redis", () => {
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `c360:test-written:${process.pid}:${Date.now()}`;

  it("one API replica's mark is seen by another; the later position wins; an unreadable store routes to the primary", async () => {
    const a = new WriteMarks(60_000, redisUrl, prefix);
    const b = new WriteMarks(60_000, redisUrl, prefix);
    const unreachable = new WriteMarks(60_000, "redis://127.0.0.1:1", prefix);
    await Promise.all([a.ready(), b.ready(), unreachable.ready(200)]);
    try {
      expect(await b.pending("staff:x")).toBeNull();
      await a.wrote("staff:x", 0x1_0000_0500n);
      expect(await b.pending("staff:x")).toBe(0x1_0000_0500n);
      await b.wrote("staff:x", 0x1_0000_0400n); // an older position does not move the mark back
      expect(await a.pending("staff:x")).toBe(0x1_0000_0500n);
      await b.wrote("staff:x", 0x2_0000_0000n);
      expect(await a.pending("staff:x")).toBe(0x2_0000_0000n);
      expect(await a.pending("staff:y")).toBeNull();
      expect(await unreachable.pending("staff:x")).toBe(UNKNOWN);
    } finally {
      await Promise.all([a.close(), b.close(), unreachable.close()]);
    }
  });

  it("expires: after its time to live the caller reads from replicas again", async () => {
    const marks = new WriteMarks(150, redisUrl, `${prefix}:ttl`);
    await marks.ready();
    try {
      await marks.wrote("staff:z", 42n);
      expect(await marks.pending("staff:z")).toBe(42n);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await marks.pending("staff:z")).toBeNull();
    } finally {
      await marks.close();
    }
  });
});
