import { ThrowawayPostgres } from "./throwaway-postgres";
import { FAULT_DATABASE, Role, faultEnv, leaksInternals, seedFaultDatabase, startFaultApp, type FaultApp } from "./fault-app";
import { CLAIMED_AMOUNT, DeskRun, newLedger, type Attempt, type Workplace } from "./service-load";
import { compareLedger } from "./ledger-check";

const DESKS = 8;
const LOAD_MS = 8_000;
/** Whatever happens, the desks stop after this long (a failed restart must not leave them running). */
const LOAD_HARD_STOP_MS = 60_000;
const RESTART_AFTER_MS = 2_500;
const FAILURE_ANSWERED_WITHIN_MS = 5_000;
const RECOVERED_WITHIN_MS = 10_000;
const KEY_PREFIX = `restart-drill-${process.pid}`;

const round = (ms: number) => Math.round(ms);

/** Issue 8.5 b: PostgreSQL restarts (pg_ctl restart -m fast) while desks write and read. */
describe("database restarted under load", () => {
  let cluster: ThrowawayPostgres;
  let app: FaultApp | undefined;
  let place: Workplace;
  const claimsBefore = new Set<string>();

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.create();
    await cluster.start();
    await seedFaultDatabase(cluster);
    const { customers, policies } = await cluster.withClient(FAULT_DATABASE, async (client) => {
      for (const { id } of (await client.query(`SELECT id FROM claim`)).rows) claimsBefore.add(id);
      const customers = (await client.query(`SELECT id FROM customer WHERE erased_at IS NULL ORDER BY customer_number`)).rows.map((row) => row.id as string);
      const policies = (
        await client.query(
          `SELECT id, greatest(start_date, current_date - 5)::text AS incident_date FROM policy
           WHERE status = 'ACTIVE' AND start_date <= current_date AND end_date >= current_date AND sum_insured >= $1
           ORDER BY policy_number`,
          [CLAIMED_AMOUNT],
        )
      ).rows.map((row) => ({ id: row.id as string, incidentDate: row.incident_date as string }));
      return { customers, policies };
    });
    expect(customers.length).toBeGreaterThan(10);
    expect(policies.length).toBeGreaterThan(3);
    app = await startFaultApp(
      faultEnv(cluster, { DB_POOL_SIZE: "10", DB_ACQUIRE_TIMEOUT_MS: "2000", STATEMENT_TIMEOUT_MS: "5000", DB_RETRY_INTERVAL_MS: "1000" }),
    );
    place = { app, customers, policies, ledger: newLedger() };
  });
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await cluster?.destroy();
  });

  it("fails fast with UNAVAILABLE during the restart, recovers without an app restart, and loses or half-writes nothing acknowledged", async () => {
    const adminToken = await app!.token(Role.ADMIN);
    const adjusterToken = await app!.token(Role.CLAIMS_ADJUSTER);
    const desks = Array.from({ length: DESKS }, (_, index) => new DeskRun(place, { index, adminToken, adjusterToken }, KEY_PREFIX));
    const startedBefore = await cluster.withClient(FAULT_DATABASE, async (client) => (await client.query(`SELECT pg_postmaster_start_time()::text AS t`)).rows[0].t);

    const loadStart = performance.now();
    let restartSentAt = 0;
    let restartReturnedAt = 0;
    const succeededSinceRestart = () =>
      restartReturnedAt > 0 && place.ledger.attempts.some((attempt) => attempt.ok && attempt.response.sentAt >= restartReturnedAt);
    let restartFailed = false;
    const keepGoing = () => {
      const now = performance.now();
      if (restartFailed || now - loadStart > LOAD_HARD_STOP_MS) return false;
      if (now - loadStart < LOAD_MS || restartReturnedAt === 0) return true;
      return !succeededSinceRestart() && now - restartReturnedAt < RECOVERED_WITHIN_MS + 1_000;
    };
    const restart = (async () => {
      await new Promise((resolve) => setTimeout(resolve, RESTART_AFTER_MS));
      restartSentAt = performance.now();
      await cluster.restart({ mode: "fast" }).catch((err) => {
        restartFailed = true;
        throw err;
      });
      restartReturnedAt = performance.now();
    })();
    await Promise.all([
      restart,
      ...desks.map(async (desk) => {
        while (keepGoing()) await desk.step();
      }),
    ]);
    const loadMs = performance.now() - loadStart;

    const startedAfter = await cluster.withClient(FAULT_DATABASE, async (client) => (await client.query(`SELECT pg_postmaster_start_time()::text AS t`)).rows[0].t);
    expect(startedAfter).not.toBe(startedBefore); // the server really restarted

    // after the drill, without restarting the application, every kind of request is served again
    const settled = await Promise.all(desks.flatMap((desk) => [desk.recordContact(), desk.readCustomers(), desk.moveClaim()]));

    const { attempts } = place.ledger;
    const failures = attempts.filter((attempt) => !attempt.ok);
    const codes: Record<string, number> = {};
    for (const failure of failures) codes[failure.code ?? "(none)"] = (codes[failure.code ?? "(none)"] ?? 0) + 1;
    const firstSuccessAfterRestart = attempts
      .filter((attempt) => attempt.ok && attempt.response.sentAt >= restartReturnedAt)
      .reduce((first, attempt) => Math.min(first, attempt.response.answeredAt), Infinity);
    const recoveryMs = firstSuccessAfterRestart - restartReturnedAt;
    const lastFailure = failures.reduce((last, attempt) => Math.max(last, attempt.response.answeredAt), -Infinity);
    const latencies = failures.map((failure) => failure.response.ms).sort((a, b) => a - b);
    const summarize = (attempt: Attempt) => ({
      operation: attempt.operation,
      status: attempt.response.status,
      code: attempt.code,
      ms: round(attempt.response.ms),
      sentAfterRestartMs: round(attempt.response.sentAt - restartSentAt),
      body: attempt.response.text.slice(0, 300),
    });

    const db = await cluster.withClient(FAULT_DATABASE, (client) => compareLedger(client, place.ledger, KEY_PREFIX, claimsBefore));
    console.info(
      `fault b: ${attempts.length} requests by ${DESKS} desks in ${round(loadMs)} ms; pg_ctl restart took ${round(restartReturnedAt - restartSentAt)} ms; ` +
        `${failures.length} failed ${JSON.stringify(codes)}, failure latency p50 ${round(latencies[Math.floor(latencies.length / 2)] ?? 0)} ms ` +
        `max ${round(latencies[latencies.length - 1] ?? 0)} ms; first success ${round(recoveryMs)} ms after the restart returned, last failure ` +
        `${failures.length ? round(lastFailure - restartReturnedAt) : "-"} ms after it; ledger vs database ${JSON.stringify(db.counts)}`,
    );

    expect(failures.filter((failure) => !failure.code).map(summarize)).toEqual([]);
    expect(failures.filter((failure) => failure.code !== "UNAVAILABLE").map(summarize)).toEqual([]);
    expect(failures.filter((failure) => failure.response.status !== 503 || !failure.response.retryAfter).map(summarize)).toEqual([]);
    expect(failures.filter((failure) => leaksInternals(failure.response.text).length > 0).map(summarize)).toEqual([]);
    expect(failures.filter((failure) => failure.response.ms > FAILURE_ANSWERED_WITHIN_MS).map(summarize)).toEqual([]);
    expect(recoveryMs).toBeLessThan(RECOVERED_WITHIN_MS);
    expect(settled.every(Boolean) ? [] : attempts.slice(-settled.length).filter((attempt) => !attempt.ok).map(summarize)).toEqual([]);

    expect(db.discrepancies).toEqual([]);
    expect(db.counts.contactsAcknowledged).toBeGreaterThan(DESKS);
    expect(db.counts.contactRowsForAcknowledged).toBe(db.counts.contactsAcknowledged);
    expect(db.counts.stepsAcknowledged).toBeGreaterThan(DESKS);
    expect(db.counts.stepEventsFound).toBe(db.counts.stepsAcknowledged);
  });
});
