import type { DataSource, EntityManager } from "typeorm";
import type { RiskFacts } from "./risk-engine";
import { sealedJson } from "../../shared/pii-crypto";
import { consentInForceSql } from "../../auth/row-scope";
import type { HealthDetails } from "./health-declaration.entity";

export interface CustomerRiskFacts extends RiskFacts {
  customerId: string;
}

/**
 * Everything the risk model needs for many customers, in one statement (one row per customer,
 * related records as JSON arrays). Erased customers are not assessed.
 */
export async function loadRiskFacts(db: DataSource | EntityManager, customerIds: readonly string[], now: Date): Promise<CustomerRiskFacts[]> {
  if (customerIds.length === 0) return [];
  const rows: Record<string, any>[] = await db.query(
    `SELECT c.id, c.kind, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.occupation_class, c.annual_income::float8 AS annual_income,
       c.dependents,
       coalesce(${consentInForceSql("c.id", "'SENSITIVE_DATA'")}, false) AS sensitive_data_consent,
       (SELECT h.details FROM health_declaration h WHERE h.customer_id = c.id
          ORDER BY h.declared_at DESC, h.id DESC LIMIT 1) AS health_sealed,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('reportedAt', cl.reported_at, 'claimedAmount', cl.claimed_amount, 'fraudScore', cl.fraud_score)), '[]')
          FROM claim cl WHERE cl.customer_id = c.id AND cl.reported_at > CAST($2 AS timestamptz) - interval '36 months') AS claims,
       (SELECT coalesce(jsonb_agg(jsonb_build_object('status', p.status, 'sumInsured', p.sum_insured, 'renewalDate', p.renewal_date, 'endDate', p.end_date)), '[]')
          FROM policy p WHERE p.customer_id = c.id AND p.status IN ('ACTIVE', 'LAPSED')) AS policies,
       (SELECT coalesce(jsonb_agg(co.received_at), '[]')
          FROM complaint co WHERE co.customer_id = c.id AND co.received_at > CAST($2 AS timestamptz) - interval '90 days') AS complaint_times,
       (SELECT coalesce(jsonb_agg(i.due_date::text ORDER BY i.due_date), '[]') FROM premium_instalment i JOIN policy p ON p.id = i.policy_id
          WHERE i.customer_id = c.id AND p.status = 'ACTIVE' AND i.paid_at IS NULL AND i.due_date <= CAST($2 AS timestamptz)::date) AS unpaid_due_dates
     FROM customer c WHERE c.id = ANY($1::uuid[]) AND c.erased_at IS NULL`,
    [customerIds, now.toISOString()],
  );
  return rows.map((row) => ({
    customerId: row.id,
    kind: row.kind,
    dateOfBirth: row.date_of_birth,
    occupationClass: row.occupation_class,
    annualIncome: row.annual_income === null ? null : Number(row.annual_income),
    dependents: Number(row.dependents),
    sensitiveDataConsent: row.sensitive_data_consent === true,
    // encrypted at rest: decrypted here, in the process, never in SQL
    health: row.health_sealed ? (sealedJson.from(row.health_sealed) as HealthDetails) : null,
    claims: (row.claims as any[]).map((c) => ({ reportedAt: new Date(c.reportedAt), claimedAmount: Number(c.claimedAmount), fraudScore: c.fraudScore })),
    policies: (row.policies as any[]).map((p) => ({ status: p.status, sumInsured: Number(p.sumInsured), renewalDate: p.renewalDate, endDate: p.endDate })),
    complaintTimes: (row.complaint_times as string[]).map((t) => new Date(t)),
    unpaidPremiumDueDates: row.unpaid_due_dates as string[],
  }));
}
