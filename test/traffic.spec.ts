import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { holdDatabase } from "./support/hold-database";

const ME = `query Me { me { role } }`;

async function post(app: TestApp, token: string): Promise<{ status: number; retryAfter: string | null; code?: string; millis: number }> {
  const started = Date.now();
  const response = await fetch(app.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: ME }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), code: body.errors?.[0]?.extensions?.code, millis: Date.now() - started };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("back-pressure", () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2, env: { MAX_IN_FLIGHT: "2", REQUEST_TIMEOUT_MS: "400", SHED_DELAY_MS: "200" } });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(() => app?.close());

  it("sheds requests beyond the in-flight cap with 503 and Retry-After after the shed pause, and answers the others", async () => {
    const hold = await holdDatabase(app.db);
    const waiting = [post(app, admin), post(app, admin)];
    await pause(100);
    const shed = await post(app, admin);
    await hold.release();
    expect(shed).toMatchObject({ status: 503, code: "UNAVAILABLE", retryAfter: "2" });
    expect(shed.millis).toBeGreaterThanOrEqual(190); // SHED_DELAY_MS: no busy loop of instant refusals
    expect(shed.millis).toBeLessThan(1000);
    const answered = await Promise.all(waiting);
    // the two held requests were either served after the release or timed out at 400 ms, never queued without bound
    for (const result of answered) expect([200, 503]).toContain(result.status);
    expect((await post(app, admin)).status).toBe(200);
  });

  it("answers 503 UNAVAILABLE when a request outlives the request timeout, and serves the next one", async () => {
    const hold = await holdDatabase(app.db);
    const late = await post(app, admin);
    await hold.release();
    expect(late).toMatchObject({ status: 503, code: "UNAVAILABLE", retryAfter: "2" });
    expect(late.millis).toBeGreaterThanOrEqual(350);
    expect(late.millis).toBeLessThan(2000);
    await pause(50);
    expect((await post(app, admin)).status).toBe(200);
  });
});

describe("rate limit per principal", () => {
  it("answers 429 RATE_LIMITED with Retry-After once a principal used its minute, others unaffected", async () => {
    const app = await startTestApp({ customers: 2, env: { RATE_LIMIT_PER_MINUTE: "3" } });
    try {
      const admin = await app.token(Role.ADMIN);
      const agent = await app.token(Role.AGENT);
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push(await post(app, admin));
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 429]);
      expect(statuses[3].code).toBe("RATE_LIMITED");
      expect(Number(statuses[3].retryAfter)).toBeGreaterThan(0);
      expect((await post(app, agent)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("holds across two API replicas when the counters are kept in Redis", async () => {
    const env = { RATE_LIMIT_PER_MINUTE: "4", REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", RATE_LIMIT_PREFIX: `c360:test:${randomUUID()}` };
    const first = await startTestApp({ customers: 2, env });
    const second = await startTestApp({ customers: 2, env });
    try {
      const admin = await first.token(Role.ADMIN); // same subject on both replicas
      const statuses = [];
      for (const replica of [first, second, first, second, first, second]) statuses.push((await post(replica, admin)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
