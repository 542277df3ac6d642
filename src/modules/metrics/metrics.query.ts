import type { DataSource } from "typeorm";
import type { ScopeClause } from "../../auth/row-scope";
import { PLANNED_PER_EXECUTION } from "../../db/prepared-statements";
import { BREACHED_CASE } from "../service-desk/case.service";
import { OPEN_CASE_STATUSES } from "../service-desk/service-case.entity";
import { MetricsGroupBy } from "./metrics.types";

/** The group key of a contact (i), complaint (co + its contact i), claim (cl + policy p) and case (k), all joined to customer c. */
export interface GroupKeys {
  interaction: string;
  complaint: string;
  claim: string;
  case: string;
  /** null: the complaint rate is taken over all customers in scope. */
  customer: string | null;
  /** Joins a key needs beside the source's own (after its customer join). */
  interactionJoin?: string;
  complaintJoin?: string;
}

const utcMonth = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')`;

const BOOK = "CAST(c.assigned_agent_id AS text)";

/** Code constants only; no user value reaches these expressions. */
export const GROUP_KEYS: Record<MetricsGroupBy, GroupKeys> = {
  CHANNEL: { interaction: "i.channel", complaint: "i.channel", claim: "p.sales_channel", case: "k.channel", customer: null },
  MONTH: {
    interaction: utcMonth("i.occurred_at"), complaint: utcMonth("co.received_at"), claim: utcMonth("cl.reported_at"), case: utcMonth("k.opened_at"), customer: null,
  },
  AGENT: { interaction: BOOK, complaint: BOOK, claim: BOOK, case: BOOK, customer: BOOK },
  // who worked it: staff are appraised by the contacts they handled and the cases assigned to them, not by their book
  HANDLER: {
    interaction: "CAST(i.staff_id AS text)", complaint: "CAST(i.staff_id AS text)", claim: "CAST(cl.assigned_adjuster_id AS text)", case: "CAST(k.assignee_id AS text)",
    customer: null,
  },
  REGION: { interaction: "c.region", complaint: "c.region", claim: "c.region", case: "c.region", customer: "c.region" },
  // a contact counts for the queue of the (first) case it opened, a complaint for its case's queue;
  // claims are not worked as cases: with the contacts that opened none, they are in the none group
  QUEUE: {
    interaction: "oq.queue", complaint: "ck.queue", claim: "NULL", case: "k.queue", customer: null,
    interactionJoin: `LEFT JOIN LATERAL (SELECT ok.queue FROM service_case ok WHERE ok.origin_interaction_id = i.id ORDER BY ok.opened_at, ok.id LIMIT 1) oq ON true`,
    complaintJoin: "LEFT JOIN service_case ck ON ck.complaint_id = co.id",
  },
};

export interface MetricsRow {
  is_total: number;
  k: string | null;
  interactions: number;
  rated: number;
  satisfaction_index: number | null;
  answered_share: number | null;
  customers: number;
  complaints: number;
  complaints_per_thousand: number | null;
  on_time_share: number | null;
  median_resolution_hours: number | null;
  claims_filed: number;
  claims_approved: number;
  claims_rejected: number;
  median_cycle_days: number | null;
  cases: number;
  first_response_attainment: number | null;
  resolution_attainment: number | null;
  open_cases: number;
  breached_open_cases: number;
  open_under_1d: number;
  open_1_to_3d: number;
  open_3_to_7d: number;
  open_over_7d: number;
  oldest_open_hours: number | null;
}

/** Per case (k): whether it is open now, breached now, and its age in hours at :now. */
export const OPEN_CASE_COLUMNS = `k.status = ANY(:openStatuses) AS open, ${BREACHED_CASE} AS breached,
                 extract(epoch FROM CAST(:now AS timestamptz) - k.opened_at)::float8 / 3600 AS age_hours`;

/** The backlog's age bands, in hours since opened: [from, to). */
export const AGE_BANDS: readonly { name: string; from: number | null; to: number | null }[] = [
  { name: "under_1d", from: null, to: 24 },
  { name: "from_1_to_3d", from: 24, to: 72 },
  { name: "from_3_to_7d", from: 72, to: 168 },
  { name: "over_7d", from: 168, to: null },
];

