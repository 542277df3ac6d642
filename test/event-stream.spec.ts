import { randomUUID } from "node:crypto";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Role } from "../src/auth/role";
import { ConfigError, loadConfig, type StreamSettings } from "../src/config";
import { CUSTOMER_HEADER, natsEventStream, streamOnce, type EventStream } from "../src/modules/events/event-stream";
import { dispatchOnce } from "../src/modules/events/webhook-dispatcher";
import { startTestApp, type TestApp } from "./support/app";
import { UPDATE_CUSTOMER } from "./support/operations";

/** The machine's NATS server with JetStream (CI starts it when it is not answering). */
const NATS_URL = process.env.NATS_TEST_URL ?? "nats://127.0.0.1:4222";

interface Streamed {
  seq: number;
  subject: string;
  msgId: string | undefined;
  customerId: string | undefined;
  event: { id: string; type: string; subject: string | null; sequence: string; data: { customerId: string; changedFields?: string[] } };
}

describe("NATS JetStream: the outbox streamed, acknowledged before it is marked, in order per customer, once", () => {
  let app: TestApp;
  let admin: string;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const run = randomUUID().slice(0, 8);
  // a stream and subjects of this run's own, so runs and projects never see each other's messages
  const settings: StreamSettings = { url: NATS_URL, subjectPrefix: `c360test.${run}`, streamName: `C360TEST_${run}`, ackTimeoutMs: 3000 };
  let stream: EventStream;
  const dispatch = { retrySchedule: [1], timeoutMs: 1000 };

  beforeAll(async () => {
    app = await startTestApp({ customers: 3 });
    admin = await app.token(Role.ADMIN);
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
    stream = natsEventStream(settings);
  });
  afterAll(async () => {
    await stream?.close();
    await jsm?.streams.delete(settings.streamName).catch(() => undefined);
    await nc?.close();
    await app?.close();
  });

  /** The fan-out of a dispatcher pass without a stream: events are streamed only once handed out. */
  const handOut = () => dispatchOnce(app.db, dispatch);
  const unstreamed = async () => Number((await app.db.query(`SELECT count(*)::int AS n FROM event_outbox WHERE streamed_at IS NULL`))[0].n);
  const streamedMessages = async (): Promise<Streamed[]> => {
    const info = await jsm.streams.info(settings.streamName).catch(() => null);
    if (!info) return [];
    const messages: Streamed[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(settings.streamName, { seq });
      if (!message) continue;
      messages.push({ seq, subject: message.subject, msgId: message.header?.get("Nats-Msg-Id"), customerId: message.header?.get(CUSTOMER_HEADER), event: message.json() });
    }
    return messages;
  };
  const customerAt = async (offset: number) => (await app.db.query(`SELECT id FROM customer WHERE erased_at IS NULL ORDER BY customer_number LIMIT 1 OFFSET $1`, [offset]))[0].id as string;
  const update = async (id: string, input: Record<string, unknown>) => {
    const { version } = (await app.db.query(`SELECT version FROM customer WHERE id = $1`, [id]))[0];
    const res = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id, input, expectedVersion: version } });
    expect(res.body.errors).toBeUndefined();
  };

  it("streams every committed event as a thin CloudEvent on <prefix>.<type>, keyed by its id and customer, and marks it only then", async () => {
    for (let i = 0; i < 3; i++) await update(await customerAt(i), { city: `Hangzhou ${i}` });
    const pending = await unstreamed();
    expect(pending).toBeGreaterThanOrEqual(3); // these and any the test app's start wrote
    let streamed = 0;
    await handOut();
    for (let pass = await streamOnce(app.db, stream); pass.streamed > 0; pass = await streamOnce(app.db, stream)) {
      expect(pass.error).toBeNull();
      streamed += pass.streamed;
    }
    expect(streamed).toBe(pending);
    expect(await unstreamed()).toBe(0);

    const messages = await streamedMessages();
    expect(messages.length).toBe(pending);
    const outbox: { id: string; type: string; customer_id: string | null; position: string }[] = await app.db.query(
      `SELECT id, type, customer_id, position::text AS position FROM event_outbox ORDER BY event_outbox.position`,
    );
    const byId = new Map(outbox.map((row) => [row.id, row]));
    for (const message of messages) {
      const row = byId.get(message.msgId!)!;
      expect(row).toBeDefined();
      expect([message.subject, message.event.id, message.event.type, message.event.sequence, message.customerId ?? null, message.event.subject]).toEqual([
        `${settings.subjectPrefix}.${row.type}`, row.id, `customer360.${row.type}`, row.position, row.customer_id, row.customer_id,
      ]);
    }
    expect(new Set(messages.map((m) => m.msgId)).size).toBe(messages.length);
  });

  it("streams an event only once the fan-out handed it out (its alerts and reactions exist)", async () => {
    await update(await customerAt(2), { city: "Yuyao" });
    expect(await streamOnce(app.db, stream)).toEqual({ streamed: 0, error: null });
    await handOut();
    expect(await streamOnce(app.db, stream)).toEqual({ streamed: 1, error: null });
  });

  it("keeps one customer's events in commit order, through the dispatcher pass, with names of changed fields only", async () => {
    const customer = await customerAt(0);
    const before = (await streamedMessages()).length;
    await update(customer, { city: "Shaoxing" });
    await update(customer, { occupation: "Ferry captain" });
    await update(customer, { city: "Ningbo" });
    const pass = await dispatchOnce(app.db, { ...dispatch, eventStream: stream });
    expect([pass.streamed, pass.streamError]).toEqual([3, null]);
    const mine = (await streamedMessages()).slice(before);
    expect(mine.map((m) => m.event.data.changedFields)).toEqual([["city"], ["occupation"], ["city"]]);
    expect(mine.every((m) => m.customerId === customer && m.subject === `${settings.subjectPrefix}.customer.updated`)).toBe(true);
    expect(JSON.stringify(mine)).not.toContain("Ningbo");
  });

  it("stores an event once when it is published again (a pass that died after the acknowledgement, before its mark)", async () => {
    const before = (await streamedMessages()).length;
    await app.db.query(`UPDATE event_outbox SET streamed_at = NULL WHERE position IN (SELECT position FROM event_outbox ORDER BY position DESC LIMIT 3)`);
    expect(await streamOnce(app.db, stream)).toEqual({ streamed: 3, error: null }); // acknowledged as duplicates
    expect((await streamedMessages()).length).toBe(before);
    expect(await unstreamed()).toBe(0);
  });

  it("leaves events unmarked while NATS is unreachable, without holding the webhooks back, and streams them when it is back", async () => {
    const customer = await customerAt(1);
    await update(customer, { city: "Lishui" });
    const down = natsEventStream({ ...settings, url: "nats://127.0.0.1:9", ackTimeoutMs: 500 });
    try {
      const pass = await dispatchOnce(app.db, { ...dispatch, eventStream: down });
      expect(pass.streamed).toBe(0);
      expect(pass.streamError).toBeTruthy();
      expect(pass.fannedOut).toBe(1); // the webhook side took it
      expect(await unstreamed()).toBe(1);
    } finally {
      await down.close();
    }
    expect(await streamOnce(app.db, stream)).toEqual({ streamed: 1, error: null });
    const last = (await streamedMessages()).at(-1)!;
    expect([last.customerId, last.event.data.changedFields]).toEqual([customer, ["city"]]);
  });

  it("holds a customer's later events back when one publish fails, streams other customers', and keeps the order on the next pass", async () => {
    const [first, second] = [await customerAt(0), await customerAt(2)];
    await update(first, { city: "Taizhou" });
    await update(second, { city: "Zhoushan" });
    await update(first, { occupation: "Harbour pilot" });
    const failing = (await app.db.query(`SELECT id FROM event_outbox WHERE customer_id = $1 AND streamed_at IS NULL ORDER BY position LIMIT 1`, [first]))[0].id as string;
    let refused = 0;
    const flaky: EventStream = {
      publish: async (event) => {
        if (event.id === failing && refused++ === 0) throw new Error("publish refused once");
        await stream.publish(event);
      },
      close: async () => undefined,
    };
    const before = (await streamedMessages()).length;
    await handOut();
    const pass = await streamOnce(app.db, flaky);
    expect(pass.streamed).toBe(1); // the second customer's event only
    expect((pass.error as Error).message).toBe("publish refused once");
    expect(await streamOnce(app.db, flaky)).toEqual({ streamed: 2, error: null });
    const added = (await streamedMessages()).slice(before);
    expect(added.map((m) => [m.customerId, m.event.data.changedFields])).toEqual([
      [second, ["city"]],
      [first, ["city"]],
      [first, ["occupation"]],
    ]);
  });

  it("lets one pass stream at a time: two dispatchers side by side store each event once", async () => {
    for (let i = 0; i < 4; i++) await update(await customerAt(i % 3), { city: `Town ${i}` });
    const before = (await streamedMessages()).length;
    const other = natsEventStream(settings);
    try {
      await handOut();
      const [a, b] = await Promise.all([streamOnce(app.db, stream), streamOnce(app.db, other)]);
      expect(a.streamed + b.streamed).toBe(4);
    } finally {
      await other.close();
    }
    expect((await streamedMessages()).length - before).toBe(4);
    expect(await unstreamed()).toBe(0);
  });

  it("streams only when NATS_URL is set, and refuses malformed stream settings at start-up", () => {
    expect(loadConfig({ NODE_ENV: "test" }).webhooks.stream).toBeNull();
    expect(loadConfig({ NODE_ENV: "test", NATS_URL: "nats://127.0.0.1:4222" }).webhooks.stream).toEqual({
      url: "nats://127.0.0.1:4222", subjectPrefix: "customer360", streamName: "CUSTOMER360", ackTimeoutMs: 5000,
    });
    for (const bad of [{ NATS_URL: "http://127.0.0.1:4222" }, { NATS_URL: "nats://x", NATS_SUBJECT_PREFIX: "a.>" }, { NATS_URL: "nats://x", NATS_STREAM: "a.b" }, { NATS_URL: "nats://x", NATS_ACK_TIMEOUT_MS: "5" }]) {
      expect(() => loadConfig({ NODE_ENV: "test", ...bad })).toThrow(ConfigError);
    }
  });
});
