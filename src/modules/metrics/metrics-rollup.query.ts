import type { DataSource } from "typeorm";
import type { ScopeClause } from "../../auth/row-scope";
import { PLANNED_PER_EXECUTION } from "../../db/prepared-statements";
import { OPEN_CASE_STATUS_SQL, OPEN_CASE_STATUSES } from "../service-desk/service-case.entity";
import { BACKLOG, dailyMeasuresSql, HISTOGRAMS, MEASURES, needsCustomer, OLDEST_OPEN, storedGrouping, type DailySelection } from "./metrics-daily";
import { histogramMedian, type Histogram } from "./metrics-histogram";
import { AGE_BANDS, GROUP_KEYS, inAgeBand, OPEN_CASE_COLUMNS, openCaseFields, type MetricsRow } from "./metrics.query";
import { MetricsGroupBy } from "./metrics.types";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const floorTo = (unit: number) => (t: Date) => new Date(Math.floor(t.getTime() / unit) * unit);
const ceilTo = (unit: number) => (t: Date) => new Date(Math.ceil(t.getTime() / unit) * unit);
const [floorDay, ceilDay, floorHour, ceilHour] = [floorTo(DAY_MS), ceilTo(DAY_MS), floorTo(HOUR_MS), ceilTo(HOUR_MS)];
const isoDay = (t: Date) => t.toISOString().slice(0, 10);
const later = (a: Date, b: Date) => (a > b ? a : b);
const earlier = (a: Date, b: Date) => (a < b ? a : b);
/** The days before the refresh's day whose backlog is kept by the hour (their cases may be under seven days old). */
const BACKLOG_HOURLY_DAYS = 7;

interface Range {
  from: Date;
  to: Date;
}

/** The hours of opening a refresh at asOf keeps the backlog of: the week before its day, and its day up to its hour. */
export const backlogHours = (asOf: Date): Range => ({ from: new Date(floorDay(asOf).getTime() - BACKLOG_HOURLY_DAYS * DAY_MS), to: floorHour(asOf) });

/**
 * The hours of opening whose cases straddle an age band's edge at `now` (their ages lie in
 * (now − hour − 1 h, now − hour]): the only stored hours whose band a request cannot know.
 */
const edgeHours = (now: Date) => AGE_BANDS.filter((band) => band.from !== null).map((band) => floorHour(new Date(now.getTime() - band.from! * HOUR_MS)));

/** The parts of `within` that none of the (disjoint) ranges covers. */
function gaps(within: Range, covered: Range[]): Range[] {
  const out: Range[] = [];
  let cursor = within.from;
  for (const range of [...covered].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const [from, to] = [later(range.from, within.from), earlier(range.to, within.to)];
    if (from >= to) continue;
    if (from > cursor) out.push({ from: cursor, to: from });
    cursor = later(cursor, to);
  }
  if (cursor < within.to) out.push({ from: cursor, to: within.to });
  return out;
}

/**
 * Where the backlog of the cases opened in the period comes from: the rolled-up days (days, from
 * the daily rows: their cases are over seven days old at any later instant), the stored hours of
 * the recent week (hours: each hour's cases are in one age band at `now`, the band of now − hour),
 * and live (every other part: a partial first day or hour, the hours at an age band's edge, the time
 * since the refresh's hour), each part read from the open cases' index by time of opening.
 */
export function planBacklogRead(period: Range & { now: Date }, asOf: Date, days: Range): { days: Range; hours: Range[]; live: Range[] } {
  const kept = backlogHours(asOf);
  const from = later(ceilHour(period.from), kept.from);
  const stored = { from, to: later(from, earlier(floorHour(period.to), kept.to)) };
  const edges = edgeHours(period.now).map((hour) => ({ from: hour, to: new Date(hour.getTime() + HOUR_MS) }));
  const hours = gaps(stored, edges);
  return { days, hours, live: gaps(period, [days, ...hours]) };
}

/** A live part of a request: activity that started in one range, customers created in another (either may be empty). */
interface LivePart {
  from: Date;
  to: Date;
  customersFrom: Date;
  customersTo: Date;
}

/**
 * Which days come from the rollup and what is computed live (the backlog: planBacklogRead). The rollup holds the whole UTC days
 * before the day of its refresh (asOf): activity of the whole days in [from, to) up to there,
 * customers of every day before `to` up to there (the complaint rate is over all customers created
 * before `to`); the partial first and last days and the days since are live. The backlog of the
 * cases opened on a rolled-up day is read from the rollup up to a week before the refresh's day
 * (backlogTo): those cases are over seven days old now, so only their count, breaches and oldest
 * opening are needed; the cases opened since are read live, at their ages now.
 */
