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
  /** `oldestRecent`: when the oldest claim counted as recent was reported (it leaves the window a year later). */
  claims: { total: number; recent: number; oldestRecent?: string | null };
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
 * Each fact kind of the customers whose ids are `ids` (a uuid[] expression), as JSON columns of
 * customer `k`: one grouped, indexed read per fact kind for the whole batch, joined to the
 * customers (cheaper than a correlated subquery per customer and kind). Only the windows the
 * rules look at are read (answers of the last 90 days, interactions of the last 60, open
 * complaints). The household is read without row scope on purpose: only relationship kinds and
 * ages leave this module, never members.
 */
export function activityFacts(k: string, ids: string, now: string, p: ActivityParams): { columns: string; joins: string } {
  const since = (days: string) => `${now}::timestamptz - make_interval(days => ${days})`;
  const listOf = (alias: string) => `coalesce(${alias}.facts, '[]'::json)`;
  return {
    columns: `${listOf("act_p")} AS policies,
  json_build_object('total', coalesce(act_c.total, 0), 'recent', coalesce(act_c.recent, 0), 'oldestRecent', act_c.oldest_recent) AS claims,
  ${listOf("act_o")} AS offer_responses, ${listOf("act_co")} AS open_complaints, ${listOf("act_i")} AS interactions, ${listOf("act_h")} AS household`,
    joins: `
LEFT JOIN (SELECT p.customer_id, json_agg(json_build_object('productCode', p.product_code, 'line', pr.line, 'sumInsured', p.sum_insured)) AS facts
    FROM policy p JOIN product pr ON pr.code = p.product_code WHERE p.customer_id = ANY(${ids}) AND p.status = 'ACTIVE' GROUP BY p.customer_id) act_p
  ON act_p.customer_id = ${k}.id
LEFT JOIN (SELECT cl.customer_id, count(*) AS total, count(*) FILTER (WHERE cl.reported_at > ${since(p.recentClaimDays)}) AS recent,
      min(cl.reported_at) FILTER (WHERE cl.reported_at > ${since(p.recentClaimDays)}) AS oldest_recent
    FROM claim cl WHERE cl.customer_id = ANY(${ids}) GROUP BY cl.customer_id) act_c
  ON act_c.customer_id = ${k}.id
LEFT JOIN (SELECT o.customer_id, json_agg(json_build_object('productCode', o.product_code, 'response', o.response, 'respondedAt', o.responded_at)) AS facts
    FROM offer_response o WHERE o.customer_id = ANY(${ids}) AND o.responded_at > ${since(p.declineDays)} GROUP BY o.customer_id) act_o
  ON act_o.customer_id = ${k}.id
LEFT JOIN (SELECT co.customer_id, json_agg(json_build_object('receivedAt', co.received_at)) AS facts
    FROM complaint co WHERE co.customer_id = ANY(${ids}) AND co.status = ANY(${p.complaintStatuses}::varchar[])
      AND co.received_at > ${since(p.complaintDays)} GROUP BY co.customer_id) act_co
  ON act_co.customer_id = ${k}.id
LEFT JOIN (SELECT i.customer_id, json_agg(json_build_object('kind', i.kind, 'subject', i.subject, 'occurredAt', i.occurred_at)) AS facts
    FROM interaction i WHERE i.customer_id = ANY(${ids}) AND i.occurred_at > ${since(p.travelDays)} GROUP BY i.customer_id) act_i
  ON act_i.customer_id = ${k}.id
LEFT JOIN (SELECT r.customer_id, json_agg(json_build_object('kind', r.kind, 'dateOfBirth', m.date_of_birth)) AS facts
    FROM relationship r JOIN customer m ON m.id = r.related_customer_id
    WHERE r.customer_id = ANY(${ids}) AND r.kind IN ('SPOUSE', 'CHILD') GROUP BY r.customer_id) act_h
  ON act_h.customer_id = ${k}.id`,
  };
}

const ACTIVITY = activityFacts("k", "$1::uuid[]", "$2", { recentClaimDays: "$3", declineDays: "$4", complaintStatuses: "$5", complaintDays: "$6", travelDays: "$7" });

/** One statement for a whole batch of customers: a row per customer with each fact kind as a JSON array. */
const ACTIVITY_SQL = `
SELECT k.id AS customer_id, ${ACTIVITY.columns}
FROM unnest($1::uuid[]) AS k(id) ${ACTIVITY.joins}`;

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
