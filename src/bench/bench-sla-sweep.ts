import "reflect-metadata";
import { parseArgs } from "node:util";
import { openScriptDatabase } from "../scripts/script-database";
import { sweepCaseBreaches } from "../modules/service-desk/case-breaches";
import { droppableBenchDatabase, recreateDatabase } from "./database";
import { integerOption } from "./options";
import { latencySummary } from "./percentiles";

/**
 * npm run bench:sla-sweep [-- --cases 1000000 --breaching 1000 --runs 5
 *                            --database-url postgres://postgres@127.0.0.1:5432/c360_bench_sla]
 *
 * The SLA sweep (#14: "one set-based statement per run, ≤ 1 s at 1M open and closed cases"): a
 * fresh database with --cases service cases (a tenth open, their deadlines spread over the next
 * 30 days; the rest resolved or closed) over 1,000 customers, of which --breaching open cases have
 * a deadline just passed. Each run moves the clock past a new set of --breaching deadlines and
 * times `sweepCaseBreaches`; the floor is the same statement's read alone (the open deadlines
 * passed, counted over the partial indexes).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cases: { type: "string" }, breaching: { type: "string" }, runs: { type: "string" }, "database-url": { type: "string" } },
  });
  const cases = integerOption("cases", values.cases ?? "1000000", 1000, 20_000_000);
  const breaching = integerOption("breaching", values.breaching ?? "1000", 1, 1_000_000);
  const runs = integerOption("runs", values.runs ?? "5", 1, 100);
  const { url, database } = droppableBenchDatabase(values["database-url"] ?? "postgres://postgres@127.0.0.1:5432/c360_bench_sla");
  await recreateDatabase(url, database);
  const db = await openScriptDatabase({ databaseUrl: url, poolSize: 2, purpose: "bench" });
  try {
    await db.runMigrations();
    const started = performance.now();
    await db.query(
      `INSERT INTO customer (customer_number, kind, full_name) SELECT 'SLA-' || n, 'INDIVIDUAL', 'Bench Customer ' || n FROM generate_series(1, 1000) n`,
    );
    // a tenth open (deadlines from now on, one breaching set per run ahead), the rest resolved or closed
    await db.query(
      `INSERT INTO service_case (customer_id, channel, priority, queue, subject, status, opened_at, first_response_breach_at, resolution_breach_at, pauses, version)
       SELECT cs.ids[1 + n % cardinality(cs.ids)], 'EMAIL', 'NORMAL', 'GENERAL', 'Bench case', s.status, now() - interval '40 days',
              CASE WHEN s.open THEN now() + make_interval(secs => 60 + (n % 2592000)) END,
              CASE WHEN s.open THEN now() + make_interval(secs => 120 + ((n * 7) % 2592000)) END, '[]'::jsonb, 1
         FROM (SELECT array_agg(id ORDER BY customer_number) AS ids FROM customer) cs
         CROSS JOIN generate_series(1, $1::int) n
         CROSS JOIN LATERAL (SELECT n % 10 = 0 AS open, CASE WHEN n % 10 = 0 THEN 'IN_PROGRESS' WHEN n % 2 = 0 THEN 'CLOSED' ELSE 'RESOLVED' END AS status) s`,
      [cases],
    );
    await db.query(`ANALYZE service_case`);
    console.log(`${cases.toLocaleString("en")} cases (${(cases / 10).toLocaleString("en")} open) written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // each run's clock: just past the next `breaching` open deadlines
    const deadlines: { at: Date }[] = await db.query(
      `SELECT first_response_breach_at AS at FROM service_case WHERE first_response_breach_at IS NOT NULL ORDER BY first_response_breach_at LIMIT $1`,
      [breaching * runs],
    );
    const sweeps: number[] = [];
    const floors: number[] = [];
    let signalled = 0;
    for (let run = 1; run <= runs; run++) {
      const clock = new Date(new Date(deadlines[run * breaching - 1].at).getTime() + 1);
      const floorStart = performance.now();
      await db.query(
        `SELECT count(*) FROM (
           SELECT id FROM service_case sc WHERE sc.status IN ('NEW', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER') AND sc.first_response_breach_at < $1
              AND sc.first_response_breach_at IS NOT NULL AND sc.first_response_breach_signalled_at IS NULL
           UNION SELECT id FROM service_case sc WHERE sc.status IN ('NEW', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER') AND sc.resolution_breach_at < $1
              AND sc.resolution_breach_at IS NOT NULL AND sc.resolution_breach_signalled_at IS NULL) d`,
        [clock],
      );
      floors.push(performance.now() - floorStart);
      const sweepStart = performance.now();
      signalled += await sweepCaseBreaches(db, clock);
      sweeps.push(performance.now() - sweepStart);
      console.log(`  run ${run}: sweep ${sweeps.at(-1)!.toFixed(1)} ms, floor ${floors.at(-1)!.toFixed(1)} ms`);
    }
    const sweep = latencySummary(sweeps);
    const floor = latencySummary(floors);
    console.log(`sweeps: ${runs}, events written: ${signalled}`);
    console.log(`sweep p50 ${sweep.p50Ms.toFixed(1)} ms, max ${sweep.maxMs.toFixed(1)} ms; read-only floor p50 ${floor.p50Ms.toFixed(1)} ms (ratio ${(sweep.p50Ms / floor.p50Ms).toFixed(1)}×)`);
    console.log(`target: sweep ≤ 1,000 ms at ${cases.toLocaleString("en")} cases → ${sweep.maxMs <= 1000 ? "PASS" : "MISS"}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
