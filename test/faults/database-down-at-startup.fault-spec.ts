import { ThrowawayPostgres } from "./throwaway-postgres";
import {
  Role, SEEDED_CUSTOMERS, acknowledged, codeOf, faultEnv, leaksInternals, pollUntil, seedFaultDatabase, startFaultApp, type FaultApp,
} from "./fault-app";

const CUSTOMER_COUNT = /* GraphQL */ `
  query CustomerCount { customers(first: 5) { totalCount edges { node { id customerNumber } } } }
`;

/** Issue 8.5 a: the service comes up without its database and becomes ready once the database does. */
describe("database down at start-up", () => {
  let cluster: ThrowawayPostgres;
  let app: FaultApp | undefined;

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create();
    await cluster.start();
    await seedFaultDatabase(cluster);
    await cluster.stop({ mode: "fast" });
  });
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await cluster?.destroy();
  });

  it("serves health and 503 UNAVAILABLE while the database is down, and becomes ready within 5 s of the database starting", async () => {
    app = await startFaultApp(faultEnv(cluster, { DB_RETRY_INTERVAL_MS: "1000" }));
    const token = await app.token(Role.ADMIN);

    const health = await app.get("/healthz");
    expect(health.status).toBe(200);
    const notReady = await app.get("/readyz");
    expect([notReady.status, notReady.body]).toEqual([503, { status: "unavailable" }]);

    const refused = await app.gql(CUSTOMER_COUNT, { token });
    const observed = { status: refused.status, code: codeOf(refused), ms: Math.round(refused.ms), body: refused.text.slice(0, 500) };
    expect(observed).toMatchObject({ status: 503, code: "UNAVAILABLE" });
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(leaksInternals(refused.text)).toEqual([]);
    expect(refused.ms).toBeLessThan(1000);

    await cluster.start();
    const toReady = await pollUntil(async () => (await app!.get("/readyz")).status === 200, 5000, 100);
    expect({ readyWithinMs: toReady === null ? null : Math.round(toReady) }).toEqual({ readyWithinMs: expect.any(Number) });
    expect(toReady!).toBeLessThan(5000);
    console.info(`fault a: database down → query answered ${observed.status} ${observed.code} in ${observed.ms} ms; ready ${Math.round(toReady!)} ms after pg_ctl start returned`);
    expect((await app.get("/readyz")).body).toMatchObject({ status: "ready" });

    const served = await app.gql(CUSTOMER_COUNT, { token });
    expect({ status: served.status, errors: served.body?.errors }).toEqual({ status: 200, errors: undefined });
    expect(acknowledged(served)).toBe(true);
    expect(served.body!.data!.customers.totalCount).toBe(SEEDED_CUSTOMERS);
  });
});
