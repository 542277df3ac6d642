import { randomUUID } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { Role } from "../src/auth/role";
import { liveEventsFor } from "../src/modules/events/live-events";
import { dispatchOnce } from "../src/modules/events/webhook-dispatcher";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { openDatabase, type Database } from "../src/db/data-source";
import { buildServedSchema } from "../src/graphql/schema";
import { startHttpServer, type RunningServer } from "../src/http/server";
import { DATABASE_SCHEMA } from "../src/database-schema";
import { natsEventStream, type EventStream } from "../src/modules/events/event-stream";
import { startTestApp, type TestApp } from "./support/app";
import { backend, testDatabaseUrl } from "./support/database";
import { ASSIGN_AGENT, UPDATE_CUSTOMER } from "./support/operations";
import { dispatchLive, liveSubscribers, subscribeLive } from "./support/live-client";

const CHANGES = `subscription ($id: ID!) { customerChanged(id: $id) { eventType changedFields customer { id fullName email phone city } } }`;
const READ = `query ($id: ID!) { customer(id: $id) { id fullName email phone city } }`;

describe("live subscriptions over graphql-ws: authorized at subscribe and at every push, each push through the executor", () => {
  let app: TestApp;
  let admin: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await startTestApp({ customers: 6 });
    admin = await app.token(Role.ADMIN);
    while ((await dispatch()).fannedOut > 0); // the seed's overdue complaints, signalled before anyone listens
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await app?.close();
  });

  const dispatch = (now?: Date) => dispatchLive(app.db, now);
  const agentCustomer = async (agent = "agent1") =>
    (await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 1`, [staffIdFor(agent)]))[0].id as string;
  const update = async (id: string, input: Record<string, unknown>) => {
    const { version } = (await app.db.query(`SELECT version FROM customer WHERE id = $1`, [id]))[0];
    const res = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id, input, expectedVersion: version } });
    expect(res.body.errors).toBeUndefined();
  };

  const live = (token: string | null, query: string, variables: Record<string, unknown> = {}) => subscribeLive(app.server.url, clients, token, query, variables);
  const subscribed = async (n: number) => expect(await liveSubscribers(app.db, n)).toBe(n);

  it("pushes a customer's change as the role's own read of it (masking included), naming only fields the role reads in full", async () => {
    const id = await agentCustomer();
    const agentToken = await app.token(Role.AGENT);
    const marketingToken = await app.token(Role.MARKETING);
    const agent = live(agentToken, CHANGES, { id });
    const marketing = live(marketingToken, CHANGES, { id });
    await subscribed(2);
    const audited = Number((await app.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE request_id LIKE 'ws:%'`))[0].n);

    await update(id, { city: "Jiande", phone: "+8657155501234" });
    expect((await dispatch()).fannedOut).toBe(1);
    const [agentPush, marketingPush] = [await agent.next(), await marketing.next()];
    expect(agentPush?.errors).toBeUndefined();
    expect(agentPush!.data!.customerChanged).toMatchObject({ eventType: "customer.updated", changedFields: ["city", "phone"] });
    expect(marketingPush!.data!.customerChanged.changedFields).toEqual(["city"]); // phone is masked for marketing: not named
    // the push is what the same role reads over HTTP now: the normal executor, masking and all
    expect(agentPush!.data!.customerChanged.customer).toEqual((await app.gql(READ, { token: agentToken, variables: { id } })).body.data!.customer);
    expect(marketingPush!.data!.customerChanged.customer).toEqual((await app.gql(READ, { token: marketingToken, variables: { id } })).body.data!.customer);
    expect(marketingPush!.data!.customerChanged.customer.phone).not.toBe("+8657155501234");
    // every push is recorded in the access audit, under a request id of its own
    const after = Number((await app.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE request_id LIKE 'ws:%'`))[0].n);
    expect(after).toBeGreaterThan(audited);
    await Promise.all([agent.dispose(), marketing.dispose()]);
    await subscribed(0);
  });

  it("refuses at subscribe: out of scope NOT_FOUND, a role not allowed FORBIDDEN, no token or a bad one closes the socket", async () => {
    const other = (await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id IS DISTINCT FROM $1 ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]))[0].id as string;
    const outOfScope = live(await app.token(Role.AGENT), CHANGES, { id: other });
    expect((await outOfScope.next())?.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const integration = live(await app.token(Role.INTEGRATION), CHANGES, { id: other });
    expect((await integration.next())?.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const marketingDeadlines = live(await app.token(Role.MARKETING), `subscription { complaintDeadlines { id } }`);
    expect((await marketingDeadlines.next())?.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await live(null, CHANGES, { id: other }).closedWith).toBe(4403);
    expect(await live("not-a-token", CHANGES, { id: other }).closedWith).toBe(4403);
    const query = live(admin, `query { me { role } }`);
    expect((await query.next())?.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    await subscribed(0);
  });

  it("stops pushing when the customer leaves the subscriber's scope, and closes the socket when the token expires", async () => {
    const id = await agentCustomer();
    const agent = live(await app.token(Role.AGENT), CHANGES, { id });
    await subscribed(1);
    const moved = await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: id, agentId: staffIdFor("agent2") } });
    expect(moved.body.errors).toBeUndefined();
    await update(id, { city: "Chun'an" });
    await dispatch();
    expect(await agent.next(600)).toBeNull(); // neither the reassignment nor the change reaches agent1
    await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: id, agentId: staffIdFor("agent1") } });
    await agent.dispose();

    const short = live(await app.token(Role.AGENT, { expiresIn: "2s" }), CHANGES, { id });
    await subscribed(1);
    const started = Date.now();
    expect(await short.closedWith).toBe(4401);
    expect(Date.now() - started).toBeLessThan(10_000);
    await subscribed(0);
  });

  it("applies a consent withdrawn after an earlier push at the next push: no rule result or risk view is kept from one push to the next", async () => {
    const [{ id }] = await app.db.query(
      `SELECT c.id FROM customer c JOIN health_declaration h ON h.customer_id = c.id WHERE c.annual_income > 0 AND c.erased_at IS NULL ORDER BY c.customer_number LIMIT 1`);
    const sensitiveData = async (granted: boolean) => {
      const res = await app.gql(`mutation ($input: SetConsentInput!) { setConsent(input: $input) { granted } }`,
        { token: admin, variables: { input: { customerId: id, purpose: "SENSITIVE_DATA", granted } } });
      expect(res.body.errors).toBeUndefined();
    };
    await sensitiveData(true);
    const assessed = await app.gql(`mutation ($id: ID!) { assessRisk(customerId: $id) { id } }`, { token: admin, variables: { id } });
    expect(assessed.body.errors).toBeUndefined();
    while ((await dispatch()).fannedOut > 0);
    const selection = `customer { annualIncome { amount { amount } band } riskProfile { factors { name } } }`;
    const underwriter = await app.token(Role.UNDERWRITER);
    const pushes = live(underwriter, `subscription ($id: ID!) { customerChanged(id: $id) { eventType ${selection} } }`, { id });
    await subscribed(1);
    const factorNames = (result: { data?: Record<string, any> | null } | null) => result!.data!.customerChanged.customer.riskProfile.factors.map((factor: { name: string }) => factor.name);

    await update(id, { city: "Tonglu" });
    await dispatch();
    const granted = await pushes.next();
    expect(granted?.errors).toBeUndefined();
    expect(granted!.data!.customerChanged.customer.annualIncome.amount).not.toBeNull();
    expect(factorNames(granted)).toContain("SMOKER");

    await sensitiveData(false);
    await dispatch();
    const withdrawn = await pushes.next();
    expect(withdrawn!.data!.customerChanged.eventType).toBe("consent.changed");
    expect(withdrawn!.errors?.map((error) => [error.path?.join("."), error.extensions?.code])).toEqual([["customerChanged.customer.annualIncome", "FORBIDDEN"]]);
    expect(factorNames(withdrawn)).not.toContain("SMOKER");
    // the push is what the role reads over HTTP now
    const now = await app.gql(`query ($id: ID!) { ${selection.replace("customer {", "customer(id: $id) {")} }`, { token: underwriter, variables: { id } });
    expect(withdrawn!.data!.customerChanged.customer).toEqual(now.body.data!.customer);
    await pushes.dispose();
    await subscribed(0);
  });

  it("pushes my alerts and complaint deadlines as the dispatcher raises them, to their recipients only", async () => {
    const id = await agentCustomer();
    const complaint = await app.gql(
      `mutation ($input: FileComplaintInput!) { fileComplaint(input: $input) { id dueAt } }`,
      { token: admin, variables: { input: { customerId: id, category: "SERVICE_ATTITUDE", channel: "PHONE", severity: "MEDIUM", subject: "Nobody called back" } } },
    );
    expect(complaint.body.errors).toBeUndefined();
    const complaintId = complaint.body.data!.fileComplaint.id as string;
    await dispatch();
    const alerts = live(await app.token(Role.AGENT), `subscription { myAlerts { kind complaint { id } customer { id } } }`);
    const otherAgent = live(await app.token(Role.AGENT, { user: "agent2" }), `subscription { myAlerts { kind } }`);
    const deadlines = live(await app.token(Role.COMPLIANCE), `subscription { complaintDeadlines { id status } }`);
    await subscribed(3);

    const dueAt = new Date(complaint.body.data!.fileComplaint.dueAt);
    await dispatch(new Date(dueAt.getTime() + 60_000)); // the clock passes the deadline
    const pushed = await alerts.next();
    expect(pushed?.errors).toBeUndefined();
    expect(pushed?.data?.myAlerts).toEqual({ kind: "COMPLAINT_OVERDUE", complaint: { id: complaintId }, customer: { id } });
    expect((await deadlines.next())?.data?.complaintDeadlines).toMatchObject({ id: complaintId });
    expect(await otherAgent.next(500)).toBeNull();
    await Promise.all([alerts.dispose(), otherAgent.dispose(), deadlines.dispose()]);
  });
});

/**
 * Two API processes' worth of servers on one PostgreSQL database (each its own data source, so its
 * own live hub), both listening to NATS: a change written through one replica is pushed to a
 * subscriber of the other.
 */
(backend === "postgres" ? describe : describe.skip)("live subscriptions across replicas through NATS", () => {
  const run = randomUUID().slice(0, 8);
  const natsEnv = { NATS_URL: process.env.NATS_TEST_URL ?? "nats://127.0.0.1:4222", NATS_SUBJECT_PREFIX: `c360live.${run}`, NATS_STREAM: `C360LIVE_${run}` };
  let app: TestApp;
  let replicaDb: Database;
  let replica: RunningServer;
  let stream: EventStream;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await startTestApp({ customers: 4, env: natsEnv });
    replicaDb = await openDatabase({ schema: DATABASE_SCHEMA, databaseUrl: testDatabaseUrl(app.db)!, poolSize: 4 });
    replica = await startHttpServer(replicaDb, app.config, await buildServedSchema());
    stream = natsEventStream(app.config.webhooks.stream!);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await stream?.close();
    await replica?.stop();
    await replicaDb?.destroy();
    const nc = await connect({ servers: natsEnv.NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(natsEnv.NATS_STREAM).catch(() => undefined);
    await nc.close();
    await app?.close();
  });

  it("pushes a change written through one replica to subscribers of both", async () => {
    for (let i = 0; i < 100 && !(liveEventsFor(app.db).listeningToNats && liveEventsFor(replicaDb).listeningToNats); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect([liveEventsFor(app.db).listeningToNats, liveEventsFor(replicaDb).listeningToNats]).toEqual([true, true]);
    const admin = await app.token(Role.ADMIN);
    const id = (await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]))[0].id as string;
    const agent = await app.token(Role.AGENT);
    const received: { server: string; change: Record<string, any> }[] = [];
    for (const [server, url] of [["first", app.server.url], ["replica", replica.url]] as const) {
      const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${agent}` }, retryAttempts: 0 });
      clients.push(client);
      client.subscribe<Record<string, any>>({ query: CHANGES, variables: { id } }, { next: (r) => received.push({ server, change: r.data!.customerChanged }), error: () => undefined, complete: () => undefined });
    }
    for (let i = 0; i < 100 && liveEventsFor(app.db).subscribers + liveEventsFor(replicaDb).subscribers < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    while ((await dispatchOnce(app.db, { retrySchedule: [1], timeoutMs: 1000, eventStream: stream })).fannedOut > 0); // the seed's clock events

    const { version } = (await app.db.query(`SELECT version FROM customer WHERE id = $1`, [id]))[0];
    const res = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id, input: { city: "Xiangshan" }, expectedVersion: version } });
    expect(res.body.errors).toBeUndefined();
    const pass = await dispatchOnce(app.db, { retrySchedule: [1], timeoutMs: 1000, eventStream: stream });
    expect(pass.streamed).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 250 && received.filter((r) => r.change.customer?.city === "Xiangshan").length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const pushes = received.filter((r) => r.change.customer?.city === "Xiangshan");
    expect(pushes.map((r) => r.server).sort()).toEqual(["first", "replica"]);
    expect(pushes.every((r) => r.change.eventType === "customer.updated" && r.change.changedFields.includes("city"))).toBe(true);
  });
});
