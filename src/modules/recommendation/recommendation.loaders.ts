import { productPopularity } from "../product/product-popularity";
import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { OPEN_COMPLAINT_STATUSES } from "../interaction/complaint.entity";
import type { RecommendationFacts } from "./recommendation-engine";
import { ageAt } from "./recommendation-engine";
import { COMPLAINT_SUPPRESSION_DAYS, DECLINE_SUPPRESSION_DAYS, RECENT_CLAIM_DAYS, TRAVEL_SIGNAL_DAYS } from "./recommendation-rules";

/** The facts of one customer that only recommendations read (the rest come from shared loaders). */
export type CustomerActivityFacts = Pick<
  RecommendationFacts,
  "household" | "activePolicies" | "claims" | "offerResponses" | "openComplaints" | "recentInteractions"
>;

export interface ActivityRow {
  policies: { productCode: string; line: RecommendationFacts["activePolicies"][number]["line"]; sumInsured: string | number }[];
  claims: { total: number; recent: number };
  offer_responses: { productCode: string; response: "ACCEPTED" | "DECLINED"; respondedAt: string }[];
  open_complaints: { receivedAt: string }[];
  interactions: { kind: string; subject: string; occurredAt: string }[];
  household: { kind: string; dateOfBirth: string | null }[];
}

/** Where the activity columns take their parameters: SQL expressions (placeholders) for now and each window. */
interface ActivityParams {
  recentClaimDays: string;
  declineDays: string;
  complaintStatuses: string;
  complaintDays: string;
  travelDays: string;
}

/**
 * Each fact kind of customer `k` as a JSON column from an indexed correlated subquery. Only the
 * windows the rules look at are read (answers of the last 90 days, interactions of the last 60,
 * open complaints). The household is read without row scope on purpose: only relationship kinds
 * and ages leave this module, never members.
 */
export const ACTIVITY_COLUMNS = (k: string, now: string, p: ActivityParams) => `
  (SELECT coalesce(json_agg(json_build_object('productCode', p.product_code, 'line', pr.line, 'sumInsured', p.sum_insured)), '[]'::json)
     FROM policy p JOIN product pr ON pr.code = p.product_code WHERE p.customer_id = ${k}.id AND p.status = 'ACTIVE') AS policies,
  (SELECT json_build_object('total', count(*), 'recent', count(*) FILTER (WHERE cl.reported_at > ${now}::timestamptz - make_interval(days => ${p.recentClaimDays})))
     FROM claim cl WHERE cl.customer_id = ${k}.id) AS claims,
  (SELECT coalesce(json_agg(json_build_object('productCode', o.product_code, 'response', o.response, 'respondedAt', o.responded_at)), '[]'::json)
     FROM offer_response o WHERE o.customer_id = ${k}.id AND o.responded_at > ${now}::timestamptz - make_interval(days => ${p.declineDays})) AS offer_responses,
  (SELECT coalesce(json_agg(json_build_object('receivedAt', co.received_at)), '[]'::json)
     FROM complaint co WHERE co.customer_id = ${k}.id AND co.status = ANY(${p.complaintStatuses}::varchar[])
       AND co.received_at > ${now}::timestamptz - make_interval(days => ${p.complaintDays})) AS open_complaints,
  (SELECT coalesce(json_agg(json_build_object('kind', i.kind, 'subject', i.subject, 'occurredAt', i.occurred_at)), '[]'::json)
     FROM interaction i WHERE i.customer_id = ${k}.id AND i.occurred_at > ${now}::timestamptz - make_interval(days => ${p.travelDays})) AS interactions,
  (SELECT coalesce(json_agg(json_build_object('kind', r.kind, 'dateOfBirth', m.date_of_birth)), '[]'::json)
     FROM relationship r JOIN customer m ON m.id = r.related_customer_id
    WHERE r.customer_id = ${k}.id AND r.kind IN ('SPOUSE', 'CHILD')) AS household`;

/** One statement for a whole batch of customers: a row per customer with each fact kind as a JSON array. */
const ACTIVITY_SQL = `
SELECT k.id AS customer_id, ${ACTIVITY_COLUMNS("k", "$2", { recentClaimDays: "$3", declineDays: "$4", complaintStatuses: "$5", complaintDays: "$6", travelDays: "$7" })}
FROM unnest($1::uuid[]) AS k(id)`;

export function toFacts(row: ActivityRow, now: Date): CustomerActivityFacts {
  return {
    household: {
      hasSpouse: row.household.some((link) => link.kind === "SPOUSE"),
      childAges: row.household
        .filter((link) => link.kind === "CHILD")
        .map((link) => ageAt(link.dateOfBirth ? String(link.dateOfBirth).slice(0, 10) : null, now))
        .filter((age): age is number => age !== null),
    },
    activePolicies: row.policies.map((policy) => ({ ...policy, sumInsured: Number(policy.sumInsured) })),
    claims: { total: Number(row.claims.total), recent: Number(row.claims.recent) },
    offerResponses: row.offer_responses.map((answer) => ({ ...answer, respondedAt: new Date(answer.respondedAt) })),
    openComplaints: row.open_complaints.map((complaint) => ({ receivedAt: new Date(complaint.receivedAt) })),
    recentInteractions: row.interactions.map((contact) => ({ ...contact, occurredAt: new Date(contact.occurredAt) })),
  };
}

export function recommendationLoaders(db: DataSource) {
  return {
    /** Policies, claims, offer answers, open complaints, recent contacts and household ages: one statement per batch. */
    recommendationActivityByCustomerId: new DataLoader<string, CustomerActivityFacts>(async (ids) => {
      const now = new Date();
      const rows: (ActivityRow & { customer_id: string })[] = await db.query(ACTIVITY_SQL, [
        ids, now.toISOString(), RECENT_CLAIM_DAYS, DECLINE_SUPPRESSION_DAYS, OPEN_COMPLAINT_STATUSES, COMPLAINT_SUPPRESSION_DAYS, TRAVEL_SIGNAL_DAYS,
      ]);
      const byId = new Map(rows.map((row) => [row.customer_id as string, toFacts(row, now)]));
      return ids.map((id) => byId.get(id) as CustomerActivityFacts);
    }),
    /** Active policies per product across the book: the non-personalized ranking (read only when needed). */
    productPopularity: new DataLoader<"all", Record<string, number>>(async (keys) => {
      const popularity = await productPopularity(db); // shared across requests: an aggregate, no personal data
      return keys.map(() => popularity);
    }),
  };
}