/** Whether an age in hours falls in a band (a SQL condition). */
export const inAgeBand = (age: string, band: (typeof AGE_BANDS)[number]) =>
  [band.from === null ? null : `${age} >= ${band.from}`, band.to === null ? null : `${age} < ${band.to}`].filter(Boolean).join(" AND ");

/** The backlog figures of a group of cases x (OPEN_CASE_COLUMNS), read at :now. */
export const OPEN_CASE_AGGREGATES = `count(*) FILTER (WHERE x.open) AS open_cases,
      count(*) FILTER (WHERE x.open AND x.breached) AS breached_open,
      ${AGE_BANDS.map((band) => `count(*) FILTER (WHERE x.open AND ${inAgeBand("x.age_hours", band)}) AS ${band.name}`).join(",\n      ")},
      max(x.age_hours) FILTER (WHERE x.open) AS oldest_hours`;

/** The MetricsRow backlog fields from a group's OPEN_CASE_AGGREGATES under `alias` (missing: none open). */
export const openCaseFields = (alias: string) => `coalesce(${alias}.open_cases, 0)::int AS open_cases, coalesce(${alias}.breached_open, 0)::int AS breached_open_cases,
    coalesce(${alias}.under_1d, 0)::int AS open_under_1d, coalesce(${alias}.from_1_to_3d, 0)::int AS open_1_to_3d,
    coalesce(${alias}.from_3_to_7d, 0)::int AS open_3_to_7d, coalesce(${alias}.over_7d, 0)::int AS open_over_7d,
    ${alias}.oldest_hours::float8 AS oldest_open_hours`;

/**
 * All figures in one statement: each source is aggregated per group and overall (GROUPING SETS),
 * then the groups are joined on (is_total, key). Every source is limited to the viewer's scope.
 * Everything is read at one instant, :now (the request's).
 *
 * Cases (kx) are those opened in the period. A met milestone counts by the verdict stored when it
 * was met (`*_breached`: readSlaClock's, pauses and the business calendar counted — SQL cannot
 * replay those); an unmet one is due once its running deadline (`*_breach_at`) passed — a paused
 * clock has none, so it is not due (unless it had run out before the pause, which the clock keeps).
 * Backlog: those of the cases still in an open status now, their age since opened_at at :now.
 */
