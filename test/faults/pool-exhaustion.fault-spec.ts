import { Client } from "pg";
import { CUSTOMER_LIST } from "../support/operations";
import { ThrowawayPostgres } from "./throwaway-postgres";
import {
  FAULT_DATABASE, Role, SEEDED_CUSTOMERS, acknowledged, codeOf, faultEnv, leaksInternals, pollUntil, seedFaultDatabase, startFaultApp,
  type FaultApp, type TimedResponse,
} from "./fault-app";

const POOL_SIZE = 2;
const ACQUIRE_TIMEOUT_MS = 500;
const STATEMENT_TIMEOUT_MS = 3_000;
const CONCURRENT_READS = 10;
const NO_REQUEST_BEYOND_MS = 5_000;
const RECOVERED_WITHIN_MS = 2_000;

/** Issue 8.5 c: every pooled connection is stuck behind a lock; the rest wait no longer than the acquire timeout. */
describe("connection pool exhausted", () => {
  let cluster: ThrowawayPostgres;
  let app: FaultApp | undefined;
  let locker: Client | undefined;

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create();
    await cluster.start();
    await seedFaultDatabase(cluster);
    app = await startFaultApp(
      faultEnv(cluster, {
        DB_POOL_SIZE: String(POOL_SIZE),
        DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS),
        STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      }),
    );
  });
  afterAll(async () => {
    await locker?.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await cluster?.destroy();
  });

  it("answers UNAVAILABLE at the acquire timeout or the statement timeout, never hangs, and serves again once the lock is gone", async () => {
    const token = await app!.token(Role.ADMIN);
    const listCustomers = () => app!.gql(CUSTOMER_LIST, { token, variables: { first: 10 } });
    const warm = await listCustomers();
    expect(acknowledged(warm)).toBe(true);
    expect(warm.body!.data!.customers.totalCount).toBe(SEEDED_CUSTOMERS);

    locker = new Client({ connectionString: cluster.url(FAULT_DATABASE), connectionTimeoutMillis: 5_000 });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE customer IN ACCESS EXCLUSIVE MODE");

    const reads = await Promise.all(Array.from({ length: CONCURRENT_READS }, listCustomers));
    const seen = (res: TimedResponse) => ({ status: res.status, code: codeOf(res), ms: Math.round(res.ms), retryAfter: res.retryAfter, body: res.text.slice(0, 200) });
    const waitedForConnection = reads.filter((res) => res.ms < STATEMENT_TIMEOUT_MS - 500);
    const hitStatementTimeout = reads.filter((res) => res.ms >= STATEMENT_TIMEOUT_MS - 500);
    console.info(
      `fault c: ${CONCURRENT_READS} reads against a locked table: ${waitedForConnection.length} answered at the acquire timeout ` +
        `(${waitedForConnection.map((res) => Math.round(res.ms)).join(", ")} ms), ${hitStatementTimeout.length} at the statement timeout ` +
        `(${hitStatementTimeout.map((res) => Math.round(res.ms)).join(", ")} ms); codes ${reads.map(codeOf).join(", ")}`,
    );

    expect(reads.filter((res) => res.status !== 503 || codeOf(res) !== "UNAVAILABLE" || !res.retryAfter).map(seen)).toEqual([]);
    expect(reads.filter((res) => leaksInternals(res.text).length > 0).map(seen)).toEqual([]);
    expect(reads.filter((res) => res.ms > NO_REQUEST_BEYOND_MS).map(seen)).toEqual([]);
    // those without a connection fail about when the acquire timeout ends, not at the statement timeout
    expect(waitedForConnection.length).toBeGreaterThanOrEqual(CONCURRENT_READS - POOL_SIZE);
    expect(waitedForConnection.filter((res) => res.ms < ACQUIRE_TIMEOUT_MS - 50 || res.ms > ACQUIRE_TIMEOUT_MS + 1_000).map(seen)).toEqual([]);
    // those holding the pool's connections are cancelled by statement_timeout
    expect(hitStatementTimeout.length).toBeGreaterThanOrEqual(1);
    expect(hitStatementTimeout.length).toBeLessThanOrEqual(POOL_SIZE);

    await locker.query("ROLLBACK");
    const recovered = await pollUntil(async () => acknowledged(await listCustomers()), RECOVERED_WITHIN_MS, 100);
    console.info(`fault c: served again ${recovered === null ? "never" : `${Math.round(recovered)} ms`} after ROLLBACK`);
    expect(recovered).not.toBeNull();
    expect(recovered!).toBeLessThan(RECOVERED_WITHIN_MS);
    for (let i = 0; i < 3; i += 1) expect(seen(await listCustomers())).toMatchObject({ status: 200, code: undefined });
  });
});
