import type { DataSource } from "typeorm";
import { OPEN_CLAIM_STATUSES } from "../claim/claim.entity";
import { OPEN_COMPLAINT_STATUSES } from "../interaction/complaint.entity";

export interface CustomerSummaryRow {
  customerId: string;
  activePolicies: number;
  totalAnnualPremium: number;
  totalSumInsured: number;
  openClaims: number;
  openComplaints: number;
  lastInteractionAt: Date | null;
  averageSatisfaction: number | null;
  premiumsToDate: number;
  claimsPaid: number;
  currency: string;
}

/** The statuses the summary counts as open, as named parameters of its SQL. */
const OPEN_STATUSES = { summaryOpenClaims: OPEN_CLAIM_STATUSES, summaryOpenComplaints: OPEN_COMPLAINT_STATUSES };

/** The tables the summary's figures are computed from, as SUMMARY_INPUTS names their entities. */
export type SummarySource = "Policy" | "Claim" | "Complaint" | "Interaction";

/**
 * Each source's figures: its columns in the select list (NULL when the source is left out) and its
 * lateral subquery on the customer alias (one customer_id index each).
 */
const SOURCES: Record<SummarySource, { columns: [name: string, type: string][]; lateral: (alias: string, param: (name: string, value: unknown) => string) => string }> = {
  Policy: {
    columns: [["active_policies", "int"], ["total_annual_premium", "float8"], ["total_sum_insured", "float8"], ["premiums_to_date", "float8"]],
    lateral: (alias) => `CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE status = 'ACTIVE')::int AS active_policies,
         coalesce(sum(premium * CASE premium_frequency WHEN 'MONTHLY' THEN 12 WHEN 'QUARTERLY' THEN 4 ELSE 1 END)
           FILTER (WHERE status = 'ACTIVE'), 0)::float8 AS total_annual_premium,
         coalesce(sum(sum_insured) FILTER (WHERE status = 'ACTIVE'), 0)::float8 AS total_sum_insured,
         coalesce(sum(CASE WHEN status = 'QUOTED' THEN 0
                           WHEN premium_frequency = 'SINGLE' THEN premium
                           ELSE premium * CASE premium_frequency WHEN 'MONTHLY' THEN 12 WHEN 'QUARTERLY' THEN 4 ELSE 1 END
                                * greatest(0, least(current_date, end_date) - start_date) / 365.25 END), 0)::float8
           AS premiums_to_date
       FROM policy WHERE customer_id = ${alias}.id) p`,
  },
  Claim: {
    columns: [["open_claims", "int"], ["claims_paid", "float8"]],
    lateral: (alias, param) => `CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE status = ANY(${param("summaryOpenClaims", OPEN_STATUSES.summaryOpenClaims)}))::int AS open_claims,
         coalesce(sum(paid_amount), 0)::float8 AS claims_paid
       FROM claim WHERE customer_id = ${alias}.id) cl`,
  },
  Complaint: {
    columns: [["open_complaints", "int"]],
    lateral: (alias, param) => `CROSS JOIN LATERAL (
       SELECT count(*)::int AS open_complaints FROM complaint
       WHERE customer_id = ${alias}.id AND status = ANY(${param("summaryOpenComplaints", OPEN_STATUSES.summaryOpenComplaints)})) co`,
  },
  Interaction: {
    columns: [["last_interaction_at", "timestamptz"], ["average_satisfaction", "float8"]],
    lateral: (alias) => `CROSS JOIN LATERAL (
       SELECT max(occurred_at) AS last_interaction_at, avg(satisfaction)::float8 AS average_satisfaction
       FROM interaction WHERE customer_id = ${alias}.id) i`,
  },
};

export const SUMMARY_SOURCES = Object.keys(SOURCES) as SummarySource[];

/**
 * The summary's figures of the customer on an alias, as a select list and lateral subqueries (each
 * served by a customer_id index); `param` names the statuses. The loader reads it for many
 * customers (every source), compiled reads inside a customer's row (only the sources of the
 * figures the operation asks for: the others' columns are NULL, read as 0 or null).
 */
export function summarySql(
  alias: string,
  param: (name: string, value: unknown) => string,
  sources: ReadonlySet<SummarySource> = new Set(SUMMARY_SOURCES),
): { select: string; from: string } {
  const read = SUMMARY_SOURCES.filter((source) => sources.has(source));
  const columns = SUMMARY_SOURCES.flatMap((source) =>
    SOURCES[source].columns.map(([name, type]) => (sources.has(source) ? name : `NULL::${type} AS ${name}`)),
  );
  return {
    select: `${alias}.id AS customer_id, ${alias}.currency, ${columns.join(", ")}`,
    from: read.map((source) => SOURCES[source].lateral(alias, param)).join("\n     "),
  };
}

/** One summary row as the statement returns it (snake_case, numbers as float8 or text). */
export function summaryRow(row: Record<string, unknown>): CustomerSummaryRow {
  return {
    customerId: String(row.customer_id),
    currency: String(row.currency),
    activePolicies: Number(row.active_policies),
    totalAnnualPremium: Math.round(Number(row.total_annual_premium)),
    totalSumInsured: Math.round(Number(row.total_sum_insured)),
    premiumsToDate: Math.round(Number(row.premiums_to_date)),
    openClaims: Number(row.open_claims),
    claimsPaid: Math.round(Number(row.claims_paid)),
    openComplaints: Number(row.open_complaints),
    lastInteractionAt: row.last_interaction_at ? new Date(row.last_interaction_at as string) : null,
    averageSatisfaction: row.average_satisfaction === null ? null : Number(row.average_satisfaction),
  };
}

/** The 360 summary of many customers in one statement: each figure is an aggregate computed in the database. */
export async function loadSummaries(db: DataSource, ids: readonly string[]): Promise<CustomerSummaryRow[]> {
  const params: Record<string, unknown> = { summaryIds: ids };
  const { select, from } = summarySql("c", (name, value) => {
    params[name] = value;
    return `:${name}`;
  });
  const [text, values] = db.driver.escapeQueryWithParameters(`SELECT ${select} FROM customer c ${from} WHERE c.id = ANY(:summaryIds)`, params, {});
  const rows: Record<string, unknown>[] = await db.query(text, values);
  const byId = new Map(rows.map((row) => [String(row.customer_id), summaryRow(row)]));
  return ids.map(
    (id) =>
      byId.get(id) ?? {
        customerId: id, currency: "CNY", activePolicies: 0, totalAnnualPremium: 0, totalSumInsured: 0, premiumsToDate: 0,
        openClaims: 0, claimsPaid: 0, openComplaints: 0, lastInteractionAt: null, averageSatisfaction: null,
      },
  );
}