export function planRollupRead(period: { from: Date; to: Date }, asOf: Date) {
  const rolledTo = new Date(Math.min(floorDay(period.to).getTime(), floorDay(asOf).getTime()));
  const rolledFrom = ceilDay(period.from);
  if (rolledFrom < rolledTo) {
    const backlogTo = new Date(Math.max(rolledFrom.getTime(), Math.min(rolledTo.getTime(), backlogHours(asOf).from.getTime())));
    return {
      rolledFrom, rolledTo, backlogTo,
      live: [
        { from: period.from, to: rolledFrom, customersFrom: rolledTo, customersTo: rolledTo },
        { from: rolledTo, to: period.to, customersFrom: rolledTo, customersTo: period.to },
      ] as LivePart[],
    };
  }
  // no whole rolled-up day in the period: its activity is live, the customers up to rolledTo stored
  return { rolledFrom: rolledTo, rolledTo, backlogTo: rolledTo, live: [{ from: period.from, to: period.to, customersFrom: rolledTo, customersTo: period.to }] as LivePart[] };
}

/** The groupings whose customers are the group's own (else every group's is the scope's total). */
const CUSTOMER_KEYED = new Set([MetricsGroupBy.AGENT, MetricsGroupBy.REGION]);

const groupKey = (groupBy: MetricsGroupBy) =>
  groupBy === MetricsGroupBy.MONTH ? "to_char(x.day, 'YYYY-MM')" : groupBy === MetricsGroupBy.AGENT ? "CAST(x.book AS text)" : "x.k";

/** A source's rows weighed: activity where `activity` holds, customers where `customers` does, the backlog where `backlog` does. */
const weighed = (activity: string, customers: string, backlog: string) =>
  `x.day, x.book, x.k, ${MEASURES.filter((m) => m !== "customers").map((m) => `CASE WHEN ${activity} THEN x.${m} ELSE 0 END AS ${m}`).join(", ")},
   CASE WHEN ${customers} THEN x.customers ELSE 0 END AS customers, ${HISTOGRAMS.map((h) => `CASE WHEN ${activity} THEN x.${h} ELSE '{}' END AS ${h}`).join(", ")},
   ${BACKLOG.map((m) => `CASE WHEN ${backlog} THEN x.${m} ELSE 0 END AS ${m}`).join(", ")}, CASE WHEN ${backlog} THEN x.${OLDEST_OPEN} END AS ${OLDEST_OPEN}`;

const sumOf = (m: string) => `CAST(coalesce(sum(x.${m}), 0) AS int) AS ${m}`;

/**
 * The figures from the rollup plus the live parts, in one statement, in the live query's row
 * shape: the stored rows of the period's whole days (book = the agent for an agent), the live
 * parts by the same builder, summed per group; shares from the summed counts, medians from the
 * merged histograms. The backlog (open cases, breached, ageing, oldest) is read live from the
 * open cases opened in the period (IDX_service_case_open_opened).
 */