function metricsSql(keys: GroupKeys, scope: string): string {
  const sets = "GROUP BY GROUPING SETS ((x.k), ())";
  const customersJoin = keys.customer === null ? "cu.is_total = 1" : "cu.is_total = g.is_total AND cu.k IS NOT DISTINCT FROM g.k";
  const customerKey = keys.customer ?? "NULL";
  return `
  WITH ix AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS interactions, count(x.satisfaction) AS rated, avg(x.satisfaction) AS avg_rating,
      count(*) FILTER (WHERE x.direction = 'INBOUND' AND (x.first_response_at IS NOT NULL OR x.occurred_at <= CAST(:now AS timestamptz) - interval '24 hours')) AS due,
      count(*) FILTER (WHERE x.direction = 'INBOUND' AND x.first_response_at <= x.occurred_at + interval '24 hours') AS answered
    FROM (SELECT ${keys.interaction} AS k, i.* FROM interaction i JOIN customer c ON c.id = i.customer_id ${keys.interactionJoin ?? ""}
          WHERE ${scope} AND i.occurred_at >= :from AND i.occurred_at < :to) x
    ${sets}),
  cx AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS complaints,
      count(*) FILTER (WHERE x.resolved_at IS NOT NULL OR x.due_at < :now) AS settled,
      count(*) FILTER (WHERE x.resolved_at <= x.due_at) AS on_time,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM x.resolved_at - x.received_at) / 3600) AS median_hours
    FROM (SELECT ${keys.complaint} AS k, co.* FROM complaint co JOIN interaction i ON i.id = co.interaction_id
          JOIN customer c ON c.id = co.customer_id ${keys.complaintJoin ?? ""}
          WHERE ${scope} AND co.received_at >= :from AND co.received_at < :to) x
    ${sets}),
  clx AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS filed,
      count(*) FILTER (WHERE x.approved_amount IS NOT NULL) AS approved,
      count(*) FILTER (WHERE x.status = 'REJECTED') AS rejected,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM x.closed_at - x.reported_at) / 86400) AS median_days
    FROM (SELECT ${keys.claim} AS k, cl.* FROM claim cl JOIN policy p ON p.id = cl.policy_id JOIN customer c ON c.id = cl.customer_id
          WHERE ${scope} AND cl.reported_at >= :from AND cl.reported_at < :to) x
    ${sets}),
  kx AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS cases,
      count(*) FILTER (WHERE NOT x.first_response_breached) AS first_response_in_time,
      count(*) FILTER (WHERE x.first_response_breached IS NOT NULL OR x.first_response_breach_at < :now) AS first_response_due,
      count(*) FILTER (WHERE NOT x.resolution_breached) AS resolution_in_time,
      count(*) FILTER (WHERE x.resolution_breached IS NOT NULL OR x.resolution_breach_at < :now) AS resolution_due,
      ${OPEN_CASE_AGGREGATES}
    FROM (SELECT ${keys.case} AS k, k.first_response_breached, k.resolution_breached, k.first_response_breach_at, k.resolution_breach_at,
                 ${OPEN_CASE_COLUMNS}
          FROM service_case k JOIN customer c ON c.id = k.customer_id
          WHERE ${scope} AND k.opened_at >= :from AND k.opened_at < :to) x
    ${sets}),
  cu AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS customers
    FROM (SELECT ${customerKey} AS k FROM customer c WHERE ${scope} AND c.erased_at IS NULL AND c.created_at < :to) x
    ${sets}),
  g AS (
    SELECT is_total, k FROM ix UNION SELECT is_total, k FROM cx UNION SELECT is_total, k FROM clx UNION SELECT is_total, k FROM kx
    ${keys.customer === null ? "" : "UNION SELECT is_total, k FROM cu"} UNION SELECT 1, NULL)
  SELECT g.is_total::int AS is_total, g.k,
    coalesce(ix.interactions, 0)::int AS interactions, coalesce(ix.rated, 0)::int AS rated,
    round(((ix.avg_rating - 1) * 25)::numeric, 2)::float8 AS satisfaction_index,
    (ix.answered::float8 / nullif(ix.due, 0)) AS answered_share,
    coalesce(cu.customers, 0)::int AS customers,
    coalesce(cx.complaints, 0)::int AS complaints,
    (coalesce(cx.complaints, 0) * 1000.0 / nullif(cu.customers, 0))::float8 AS complaints_per_thousand,
    (cx.on_time::float8 / nullif(cx.settled, 0)) AS on_time_share,
    cx.median_hours::float8 AS median_resolution_hours,
    coalesce(clx.filed, 0)::int AS claims_filed, coalesce(clx.approved, 0)::int AS claims_approved,
    coalesce(clx.rejected, 0)::int AS claims_rejected, clx.median_days::float8 AS median_cycle_days,
    coalesce(kx.cases, 0)::int AS cases,
    (kx.first_response_in_time::float8 / nullif(kx.first_response_due, 0)) AS first_response_attainment,
    (kx.resolution_in_time::float8 / nullif(kx.resolution_due, 0)) AS resolution_attainment,
    ${openCaseFields("kx")}
  FROM g
  LEFT JOIN ix ON ix.is_total = g.is_total AND ix.k IS NOT DISTINCT FROM g.k
  LEFT JOIN cx ON cx.is_total = g.is_total AND cx.k IS NOT DISTINCT FROM g.k
  LEFT JOIN clx ON clx.is_total = g.is_total AND clx.k IS NOT DISTINCT FROM g.k
  LEFT JOIN kx ON kx.is_total = g.is_total AND kx.k IS NOT DISTINCT FROM g.k
  LEFT JOIN cu ON ${customersJoin}
  ORDER BY g.is_total DESC, g.k ASC NULLS LAST`;
}

export async function queryServiceMetrics(db: DataSource, groupBy: MetricsGroupBy, scope: ScopeClause, period: { from: Date; to: Date; now: Date }): Promise<MetricsRow[]> {
  const parameters = { ...scope.params, ...period, openStatuses: OPEN_CASE_STATUSES };
  const [sql, values] = db.driver.escapeQueryWithParameters(`${metricsSql(GROUP_KEYS[groupBy], scope.sql)}\n  ${PLANNED_PER_EXECUTION}`, parameters, {});
  return db.query(sql, values);
}
