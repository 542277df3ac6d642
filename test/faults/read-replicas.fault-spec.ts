import { randomUUID } from "node:crypto";
import { loadConfig } from "../../src/config";
import { signToken } from "../../src/auth/token";
import { Role } from "../../src/auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../../src/modules/staff/staff-id";
import { ApiProcess, buildServer } from "./api-process";
import { FAULT_DATABASE, seedFaultDatabase } from "./fault-app";
import { ThrowawayPostgres } from "./throwaway-postgres";

/**
 * Two API processes (dist/src/index.js, as `npm start` runs it) on one primary and one streaming
 * replica (pg_basebackup -R), with Redis shared: rate limits hold across the processes, a
 * caller's write through one is read back through the other, a replica that lags past
 * REPLICA_MAX_LAG or is killed under load is skipped (no read fails), and one that comes back is
 * read from again.
 */
const MAX_LAG_SECONDS = 3;
const INTERACTIONS = /* GraphQL */ `
  query Interactions($id: ID!) { customer(id: $id) { id interactions(first: 100) { edges { node { id } } } } }
`;

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
}

async function gql(api: ApiProcess, query: string, token?: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  try {
    const res = await fetch(`${api.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Answer["body"] };
  } catch (err) {
    return { status: 0, body: { errors: [{ message: (err as Error).message }] } };
  }
}

const interactionIds = (answer: Answer): string[] => answer.body?.data?.customer?.interactions.edges.map((e: { node: { id: string } }) => e.node.id) ?? [];
const tokenFor = (role: Role) => signToken({ sub: staffIdFor(DEFAULT_USERNAME_BY_ROLE[role]), role }, loadConfig({ NODE_ENV: "test" }), "1h");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("two API processes on a primary and a streaming replica", () => {
  let primary: ThrowawayPostgres;
  let standby: ThrowawayPostgres;
  let a: ApiProcess;
  let b: ApiProcess;
  let admin: string;
  let agent: string;
  let customerId: string;

  const standbyQuery = <T>(sql: string) => standby.withClient(FAULT_DATABASE, async (client) => (await client.query(sql)).rows as T[]);

  beforeAll(async () => {
    buildServer();
    primary = await ThrowawayPostgres.create();
    await primary.start();
    await seedFaultDatabase(primary);
    standby = await ThrowawayPostgres.standbyOf(primary);
    await standby.start();
    const [{ recovering }] = await standbyQuery<{ recovering: boolean }>("SELECT pg_is_in_recovery() AS recovering");
    expect(recovering).toBe(true);

    const env = {
      NODE_ENV: "test",
      DATABASE_URL: primary.url(FAULT_DATABASE),
      DATABASE_REPLICA_URLS: standby.url(FAULT_DATABASE),
      REPLICA_MAX_LAG: `${MAX_LAG_SECONDS}s`,
      REPLICA_CHECK_INTERVAL_MS: "200",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      RATE_LIMIT_PREFIX: `c360:fault:${randomUUID()}`,
      RATE_LIMIT_PER_MINUTE: "400",
      DB_RETRY_INTERVAL_MS: "200",
      LOG_LEVEL: "warn",
    };
    [a, b] = await Promise.all([ApiProcess.start("A", env), ApiProcess.start("B", env)]);
    admin = await tokenFor(Role.ADMIN);
    agent = await tokenFor(Role.AGENT);
    customerId = await primary.withClient(FAULT_DATABASE, async (client) =>
      (await client.query(`SELECT c.id FROM customer c JOIN staff_user s ON s.id = c.assigned_agent_id WHERE s.username = 'agent1' ORDER BY c.customer_number LIMIT 1`)).rows[0].id,
    );
    // both read from the replica before the faults begin: a process counts it usable once a check
    // (every 200 ms) has seen it caught up with the primary, which on a busy machine can take more
    // than the first request (a CI run once read from the primary there)
    for (const api of [a, b]) {
      let routed = false;
      for (const deadline = Date.now() + 15_000; !routed && Date.now() < deadline; ) {
        const before = await api.metric("customer360_read_routes_total", { target: "replica" });
        expect((await gql(api, INTERACTIONS, admin, { id: customerId })).body?.errors).toBeUndefined();
        routed = (await api.metric("customer360_read_routes_total", { target: "replica" })) === before + 1;
        if (!routed) await sleep(200);
      }
      expect(routed).toBe(true);
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await standby?.destroy();
    await primary?.destroy();
  });

  it("keeps one rate limit across both processes (Redis)", async () => {
    const statuses: number[] = [];
    for (const api of [a, b]) {
      for (let i = 0; i < 250; i += 1) statuses.push((await gql(api, "{ __typename }")).status);
    }
    expect(statuses.filter((status) => status === 200).length).toBe(400);
    expect(statuses.filter((status) => status === 429).length).toBe(100);
    expect(statuses.slice(0, 250).every((status) => status === 200)).toBe(true);
  });

  it("reads a caller's write through the other process while the replica lags; skips the replica past REPLICA_MAX_LAG; uses it again once it caught up", async () => {
    await standbyQuery("SELECT pg_wal_replay_pause()");
    try {
      const written = await gql(a, `mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`, agent, {
        input: { customerId, channel: "PHONE", kind: "INQUIRY", subject: "Written on A, read on B" },
      });
      expect(written.body?.errors).toBeUndefined();
      const id = written.body!.data!.recordInteraction.id as string;
      const writtenAt = Date.now();

      // the writer, through B, reads from the primary: the replica has not replayed the write
      expect(interactionIds(await gql(b, INTERACTIONS, agent, { id: customerId }))).toContain(id);
      // someone else, through B, is still read from the replica, which does not have it yet (so the replica really lags)
      const stale = await gql(b, INTERACTIONS, admin, { id: customerId });
      expect(Date.now() - writtenAt).toBeLessThan(MAX_LAG_SECONDS * 1000);
      expect(stale.body?.errors).toBeUndefined();
      expect(interactionIds(stale)).not.toContain(id);

      // past the lag limit the replica is skipped: the same reader sees the write, from the primary
      const skippedBefore = await b.metric("customer360_replica_skipped_total", { reason: "lagging" });
      let seenAfterMs = -1;
      while (Date.now() - writtenAt < (MAX_LAG_SECONDS + 5) * 1000) {
        if (interactionIds(await gql(b, INTERACTIONS, admin, { id: customerId })).includes(id)) {
          seenAfterMs = Date.now() - writtenAt;
          break;
        }
        await sleep(200);
      }
      expect(seenAfterMs).toBeGreaterThanOrEqual(MAX_LAG_SECONDS * 1000);
      expect(seenAfterMs).toBeLessThan((MAX_LAG_SECONDS + 5) * 1000);
      expect(await b.metric("customer360_replica_skipped_total", { reason: "lagging" })).toBeGreaterThan(skippedBefore);
      expect(await b.metric("customer360_replica_lag_seconds")).toBeGreaterThan(MAX_LAG_SECONDS);
    } finally {
      await standbyQuery("SELECT pg_wal_replay_resume()");
    }
    // caught up: read from the replica again
    const back = await pollReplicaUse(b, 10_000);
    expect(back).not.toBeNull();
  });

  it("answers every read when the replica is killed under load, and reads from it again once it is back", async () => {
    const failures: { at: number; status: number; message: string }[] = [];
    let answered = 0;
    let killedAt = 0;
    const until = Date.now() + 8000;
    // one reader per role that reads the customer's interactions (each has its own rate limit of 400 a
    // minute, shared by both processes): each reader paced at one read per 40 ms at most, 200 in the 8 s
    const readers = await Promise.all([Role.ADMIN, Role.COMPLIANCE, Role.AGENT].map((role) => tokenFor(role)));
    let slowestAfterKillMs = 0;
    const client = async (api: ApiProcess, token: string) => {
      while (Date.now() < until) {
        const sentAt = Date.now();
        const answer = await gql(api, INTERACTIONS, token, { id: customerId });
        if (killedAt && sentAt >= killedAt - 50) slowestAfterKillMs = Math.max(slowestAfterKillMs, Date.now() - sentAt);
        if (answer.status === 200 && !answer.body?.errors && answer.body?.data?.customer?.id === customerId) answered += 1;
        else failures.push({ at: killedAt ? Date.now() - killedAt : -1, status: answer.status, message: answer.body?.errors?.[0]?.message ?? JSON.stringify(answer.body).slice(0, 200) });
        await sleep(sentAt + 40 - Date.now());
      }
    };
    const killer = async () => {
      await sleep(2000);
      killedAt = Date.now();
      await standby.stop({ mode: "immediate" });
    };
    await Promise.all([killer(), client(a, readers[0]), client(b, readers[1]), client(b, readers[2])]);
    expect({ answered: answered > 50, failures }).toEqual({ answered: true, failures: [] });
    // fail-over to the primary within 5 s: no read sent after the kill waited longer
    expect(slowestAfterKillMs).toBeLessThan(5000);
    for (const api of [a, b]) expect(await api.metric("customer360_replica_lag_seconds")).toBe(-1);

    const restartedAt = Date.now();
    await standby.start();
    const backAfterMs: number[] = [];
    for (const api of [a, b]) {
      const took = await pollReplicaUse(api, 15_000);
      expect(took).not.toBeNull();
      backAfterMs.push(Date.now() - restartedAt);
    }
    process.stdout.write(`replica killed under load: ${answered} reads answered, 0 failed, slowest read after the kill ${slowestAfterKillMs} ms; replica back in use ${backAfterMs.join(" / ")} ms after its start returned\n`);
  });

  /** Sends reads through `api` until one is routed to the replica (ms taken), or null after `withinMs`. */
  async function pollReplicaUse(api: ApiProcess, withinMs: number): Promise<number | null> {
    const started = Date.now();
    while (Date.now() - started < withinMs) {
      const before = await api.metric("customer360_read_routes_total", { target: "replica" });
      await gql(api, INTERACTIONS, admin, { id: customerId });
      if ((await api.metric("customer360_read_routes_total", { target: "replica" })) > before) return Date.now() - started;
      await sleep(250);
    }
    return null;
  }
});
