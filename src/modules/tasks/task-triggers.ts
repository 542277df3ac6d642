import { ClaimStatus } from "../claim/claim.entity";
import { PolicyStatus } from "../policy/policy.entity";
import { CaseStatus } from "../service-desk/service-case.entity";
import { TaskSource, TaskTrigger } from "./task.enums";

/**
 * How a trigger is read from the database, declared once per trigger: the records it fires for
 * (`table` on alias t, `where`), the record's id, its customer, and its instant. Rules (data)
 * choose a trigger; the rule sweep (task-sweep.ts) builds its statement from these.
 */
export interface TriggerSource {
  source: TaskSource;
  /** The table that carries the fact, on alias `t`. */
  table: string;
  /** Which of its rows carry the fact. */
  where: string;
  id: string;
  customer: string;
  /** The instant: a timestamptz expression, or a date column read as its midnight UTC. */
  at: { sql: string; type: "timestamptz" | "date" };
}

export const TRIGGER_SOURCES: Record<TaskTrigger, TriggerSource> = {
  // the claim event that paid it: the claim may be closed since, the payment stays a fact
  [TaskTrigger.CLAIM_PAID]: {
    source: TaskSource.CLAIM,
    table: "claim_event t",
    where: `t.to_status = '${ClaimStatus.PAID}'`,
    id: "t.claim_id",
    customer: "t.customer_id",
    at: { sql: "t.occurred_at", type: "timestamptz" },
  },
  [TaskTrigger.COMPLAINT_RESOLVED]: {
    source: TaskSource.COMPLAINT,
    table: "complaint t",
    where: "t.resolved_at IS NOT NULL",
    id: "t.id",
    customer: "t.customer_id",
    at: { sql: "t.resolved_at", type: "timestamptz" },
  },
  [TaskTrigger.CASE_CLOSED]: {
    source: TaskSource.CASE,
    table: "service_case t",
    where: `t.status = '${CaseStatus.CLOSED}' AND t.closed_at IS NOT NULL`,
    id: "t.id",
    customer: "t.customer_id",
    at: { sql: "t.closed_at", type: "timestamptz" },
  },
  // while it still waits, from the start of its current wait (the last pause, still open)
  [TaskTrigger.CASE_WAITING_ON_CUSTOMER]: {
    source: TaskSource.CASE,
    table: "service_case t",
    where: `t.status = '${CaseStatus.WAITING_ON_CUSTOMER}'`,
    id: "t.id",
    customer: "t.customer_id",
    at: { sql: "(t.pauses -> -1 ->> 'from')::timestamptz", type: "timestamptz" },
  },
  // a policy in force, at its renewal date (one reminder per renewal date)
  [TaskTrigger.POLICY_RENEWAL]: {
    source: TaskSource.POLICY,
    table: "policy t",
    where: `t.status = '${PolicyStatus.ACTIVE}' AND t.renewal_date IS NOT NULL`,
    id: "t.id",
    customer: "t.customer_id",
    at: { sql: "t.renewal_date", type: "date" },
  },
};

/** The trigger's instant as a timestamptz. */
export function triggerInstant(trigger: TriggerSource): string {
  return trigger.at.type === "date" ? `(${trigger.at.sql}::timestamp AT TIME ZONE 'UTC')` : trigger.at.sql;
}

/**
 * The instant in (lower, upper]: on a date column, compared as dates so that an index on the
 * column serves it (a date's midnight UTC is after `lower` exactly when the date is after lower's UTC date).
 */
export function triggerWindow(trigger: TriggerSource, lower: string, upper: string): string {
  if (trigger.at.type === "timestamptz") return `${trigger.at.sql} > ${lower} AND ${trigger.at.sql} <= ${upper}`;
  const utcDate = (instant: string) => `(${instant} AT TIME ZONE 'UTC')::date`;
  return `${trigger.at.sql} > ${utcDate(lower)} AND ${trigger.at.sql} <= ${utcDate(upper)}`;
}
