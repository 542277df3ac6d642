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

/**
 * The 360 summary of many customers in one statement: each figure is an aggregate computed in
 * the database (lateral subqueries per customer, each served by a customer_id index).
 */
export async function loadSummaries(db: DataSource, ids: readonly string[]): Promise<CustomerSummaryRow[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT c.id AS customer_id, c.currency,
       p.active_policies, p.total_annual_premium, p.total_sum_insured, p.premiums_to_date,
       cl.open_claims, cl.claims_paid, co.open_complaints, i.last_interaction_at, i.average_satisfaction
     FROM customer c
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE status = 'ACTIVE')::int AS active_policies,
         coalesce(sum(premium * CASE premium_frequency WHEN 'MONTHLY' THEN 12 WHEN 'QUARTERLY' THEN 4 ELSE 1 END)
           FILTER (WHERE status = 'ACTIVE'), 0)::float8 AS total_annual_premium,
         coalesce(sum(sum_insured) FILTER (WHERE status = 'ACTIVE'), 0)::float8 AS total_sum_insured,
         coalesce(sum(CASE WHEN status = 'QUOTED' THEN 0
                           WHEN premium_frequency = 'SINGLE' THEN premium
                           ELSE premium * CASE premium_frequency WHEN 'MONTHLY' THEN 12 WHEN 'QUARTERLY' THEN 4 ELSE 1 END
                                * greatest(0, least(current_date, end_date) - start_date) / 365.25 END), 0)::float8
           AS premiums_to_date
       FROM policy WHERE customer_id = c.id) p
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE status = ANY($2::varchar[]))::int AS open_claims,
         coalesce(sum(paid_amount), 0)::float8 AS claims_paid
       FROM claim WHERE customer_id = c.id) cl
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS open_complaints FROM complaint
       WHERE customer_id = c.id AND status = ANY($3::varchar[])) co
     CROSS JOIN LATERAL (
       SELECT max(occurred_at) AS last_interaction_at, avg(satisfaction)::float8 AS average_satisfaction
       FROM interaction WHERE customer_id = c.id) i
     WHERE c.id = ANY($1::uuid[])`,
    [ids, OPEN_CLAIM_STATUSES, OPEN_COMPLAINT_STATUSES],
  );
  const byId = new Map(
    rows.map((row) => [
      String(row.customer_id),
      {
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
      },
    ]),
  );
  return ids.map(
    (id) =>
      byId.get(id) ?? {
        customerId: id, currency: "CNY", activePolicies: 0, totalAnnualPremium: 0, totalSumInsured: 0, premiumsToDate: 0,
        openClaims: 0, claimsPaid: 0, openComplaints: 0, lastInteractionAt: null, averageSatisfaction: null,
      },
  );
}