export async function queryRolledUpMetrics(
  db: DataSource,
  groupBy: MetricsGroupBy,
  scope: ScopeClause & { perBook: boolean },
  period: { from: Date; to: Date; now: Date },
  asOf: Date,
): Promise<MetricsRow[]> {
  const plan = planRollupRead(period, asOf);
  const backlog = planBacklogRead(period, asOf, { from: plan.rolledFrom, to: plan.backlogTo });
  // an agent reads its own book's rows; the roles that see all read every book together, or each book to group by it
  const books = scope.perBook ? "NOT x.all_books AND x.book = :scopeViewerId" : groupBy === MetricsGroupBy.AGENT ? "NOT x.all_books" : "x.all_books";
  const activity = storedGrouping(groupBy);
  const customers = CUSTOMER_KEYED.has(groupBy) ? activity : "NONE";
  // the live parts compute only the groupings and book rows this read takes
  const selection: DailySelection = { groupings: [...new Set([activity, customers])], books: scope.perBook || groupBy === MetricsGroupBy.AGENT ? "each" : "all" };
  const live = plan.live.map((part, n) => (part.from >= part.to && part.customersFrom >= part.customersTo ? null : `SELECT ${weighed(`x.group_by = '${activity}'`, `x.group_by = '${customers}'`, "false")} FROM (${dailyMeasuresSql(scope.sql, `live${n}`, selection)}) x
      WHERE x.group_by IN ('${activity}', '${customers}') AND ${books}`)).filter((part) => part !== null);
  const stored = `SELECT ${weighed(`x.group_by = '${activity}' AND x.day >= :rolledFrom`, `x.group_by = '${customers}'`, `x.group_by = '${activity}' AND x.day >= :rolledFrom AND x.day < :backlogTo`)} FROM service_metrics_day x
      WHERE x.group_by IN ('${activity}', '${customers}') AND x.day < :rolledTo AND ${books}
        AND (x.day >= :rolledFrom OR x.group_by = '${customers}' AND x.customers > 0)`;
  const activityCount = "sum(x.interactions + x.complaints + x.claims_filed + x.cases) > 0";
  // every case has its customer: the join is needed only to scope them or to key them by a customer's attribute
  const caseCustomer = needsCustomer(scope.sql, [GROUP_KEYS[groupBy].case]) ? "JOIN customer c ON c.id = k.customer_id" : "";
  const bands = (count: (band: (typeof AGE_BANDS)[number]) => string) => AGE_BANDS.map((band) => `${count(band)} AS ${band.name}`).join(", ");
  const oldestHours = `extract(epoch FROM CAST(:now AS timestamptz) - x.${OLDEST_OPEN})::float8 / 3600 AS age_hours`;
  // each part: (k, open_cases, breached_open, the age bands' counts, age_hours of its oldest)
  const backlogParts = [
    ...(backlog.live.length === 0 ? [] : [`SELECT x.k, 1 AS open_cases, CASE WHEN x.breached THEN 1 ELSE 0 END AS breached_open,
                 ${bands((band) => `CASE WHEN ${inAgeBand("x.age_hours", band)} THEN 1 ELSE 0 END`)}, x.age_hours
          FROM (${backlog.live.map((_, n) => `SELECT ${GROUP_KEYS[groupBy].case} AS k, ${OPEN_CASE_COLUMNS}
                FROM service_case k ${caseCustomer}
                WHERE ${scope.sql} AND k.status IN (${OPEN_CASE_STATUS_SQL}) AND k.opened_at >= :backlog${n}From AND k.opened_at < :backlog${n}To`).join("\n                UNION ALL ")}) x`]),
    `-- the rolled-up days' backlog: every case of theirs is over seven days old now
          SELECT x.gk AS k, x.open_cases, x.breached_open, ${bands((band) => (band.to === null ? "x.open_cases" : "0"))}, ${oldestHours}
          FROM keyed x WHERE x.open_cases > 0`,
    ...(backlog.hours.length === 0 ? [] : [`-- the recent backlog's stored hours: each hour's cases are in the band of its age now
          SELECT ${groupKey(groupBy)} AS k, x.open_cases, x.breached_open, ${bands((band) => `CASE WHEN ${inAgeBand("x.hour_age", band)} THEN x.open_cases ELSE 0 END`)}, ${oldestHours}
          FROM (SELECT x.*, CAST(x.hour AT TIME ZONE 'UTC' AS date) AS day, extract(epoch FROM CAST(:now AS timestamptz) - x.hour)::float8 / 3600 AS hour_age
                FROM service_metrics_backlog_hour x
                WHERE x.group_by = '${activity}' AND ${books} AND x.open_cases > 0
                  AND (${backlog.hours.map((_, n) => `x.hour >= :hours${n}From AND x.hour < :hours${n}To`).join(" OR ")})) x`]),
  ];
  const sql = `
  WITH parts AS (${[stored, ...live].join("\n    UNION ALL ")}),
  keyed AS (SELECT ${groupKey(groupBy)} AS gk, x.* FROM parts x),
  agg AS (
    SELECT GROUPING(x.gk) AS is_total, x.gk AS k, ${MEASURES.map(sumOf).join(", ")}
    FROM keyed x GROUP BY GROUPING SETS ((x.gk), ())
    HAVING GROUPING(x.gk) = 1 OR ${activityCount}${CUSTOMER_KEYED.has(groupBy) ? " OR sum(x.customers) > 0" : ""}),
  buckets AS (
    SELECT GROUPING(x.gk) AS is_total, x.gk AS k, h.name, b.key AS bucket, sum(CAST(b.value AS int)) AS n
    FROM keyed x CROSS JOIN LATERAL (VALUES ${HISTOGRAMS.map((h) => `('${h}', x.${h})`).join(", ")}) h(name, counts)
    CROSS JOIN LATERAL jsonb_each_text(h.counts) b
    GROUP BY GROUPING SETS ((x.gk, h.name, b.key), (h.name, b.key))),
  histograms AS (
    SELECT is_total, k, ${HISTOGRAMS.map((h) => `jsonb_object_agg(bucket, n) FILTER (WHERE name = '${h}') AS ${h}`).join(", ")}
    FROM buckets GROUP BY is_total, k),
  ko AS (
    SELECT GROUPING(x.k) AS is_total, x.k, sum(x.open_cases) AS open_cases, sum(x.breached_open) AS breached_open,
      ${AGE_BANDS.map((band) => `sum(x.${band.name}) AS ${band.name}`).join(", ")}, max(x.age_hours) AS oldest_hours
    FROM (${backlogParts.join("\n          UNION ALL\n")}) x
    GROUP BY GROUPING SETS ((x.k), ())),
  g AS (SELECT is_total, k FROM agg UNION SELECT is_total, k FROM ko UNION SELECT 1, NULL)
  SELECT g.is_total::int AS is_total, g.k,
    coalesce(a.interactions, 0) AS interactions, coalesce(a.rated, 0) AS rated,
    round((CAST(a.rating_sum AS numeric) / nullif(a.rated, 0) - 1) * 25, 2)::float8 AS satisfaction_index,
    (a.answered::float8 / nullif(a.due, 0)) AS answered_share,
    coalesce(${CUSTOMER_KEYED.has(groupBy) ? "a" : "t"}.customers, 0) AS customers,
    coalesce(a.complaints, 0) AS complaints,
    (coalesce(a.complaints, 0) * 1000.0 / nullif(${CUSTOMER_KEYED.has(groupBy) ? "a" : "t"}.customers, 0))::float8 AS complaints_per_thousand,
    (a.on_time::float8 / nullif(a.settled, 0)) AS on_time_share,
    coalesce(a.claims_filed, 0) AS claims_filed, coalesce(a.claims_approved, 0) AS claims_approved, coalesce(a.claims_rejected, 0) AS claims_rejected,
    coalesce(a.cases, 0) AS cases,
    (a.first_response_in_time::float8 / nullif(a.first_response_due, 0)) AS first_response_attainment,
    (a.resolution_in_time::float8 / nullif(a.resolution_due, 0)) AS resolution_attainment,
    ${openCaseFields("ko")},
    ${HISTOGRAMS.map((h) => `hs.${h}`).join(", ")}
  FROM g
  LEFT JOIN agg a ON a.is_total = g.is_total AND a.k IS NOT DISTINCT FROM g.k
  LEFT JOIN agg t ON t.is_total = 1
  LEFT JOIN ko ON ko.is_total = g.is_total AND ko.k IS NOT DISTINCT FROM g.k
  LEFT JOIN histograms hs ON hs.is_total = g.is_total AND hs.k IS NOT DISTINCT FROM g.k
  ORDER BY g.is_total DESC, g.k ASC NULLS LAST`;
  const parameters: Record<string, unknown> = {
    ...scope.params, from: period.from, to: period.to, now: period.now, openStatuses: OPEN_CASE_STATUSES,
    rolledFrom: isoDay(plan.rolledFrom), rolledTo: isoDay(plan.rolledTo), backlogTo: isoDay(plan.backlogTo),
  };
  backlog.live.forEach((range, n) => Object.assign(parameters, { [`backlog${n}From`]: range.from, [`backlog${n}To`]: range.to }));
  backlog.hours.forEach((range, n) => Object.assign(parameters, { [`hours${n}From`]: range.from, [`hours${n}To`]: range.to }));
  plan.live.forEach((part, n) =>
    Object.assign(parameters, { [`live${n}From`]: part.from, [`live${n}To`]: part.to, [`live${n}CustomersFrom`]: part.customersFrom, [`live${n}CustomersTo`]: part.customersTo }),
  );
  const [query, values] = db.driver.escapeQueryWithParameters(`${sql}\n  ${PLANNED_PER_EXECUTION}`, parameters, {});
  const rows: (MetricsRow & { resolution_hours: Histogram | null; cycle_days: Histogram | null })[] = await db.query(query, values);
  return rows.map(({ resolution_hours, cycle_days, ...row }) => ({
    ...row,
    median_resolution_hours: histogramMedian(resolution_hours),
    median_cycle_days: histogramMedian(cycle_days),
  }));
}
