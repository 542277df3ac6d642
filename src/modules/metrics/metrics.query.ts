import type { DataSource } from "typeorm";
import type { ScopeClause } from "../../auth/row-scope";
import { MetricsGroupBy } from "./metrics.types";

/** The group key of a contact (i), complaint (co + its contact i) and claim (cl + policy p), all joined to customer c. */
interface GroupKeys {
  interaction: string;
  complaint: string;
  claim: string;
  /** null: the complaint rate is taken over all customers in scope. */
  customer: string | null;
}

const utcMonth = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')`;

/** Code constants only; no user value reaches these expressions. */
const GROUP_KEYS: Record<MetricsGroupBy, GroupKeys> = {
  CHANNEL: { interaction: "i.channel", complaint: "i.channel", claim: "p.sales_channel", customer: null },
  MONTH: { interaction: utcMonth("i.occurred_at"), complaint: utcMonth("co.received_at"), claim: utcMonth("cl.reported_at"), customer: null },
  AGENT: {
    interaction: "CAST(c.assigned_agent_id AS text)", complaint: "CAST(c.assigned_agent_id AS text)",
    claim: "CAST(c.assigned_agent_id AS text)", customer: "CAST(c.assigned_agent_id AS text)",
  },
  // who worked it: staff are appraised by the contacts they handled, not by their book
  HANDLER: { interaction: "CAST(i.staff_id AS text)", complaint: "CAST(i.staff_id AS text)", claim: "CAST(cl.assigned_adjuster_id AS text)", customer: null },
  REGION: { interaction: "c.region", complaint: "c.region", claim: "c.region", customer: "c.region" },
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
}

/**
 * All figures in one statement: each source is aggregated per group and overall (GROUPING SETS),
 * then the groups are joined on (is_total, key). Every source is limited to the viewer's scope.
 */
function metricsSql(keys: GroupKeys, scope: string): string {
  const sets = "GROUP BY GROUPING SETS ((x.k), ())";
  const customersJoin = keys.customer === null ? "cu.is_total = 1" : "cu.is_total = g.is_total AND cu.k IS NOT DISTINCT FROM g.k";
  const customerKey = keys.customer ?? "NULL";
  return `
  WITH ix AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS interactions, count(x.satisfaction) AS rated, avg(x.satisfaction) AS avg_rating,
      count(*) FILTER (WHERE x.direction = 'INBOUND' AND (x.first_response_at IS NOT NULL OR x.occurred_at <= now() - interval '24 hours')) AS due,
      count(*) FILTER (WHERE x.direction = 'INBOUND' AND x.first_response_at <= x.occurred_at + interval '24 hours') AS answered
    FROM (SELECT ${keys.interaction} AS k, i.* FROM interaction i JOIN customer c ON c.id = i.customer_id
          WHERE ${scope} AND i.occurred_at >= :from AND i.occurred_at < :to) x
    ${sets}),
  cx AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS complaints,
      count(*) FILTER (WHERE x.resolved_at IS NOT NULL OR x.due_at < now()) AS settled,
      count(*) FILTER (WHERE x.resolved_at <= x.due_at) AS on_time,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM x.resolved_at - x.received_at) / 3600) AS median_hours
    FROM (SELECT ${keys.complaint} AS k, co.* FROM complaint co JOIN interaction i ON i.id = co.interaction_id
          JOIN customer c ON c.id = co.customer_id
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
  cu AS (
    SELECT GROUPING(x.k) AS is_total, x.k, count(*) AS customers
    FROM (SELECT ${customerKey} AS k FROM customer c WHERE ${scope} AND c.erased_at IS NULL AND c.created_at < :to) x
    ${sets}),
  g AS (
    SELECT is_total, k FROM ix UNION SELECT is_total, k FROM cx UNION SELECT is_total, k FROM clx
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
    coalesce(clx.rejected, 0)::int AS claims_rejected, clx.median_days::float8 AS median_cycle_days
  FROM g
  LEFT JOIN ix ON ix.is_total = g.is_total AND ix.k IS NOT DISTINCT FROM g.k
  LEFT JOIN cx ON cx.is_total = g.is_total AND cx.k IS NOT DISTINCT FROM g.k
  LEFT JOIN clx ON clx.is_total = g.is_total AND clx.k IS NOT DISTINCT FROM g.k
  LEFT JOIN cu ON ${customersJoin}
  ORDER BY g.is_total DESC, g.k ASC NULLS LAST`;
}

export async function queryServiceMetrics(db: DataSource, groupBy: MetricsGroupBy, scope: ScopeClause, from: Date, to: Date): Promise<MetricsRow[]> {
  const [sql, parameters] = db.driver.escapeQueryWithParameters(metricsSql(GROUP_KEYS[groupBy], scope.sql), { ...scope.params, from, to }, {});
  return db.query(sql, parameters);
}
