import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { Role } from "../src/auth/role";
import { dispatchOnce, retryDelaySeconds, startDispatcher } from "../src/modules/events/webhook-dispatcher";
import { startTestApp, type TestApp } from "./support/app";
import { RECORD_INTERACTION, UPDATE_CUSTOMER } from "./support/operations";

interface Received {
  headers: Record<string, string>;
  body: string;
}

interface ReceiverStatus {
  code: number;
  /** Requests (numbered from 1) answered 500. */
  failing?: number[];
  /** How long each answer waits. */
  delayMs?: number;
  /** Requests answered so far. */
  answered: number;
}

/** A webhook receiver on a free loopback port: answers `status` and keeps every request. */
async function receiver(): Promise<{ url: string; received: Received[]; status: ReceiverStatus; close(): Promise<void> }> {
  const received: Received[] = [];
  const status: ReceiverStatus = { code: 200, answered: 0 };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      const code = status.failing?.includes(received.length) ? 500 : status.code;
      setTimeout(() => {
        status.answered++;
        res.writeHead(code).end();
      }, status.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, status, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const CREATE = `mutation ($url: String!, $types: [String!]!) { createWebhook(url: $url, eventTypes: $types) { secret webhook { id url eventTypes active } } }`;
const HEALTH = `{ webhooks { id url health { pending dead delivered lastError } } }`;

describe("webhooks: the outbox's events delivered, signed, in order per customer, retried, dead-lettered and replayed", () => {
  let app: TestApp;
  let admin: string;
  const settings = { retrySchedule: [1, 1], timeoutMs: 2000 };

  beforeAll(async () => {
    app = await startTestApp({ customers: 4 });
    admin = await app.token(Role.ADMIN);
    await dispatchOnce(app.db, settings); // the seed's events go before any endpoint exists
  });
  afterAll(() => app?.close());

  const customerAt = async (offset: number) =>
    (await app.db.query(`SELECT id, version FROM customer WHERE erased_at IS NULL ORDER BY customer_number LIMIT 1 OFFSET $1`, [offset]))[0] as { id: string; version: number };
  const update = async (id: string, input: Record<string, unknown>) => {
    const { version } = (await app.db.query(`SELECT version FROM customer WHERE id = $1`, [id]))[0];
    const res = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id, input, expectedVersion: version } });
    expect(res.body.errors).toBeUndefined();
  };

  it("lets only ADMIN subscribe, checks the URL and the event types, and shows the secret once", async () => {
    for (const role of [Role.AGENT, Role.COMPLIANCE, Role.INTEGRATION]) {
      const res = await app.gql(CREATE, { token: await app.token(role), variables: { url: "http://127.0.0.1:9/x", types: [] } });
      expect([role, res.body.errors?.[0]?.extensions?.code]).toEqual([role, "FORBIDDEN"]);
    }
    const bad = await app.gql(CREATE, { token: admin, variables: { url: "ftp://example.org/x", types: ["customer.nothing"] } });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const types = await app.gql(CREATE, { token: admin, variables: { url: "http://127.0.0.1:9/x", types: ["customer.nothing"] } });
    expect(types.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const list = await app.gql(`{ webhooks { id } }`, { token: admin });
    expect(list.body.data!.webhooks).toEqual([]);
  });

  it("delivers the subscribed events, signed per Standard Webhooks, as thin CloudEvents, once, in order", async () => {
    const hooks = await receiver();
    try {
      const created = await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated", "consent.changed"] } });
      expect(created.body.errors).toBeUndefined();
      const { secret, webhook } = created.body.data!.createWebhook;
      expect(secret).toMatch(/^whsec_/);
      expect(webhook.eventTypes).toEqual(["consent.changed", "customer.updated"]);

      const customer = await customerAt(0);
      await update(customer.id, { city: "Wenzhou" });
      const contact = await app.gql(RECORD_INTERACTION, {
        token: admin, variables: { input: { customerId: customer.id, channel: "PHONE", kind: "INQUIRY", direction: "INBOUND", subject: "Not subscribed" } },
      });
      expect(contact.body.errors).toBeUndefined();
      const consent = await app.gql(`mutation ($id: ID!) { setConsent(input: { customerId: $id, purpose: PROFILING, granted: false }) { id } }`, { token: admin, variables: { id: customer.id } });
      expect(consent.body.errors).toBeUndefined();
      await update(customer.id, { occupation: "Pilot" });

      const pass = await dispatchOnce(app.db, settings);
      expect(pass).toMatchObject({ attempted: 3, delivered: 3 }); // one customer's queue: sent as a chain, one after another, in one pass
      while ((await dispatchOnce(app.db, settings)).attempted > 0);
      expect(hooks.received.length).toBe(3);
      const verifier = new Webhook(secret);
      const events = hooks.received.map((request) => verifier.verify(request.body, request.headers) as { id: string; type: string; subject: string; data: Record<string, unknown> });
      expect(events.map((e) => e.type)).toEqual(["customer360.customer.updated", "customer360.consent.changed", "customer360.customer.updated"]);
      expect(events[0].data).toEqual({ customerId: customer.id, changedFields: ["city"] });
      expect(events.every((e) => e.subject === customer.id)).toBe(true);
      expect(hooks.received.map((r) => r.headers["webhook-id"])).toEqual(events.map((e) => e.id));
      expect(hooks.received.map((r) => r.body).join("")).not.toContain("Wenzhou");
      // a forged signature does not verify
      expect(() => verifier.verify(hooks.received[0].body.replace("city", "town"), hooks.received[0].headers)).toThrow();
      // nothing is sent twice
      await dispatchOnce(app.db, settings);
      expect(hooks.received.length).toBe(3);
      const health = await app.gql(HEALTH, { token: admin });
      expect(health.body.data!.webhooks[0].health).toEqual({ pending: 0, dead: 0, delivered: 3, lastError: null });
      expect((await app.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { token: admin, variables: { id: webhook.id } })).body.data!.deleteWebhook).toBe(true);
    } finally {
      await hooks.close();
    }
  });

  it("retries a failing endpoint on its schedule, holds the customer's later events back, ends in dead letter, and replays it", async () => {
    const hooks = await receiver();
    hooks.status.code = 500;
    try {
      const created = await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      const webhookId = created.body.data!.createWebhook.webhook.id as string;
      const customer = await customerAt(1);
      await update(customer.id, { city: "Jiaxing" });
      await update(customer.id, { city: "Huzhou" });
      const start = Date.now();
      const at = (seconds: number) => new Date(start + seconds * 1000);

      expect(await dispatchOnce(app.db, settings, at(0))).toMatchObject({ attempted: 1, delivered: 0, dead: 0 }); // the later event waits
      expect(await dispatchOnce(app.db, settings, at(0.5))).toMatchObject({ attempted: 0 }); // not due before the first wait (1–1.2 s)
      expect(await dispatchOnce(app.db, settings, at(2))).toMatchObject({ attempted: 1, dead: 0 });
      expect(await dispatchOnce(app.db, settings, at(4))).toMatchObject({ attempted: 1, dead: 1 }); // 3 attempts: the schedule [1, 1] is spent
      // the first is dead: the customer's next event goes (and fails on its own schedule)
      expect(await dispatchOnce(app.db, settings, at(4))).toMatchObject({ attempted: 1, dead: 0 });
      const health = (await app.gql(HEALTH, { token: admin })).body.data!.webhooks.find((w: { id: string }) => w.id === webhookId).health;
      expect(health).toEqual({ pending: 1, dead: 1, delivered: 0, lastError: "HTTP 500" });
      expect(hooks.received.length).toBe(4);
      expect(new Set(hooks.received.map((r) => r.headers["webhook-id"])).size).toBe(2); // retries keep the message id

      hooks.status.code = 204;
      const replayed = await app.gql(`mutation ($id: ID!) { replayWebhookDeliveries(id: $id) }`, { token: admin, variables: { id: webhookId } });
      expect(replayed.body.data!.replayWebhookDeliveries).toBe(1);
      await dispatchOnce(app.db, settings, at(10));
      await dispatchOnce(app.db, settings, at(10));
      const after = (await app.gql(HEALTH, { token: admin })).body.data!.webhooks.find((w: { id: string }) => w.id === webhookId).health;
      expect(after).toEqual({ pending: 0, dead: 0, delivered: 2, lastError: null });
      expect(hooks.received.length).toBe(6);
    } finally {
      await hooks.close();
    }
  });

  it("sends a customer's queue as a chain in one pass, stops it at the first failure, and leaves the rest due as it was", async () => {
    const hooks = await receiver();
    hooks.status.failing = [2];
    try {
      const created = await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      const webhookId = created.body.data!.createWebhook.webhook.id as string;
      await app.db.query(`DELETE FROM webhook_endpoint WHERE id <> $1`, [webhookId]); // the earlier tests' endpoints
      const customer = await customerAt(2);
      for (const city of ["Shaoxing", "Zhuji", "Shengzhou", "Xinchang"]) await update(customer.id, { city });
      const start = Date.now();
      const at = (seconds: number) => new Date(start + seconds * 1000);

      expect(await dispatchOnce(app.db, settings, at(0))).toMatchObject({ attempted: 2, delivered: 1, dead: 0 }); // the second fails: the chain stops
      const queue: { attempts: number; next: Date }[] = await app.db.query(
        `SELECT attempts, next_attempt_at AS next FROM webhook_delivery WHERE endpoint_id = $1 AND status = 'PENDING' ORDER BY position`,
        [webhookId],
      );
      expect(queue.map((d) => d.attempts)).toEqual([1, 0, 0]);
      expect(new Date(queue[0].next).getTime()).toBeGreaterThanOrEqual(at(1).getTime()); // its retry
      expect(queue.slice(1).map((d) => new Date(d.next).getTime())).toEqual([at(0).getTime(), at(0).getTime()]); // unsent: due as queued, not leased
      expect(await dispatchOnce(app.db, settings, at(2))).toMatchObject({ attempted: 3, delivered: 3 }); // the retry, then the rest of the chain
      const bodies = hooks.received.map((r) => JSON.parse(r.body) as { id: string; sequence: string });
      expect(bodies.length).toBe(5);
      expect(bodies[2].id).toBe(bodies[1].id); // the retry of the failed one, before any later event
      const sequences = [bodies[0], ...bodies.slice(2)].map((b) => BigInt(b.sequence));
      expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
      expect(new Set(sequences).size).toBe(4);
      await app.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { token: admin, variables: { id: webhookId } });
    } finally {
      await hooks.close();
    }
  });

  it("replays the events of a time range to an endpoint, delivered ones included, under their ids", async () => {
    const hooks = await receiver();
    try {
      const created = await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      const webhookId = created.body.data!.createWebhook.webhook.id as string;
      const customer = await customerAt(2);
      await update(customer.id, { city: "Lishui" });
      while ((await dispatchOnce(app.db, settings)).attempted > 0);
      expect(hooks.received.length).toBe(1);
      const firstId = hooks.received[0].headers["webhook-id"];

      const REPLAY = `mutation ($id: ID!, $from: DateTimeISO!, $to: DateTimeISO!) { replayEvents(webhookId: $id, from: $from, to: $to) }`;
      const from = new Date(Date.now() - 10 * 60_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      expect((await app.gql(REPLAY, { token: await app.token(Role.COMPLIANCE), variables: { id: webhookId, from, to } })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await app.gql(REPLAY, { token: admin, variables: { id: webhookId, from: to, to: from } })).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const [{ n }] = await app.db.query(
        `SELECT count(*)::int AS n FROM event_outbox WHERE type = 'customer.updated' AND published_at IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2`,
        [from, to],
      );
      const replayed = await app.gql(REPLAY, { token: admin, variables: { id: webhookId, from, to } });
      expect(replayed.body.data!.replayEvents).toBe(n);
      expect(n).toBeGreaterThanOrEqual(1);
      while ((await dispatchOnce(app.db, settings)).attempted > 0);
      expect(hooks.received.length).toBe(1 + n);
      expect(hooks.received.slice(1).map((r) => r.headers["webhook-id"])).toContain(firstId);
    } finally {
      await hooks.close();
    }
  });

  it("lets two dispatchers run side by side: each event is queued once and each delivery sent once, in order per customer", async () => {
    const hooks = await receiver();
    try {
      const created = await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      const webhookId = created.body.data!.createWebhook.webhook.id as string;
      const cities = ["Quzhou", "Jinhua", "Yiwu"];
      for (const city of cities) for (let i = 0; i < 3; i++) await update((await customerAt(i)).id, { city: `${city} ${i}` });
      for (let round = 0; round < 12; round++) await Promise.all([dispatchOnce(app.db, settings), dispatchOnce(app.db, settings)]);
      const ids = hooks.received.map((r) => r.headers["webhook-id"]);
      expect(ids.length).toBe(9);
      expect(new Set(ids).size).toBe(9);
      const bodies = hooks.received.map((r) => JSON.parse(r.body) as { subject: string; sequence: string });
      for (const subject of new Set(bodies.map((b) => b.subject))) {
        const sequences = bodies.filter((b) => b.subject === subject).map((b) => BigInt(b.sequence));
        expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
      }
      await app.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { token: admin, variables: { id: webhookId } });
    } finally {
      await hooks.close();
    }
  });

  it("logs every attempt per endpoint, disables an endpoint that failed for too long, and sends again once enabled", async () => {
    const hooks = await receiver();
    hooks.status.code = 503;
    try {
      const created = await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      const webhookId = created.body.data!.createWebhook.webhook.id as string;
      await app.db.query(`DELETE FROM webhook_endpoint WHERE id <> $1`, [webhookId]); // the earlier tests' endpoints
      const customer = await customerAt(3);
      await update(customer.id, { city: "Deqing" });
      const start = Date.now();
      const at = (seconds: number) => new Date(start + seconds * 1000);
      const failing = { ...settings, disableAfterMs: 3000 };
      expect(await dispatchOnce(app.db, failing, at(0))).toMatchObject({ attempted: 1, delivered: 0, disabled: 0 });
      expect(await dispatchOnce(app.db, failing, at(2))).toMatchObject({ attempted: 1, disabled: 0 }); // failing for 2 s
      expect(await dispatchOnce(app.db, failing, at(4))).toMatchObject({ attempted: 1, dead: 1, disabled: 1 }); // 4 s ≥ 3 s

      const LOG = `query ($failedOnly: Boolean) { webhooks { id active failingSince disabledAt attempts(last: 5, failedOnly: $failedOnly) { eventType attempt httpStatus error durationMs attemptedAt } } }`;
      const shown = (await app.gql(LOG, { token: admin })).body.data!.webhooks.find((w: { id: string }) => w.id === webhookId);
      expect([shown.active, shown.failingSince, shown.disabledAt]).toEqual([false, at(0).toISOString(), at(4).toISOString()]);
      expect(shown.attempts.map((a: { attempt: number; httpStatus: number; error: string; eventType: string }) => [a.attempt, a.httpStatus, a.error, a.eventType])).toEqual([
        [3, 503, "HTTP 503", "customer.updated"], [2, 503, "HTTP 503", "customer.updated"], [1, 503, "HTTP 503", "customer.updated"],
      ]);
      expect(shown.attempts.every((a: { durationMs: number }) => a.durationMs >= 0)).toBe(true);
      expect((await app.gql(`{ webhooks { attempts(last: 0) { attempt } } }`, { token: admin })).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

      // disabled: new events are not queued for it, and nothing is sent
      await update(customer.id, { city: "Anji" });
      const received = hooks.received.length;
      expect(await dispatchOnce(app.db, failing, at(10))).toMatchObject({ attempted: 0 });
      expect(hooks.received.length).toBe(received);

      hooks.status.code = 200;
      expect((await app.gql(`mutation ($id: ID!) { enableWebhook(id: $id) { active disabledAt failingSince } }`, { token: await app.token(Role.AGENT), variables: { id: webhookId } })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const enabled = await app.gql(`mutation ($id: ID!) { enableWebhook(id: $id) { active disabledAt failingSince } }`, { token: admin, variables: { id: webhookId } });
      expect(enabled.body.data!.enableWebhook).toEqual({ active: true, disabledAt: null, failingSince: null });
      await app.gql(`mutation ($id: ID!) { replayWebhookDeliveries(id: $id) }`, { token: admin, variables: { id: webhookId } });
      expect(await dispatchOnce(app.db, failing, new Date())).toMatchObject({ attempted: 1, delivered: 1 });
      const after = (await app.gql(LOG, { token: admin, variables: { failedOnly: true } })).body.data!.webhooks.find((w: { id: string }) => w.id === webhookId);
      expect(after.attempts.length).toBe(3); // the delivered attempt is not a failure
      expect(after.failingSince).toBeNull();
      await app.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { token: admin, variables: { id: webhookId } });
    } finally {
      await hooks.close();
    }
  });

  it("rotates an endpoint's secret: shown once, and during the grace each request verifies with the old or the new one", async () => {
    const hooks = await receiver();
    try {
      const created = await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      const { secret: oldSecret, webhook } = created.body.data!.createWebhook;
      const ROTATE = `mutation ($id: ID!, $grace: Int!) { rotateWebhookSecret(id: $id, graceHours: $grace) { secret webhook { previousSecretUntil } } }`;
      expect((await app.gql(ROTATE, { token: await app.token(Role.COMPLIANCE), variables: { id: webhook.id, grace: 24 } })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await app.gql(ROTATE, { token: admin, variables: { id: webhook.id, grace: 1000 } })).body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const rotated = (await app.gql(ROTATE, { token: admin, variables: { id: webhook.id, grace: 24 } })).body.data!.rotateWebhookSecret;
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(oldSecret);
      expect(Date.parse(rotated.webhook.previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);

      await update((await customerAt(0)).id, { city: "Tongxiang" });
      while ((await dispatchOnce(app.db, settings)).attempted > 0);
      const request = hooks.received.at(-1)!;
      expect(request.headers["webhook-signature"].split(" ").length).toBe(2);
      expect(() => new Webhook(rotated.secret).verify(request.body, request.headers)).not.toThrow();
      expect(() => new Webhook(oldSecret).verify(request.body, request.headers)).not.toThrow();

      const final = (await app.gql(ROTATE, { token: admin, variables: { id: webhook.id, grace: 0 } })).body.data!.rotateWebhookSecret;
      expect(final.webhook.previousSecretUntil).toBeNull();
      await update((await customerAt(0)).id, { city: "Haining" });
      while ((await dispatchOnce(app.db, settings)).attempted > 0);
      const last = hooks.received.at(-1)!;
      expect(() => new Webhook(final.secret).verify(last.body, last.headers)).not.toThrow();
      expect(() => new Webhook(rotated.secret).verify(last.body, last.headers)).toThrow();
      await app.gql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { token: admin, variables: { id: webhook.id } });
    } finally {
      await hooks.close();
    }
  });

  it("wakes the running dispatcher at commit (NOTIFY from the outbox), long before its next poll", async () => {
    const hooks = await receiver();
    const errors: unknown[] = [];
    const stop = startDispatcher(app.db, { ...settings, pollMs: 60_000, stream: null }, (err) => errors.push(err));
    try {
      await app.db.query(`DELETE FROM webhook_endpoint`);
      await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      await new Promise((resolve) => setTimeout(resolve, 300)); // listening
      const started = Date.now();
      await update((await customerAt(1)).id, { city: "Pinghu" });
      while (hooks.received.length === 0 && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(hooks.received.length).toBe(1);
      expect(Date.now() - started).toBeLessThan(20_000); // the poll would come after 60 s
      expect(JSON.parse(hooks.received[0].body).data.changedFields).toEqual(["city"]);
      expect(errors).toEqual([]);
    } finally {
      await stop();
      await hooks.close();
    }
  });

  it("gives each endpoint its own pipeline in the running dispatcher: a slow receiver holds back only its own queue", async () => {
    const slow = await receiver();
    const fast = await receiver();
    slow.status.delayMs = 2000;
    const errors: unknown[] = [];
    const stop = startDispatcher(app.db, { ...settings, timeoutMs: 10_000, pollMs: 60_000, stream: null }, (err) => errors.push(err));
    try {
      await app.db.query(`DELETE FROM webhook_endpoint`);
      for (const hooks of [slow, fast]) await app.gql(CREATE, { token: admin, variables: { url: hooks.url, types: ["customer.updated"] } });
      await new Promise((resolve) => setTimeout(resolve, 300)); // listening
      const customer = (await customerAt(3)).id;
      const cities = ["Xiangshan", "Ninghai", "Sanmen"];
      for (const city of cities) {
        await update(customer, { city });
        await new Promise((resolve) => setTimeout(resolve, 100)); // committed apart: the later ones find the slow endpoint busy
      }
      const started = Date.now();
      while (fast.received.length < 3 && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 10));
      // the fast endpoint has all three while the slow one has not answered its first
      expect([fast.received.length, slow.received.length, slow.status.answered]).toEqual([3, 1, 0]);
      while (slow.status.answered < 3 && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 20));
      const cityOf = (r: Received) => JSON.parse(r.body).sequence as string;
      expect(slow.received.map(cityOf)).toEqual(fast.received.map(cityOf)); // the same events, in the same order
      expect(slow.status.answered).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await stop();
      await slow.close();
      await fast.close();
    }
  });

  it("waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h by default, each with up to 20 % jitter, then gives up", () => {
    const schedule = [5, 300, 1800, 7200, 18000, 36000, 36000];
    expect(schedule.map((_, i) => retryDelaySeconds(schedule, i + 1, () => 0))).toEqual(schedule);
    expect(retryDelaySeconds(schedule, 1, () => 1)).toBeCloseTo(6);
    expect(retryDelaySeconds(schedule, 8)).toBeNull();
    expect(app.config.webhooks.retrySchedule).toEqual(schedule);
  });
});
