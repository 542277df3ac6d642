import type { DataSource } from "typeorm";
import type { Database } from "../../db/data-source";
import { sharedPerDatabase } from "../../db/shared-cache";
import { refreshExclusively, type RefreshOptions, type RefreshTarget } from "../../db/exclusive-refresh";
import { startScheduledRefresh } from "../../shared/periodic";
import { BACKLOG, dailyMeasuresSql, EVERY_DAILY_MEASURE, HISTOGRAMS, MEASURES, OLDEST_OPEN } from "./metrics-daily";
import { backlogHours } from "./metrics-rollup.query";

/**
 * Daily rollups of the service figures (METRICS_ROLLUP_REFRESH): the server rewrites
 * service_metrics_day from dailyMeasuresSql over all time in the background, and serviceMetrics
 * reads the whole days of a period from there (metrics-rollup.query.ts) instead of aggregating
 * every contact, complaint, claim, case and customer of the period at every request. The recent
 * backlog (cases opened in the week before the refresh's day and since, up to its hour) is also kept
 * by the hour of opening, in service_metrics_backlog_hour, so that a request reads live only the
 * cases whose age band it cannot know from their hour (and those opened since).
 */

/** How long a process keeps the time of the stored rollup before it reads it again. */
const AS_OF_KEPT_MS = 10_000;

/** A refresh reads every row once: longer than a request may (the app's statement timeout). */
const REFRESH: RefreshTarget = {
  lockKey: "customer360:service-metrics-rollup",
  madeAt: { table: "service_metrics_refresh", column: "as_of" },
  timeout: "30min",
};

export interface ServiceMetricsRollupRefresh {
  rows: number;
  asOf: Date;
  ms: number;
}

const readAsOf = async (db: DataSource): Promise<Date | null> => {
  const [row] = await db.query(`SELECT as_of FROM service_metrics_refresh`);
  return row ? new Date(row.as_of) : null;
};
const keptAsOf = sharedPerDatabase(AS_OF_KEPT_MS, readAsOf, (asOf) => asOf !== null);

/**
 * When the stored rollup was computed; null: none yet (not kept). A time once found is kept for
 * AS_OF_KEPT_MS: a request planned on a refresh older than the stored one reads fewer stored days
 * and more live ones, with the same figures (the refresh rewrites every day in one transaction),
 * so the hot path reads the rollup in one statement, not two.
 */
export async function serviceMetricsRollupAsOf(db: DataSource): Promise<Date | null> {
  return keptAsOf(db);
}

/**
 * Recomputes every day's measures and replaces the stored ones in one transaction under an
 * advisory lock (replicas on the same schedule refresh once between them). Skipped (null) while
 * another process refreshes, or when the stored rollup is newer than `unlessNewerThanMs`.
 */
export async function refreshServiceMetricsRollup(db: Database, options: RefreshOptions = {}): Promise<ServiceMetricsRollupRefresh | null> {
  const started = performance.now();
  const refreshed = await refreshExclusively(db, REFRESH, options, async (manager, asOf) => {
    const columns = ["day", "all_books", "book", "group_by", "k", ...MEASURES, ...HISTOGRAMS, ...BACKLOG, OLDEST_OPEN].join(", ");
    // written in the index's order: a book's rows lie together, so an agent's read touches few pages
    const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
      `WITH written AS (INSERT INTO service_metrics_day (${columns}) SELECT ${columns} FROM (${dailyMeasuresSql("TRUE", "all")}) m
         ORDER BY group_by, all_books, book, day RETURNING 1)
       SELECT count(*)::int AS rows FROM written`,
      { allFrom: "-infinity", allTo: "infinity", allCustomersFrom: "-infinity", allCustomersTo: "infinity", now: asOf },
      {},
    );
    const hours = backlogHours(asOf);
    const hourColumns = ["all_books", "book", "group_by", "k", ...BACKLOG, OLDEST_OPEN].join(", ");
    const [hourSql, hourValues] = manager.connection.driver.escapeQueryWithParameters(
      `INSERT INTO service_metrics_backlog_hour (hour, ${hourColumns}) SELECT day, ${hourColumns} FROM (${dailyMeasuresSql("TRUE", "hours", EVERY_DAILY_MEASURE, "hour")}) m
         ORDER BY group_by, all_books, book, day`,
      { hoursFrom: hours.from, hoursTo: hours.to, now: asOf },
      {},
    );
    await manager.query(`DELETE FROM service_metrics_day`);
    await manager.query(`DELETE FROM service_metrics_backlog_hour`);
    const [{ rows }] = await manager.query(sql, values);
    await manager.query(hourSql, hourValues);
    await manager.query(
      `INSERT INTO service_metrics_refresh (id, as_of, row_count) VALUES (true, $1, $2) ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of, row_count = EXCLUDED.row_count`,
      [asOf, rows],
    );
    return { rows: Number(rows), asOf };
  });
  if (!refreshed) return null;
  // the tables were replaced: plans need their new statistics
  await db.query(`ANALYZE service_metrics_day`);
  await db.query(`ANALYZE service_metrics_backlog_hour`);
  return { ...refreshed, ms: Math.round(performance.now() - started) };
}

/** The background refresh in the server (METRICS_ROLLUP_REFRESH). */
export function startServiceMetricsRollupRefresh(
  db: Database,
  everyMs: number,
  log: { done: (refresh: ServiceMetricsRollupRefresh) => void; failed: (err: unknown) => void },
): () => Promise<void> {
  return startScheduledRefresh(everyMs, (options) => refreshServiceMetricsRollup(db, options), log);
}
