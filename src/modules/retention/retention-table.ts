import { referencesTo } from "../../db/partitions";
import { sqlList } from "../../db/sql-literals";
import { OPEN_CLAIM_STATUSES } from "../claim/claim.entity";
import { OPEN_COMPLAINT_STATUSES } from "../interaction/complaint.entity";
import { OPEN_CASE_STATUS_SQL } from "../service-desk/service-case.entity";
import { PolicyStatus } from "../policy/policy.entity";

/**
 * The retention table (PIPL art. 19: keep personal information no longer than the purpose needs),
 * declared once: the purge (retention.service.ts), docs/retention.md and the README's table, and
 * each run's report are derived from it. In every SQL fragment the row is `t` and `$1` is the
 * rule's cutoff (now minus its period).
 */

export type PeriodUnit = "days" | "years";

/** Why an expired row is kept anyway. `hold` exemptions are counted as held rows in a run's report. */
export interface Exemption {
  name: string;
  hold: boolean;
  sql: string;
  /** Only when this holds for the deployment (e.g. a stream that has not taken the event yet). */
  when?: (context: RetentionContext) => boolean;
}

/** Rows of other tables that point at a purged row, dealt with first: a dropped partition fires no trigger or foreign-key action. */
export interface Dependent {
  table: string;
  column: string;
  onPurge: "delete" | "set null";
}

export interface RetentionRule {
  /** Unique; names the rule in reports and docs. */
  name: string;
  table: string;
  /** The row's own column the period counts from; a table range-partitioned on it is purged by dropping partitions where possible. */
  timeColumn?: string;
  /** Or another table's time, as SQL over `t` (then rows are deleted, never partitions dropped). */
  timeFrom?: { sql: string; label: string };
  /**
   * The time column (a timestamptz) is indexed only as the keyset orders it (src/db/keyset.ts), not by
   * itself: expired rows are found through that index (in a partition that cannot be dropped whole).
   */
  keysetIndexed?: true;
  /** Which of the table's rows the rule is about at all (SQL over `t`); rows outside it are never purged. */
  scope?: string;
  /** Environment variable of the period, its unit and default. */
  setting: string;
  unit: PeriodUnit;
  defaultPeriod: number;
  exemptions: Exemption[];
  dependents?: Dependent[];
  /** Why this period (docs). */
  why: string;
}

/** What a run knows of the deployment that changes what is exempt. */
export interface RetentionContext {
  /** The outbox streams to NATS: an event not yet streamed is kept. */
  streaming: boolean;
}


/** A legal hold placed and not released, or a claim still open: nothing of the customer goes. */
export function legalHold(customer: string): Exemption {
  return {
    name: "legal hold or open claim",
    hold: true,
    sql: `(EXISTS (SELECT 1 FROM legal_hold h WHERE h.customer_id = ${customer} AND h.released_at IS NULL)
      OR EXISTS (SELECT 1 FROM claim hc WHERE hc.customer_id = ${customer} AND hc.status IN (${sqlList(OPEN_CLAIM_STATUSES)})))`,
  };
}

/**
 * The customer relationship has not ended, or ended after the cutoff. It goes on while the customer
 * holds an ACTIVE policy or has an open claim, case or complaint; it ended at the latest of its
 * policies' ends (an EXPIRED policy's end date, a cancelled, lapsed or quoted one's last change), its
 * claims' and cases' closing and its last interaction.
 */
function inRelationship(customer: string): Exemption {
  return {
    name: "customer relationship not ended before the cutoff",
    hold: false,
    sql: `(EXISTS (SELECT 1 FROM policy rp WHERE rp.customer_id = ${customer} AND (rp.status = '${PolicyStatus.ACTIVE}'
          OR CASE WHEN rp.status = '${PolicyStatus.EXPIRED}' AND rp.end_date IS NOT NULL THEN rp.end_date::timestamp AT TIME ZONE 'UTC' ELSE rp.updated_at END >= $1))
      OR EXISTS (SELECT 1 FROM claim rc WHERE rc.customer_id = ${customer} AND (rc.status IN (${sqlList(OPEN_CLAIM_STATUSES)}) OR coalesce(rc.closed_at, rc.updated_at) >= $1))
      OR EXISTS (SELECT 1 FROM service_case rs WHERE rs.customer_id = ${customer} AND (rs.status IN (${OPEN_CASE_STATUS_SQL}) OR coalesce(rs.closed_at, rs.resolved_at, rs.updated_at) >= $1))
      OR EXISTS (SELECT 1 FROM complaint rk WHERE rk.customer_id = ${customer} AND rk.status IN (${sqlList(OPEN_COMPLAINT_STATUSES)}))
      OR EXISTS (SELECT 1 FROM interaction ri WHERE ri.customer_id = ${customer} AND ri.occurred_at >= $1))`,
  };
}

/** An erased customer's case or complaint still being worked. */
function openMatters(customer: string): Exemption {
  return {
    name: "open case or complaint",
    hold: false,
    sql: `(EXISTS (SELECT 1 FROM service_case os WHERE os.customer_id = ${customer} AND os.status IN (${OPEN_CASE_STATUS_SQL}))
      OR EXISTS (SELECT 1 FROM complaint ok WHERE ok.customer_id = ${customer} AND ok.status IN (${sqlList(OPEN_COMPLAINT_STATUSES)})))`,
  };
}

/** What points at an interaction: its complaint goes with it, cases and tasks forget it. */
/** Complaints go with their contact, cases and tasks drop the link, the idempotency claim is freed: the references declared once with the partitions. */
const INTERACTION_DEPENDENTS: Dependent[] = referencesTo("interaction");

const ERASED_AT = { sql: "(SELECT ec.erased_at FROM customer ec WHERE ec.id = t.customer_id)", label: "the customer's erasure (`customer.erased_at`)" };
const ERASED_WHY =
  "What erasure left (pseudonymized rows kept while a dispute about the erasure could still need them); policies, claims, their events, premiums and the do-not-contact list stay under insurance record keeping.";

function erasedResidue(name: string, table: string, exemptions: Exemption[], dependents?: Dependent[]): RetentionRule {
  return {
    name, table, timeFrom: ERASED_AT, setting: "RETENTION_ERASED_DAYS", unit: "days", defaultPeriod: 30,
    exemptions: [legalHold("t.customer_id"), ...exemptions], dependents, why: ERASED_WHY,
  };
}

/** Purged in this order: dead letters before the outbox events they hold. */
export const RETENTION_TABLE: readonly RetentionRule[] = [
  {
    name: "access audit",
    table: "audit_entry",
    timeColumn: "at",
    keysetIndexed: true, // IDX_audit_keyset (migrations/…990-AuditTimeIndexOnce)
    setting: "RETENTION_AUDIT_YEARS",
    unit: "years",
    defaultPeriod: 6,
    exemptions: [legalHold("t.customer_id")],
    why: "PIPL art. 56 keeps processing records at least 3 years; access records answer complaints and disputes, and the longest claim limitation (life insurance, Insurance Law art. 26) is 5 years: 6 years covers it with a year to settle.",
  },
  {
    name: "interactions",
    table: "interaction",
    timeColumn: "occurred_at",
    setting: "RETENTION_INTERACTION_YEARS",
    unit: "years",
    defaultPeriod: 5,
    exemptions: [legalHold("t.customer_id"), inRelationship("t.customer_id")],
    dependents: INTERACTION_DEPENDENTS,
    why: "Service contacts (and their complaints) are evidence in sales and service disputes: kept while the customer relationship lasts and 5 years after it ends (the life-insurance limitation period).",
  },
  erasedResidue("erased customers' interactions", "interaction", [openMatters("t.customer_id")], INTERACTION_DEPENDENTS),
  erasedResidue("erased customers' risk assessments", "risk_assessment", []),
  erasedResidue("erased customers' caller verifications", "caller_verification", []),
  {
    name: "import error reports",
    table: "import_error",
    timeFrom: { sql: "(SELECT j.finished_at FROM import_job j WHERE j.id = t.job_id)", label: "its job's end (`import_job.finished_at`)" },
    setting: "RETENTION_IMPORT_ERROR_DAYS",
    unit: "days",
    defaultPeriod: 90,
    exemptions: [],
    why: "A finished job's refused rows (line, source id, field, problem) serve the correction of the source file; the job row itself, the import's audit record, stays.",
  },
  {
    name: "dead webhook deliveries",
    table: "webhook_delivery",
    timeColumn: "next_attempt_at",
    scope: "t.status = 'DEAD'",
    setting: "RETENTION_DEAD_LETTER_DAYS",
    unit: "days",
    defaultPeriod: 30,
    exemptions: [],
    dependents: [{ table: "webhook_attempt", column: "delivery_id", onPurge: "delete" }],
    why: "Dead letters wait for an operator to send them again (replayWebhookDeliveries); after 30 days the receiver has resynchronised through the API.",
  },
  {
    name: "published outbox events",
    table: "event_outbox",
    timeColumn: "occurred_at",
    scope: "t.published_at IS NOT NULL",
    setting: "RETENTION_OUTBOX_DAYS",
    unit: "days",
    defaultPeriod: 35,
    exemptions: [
      { name: "delivery pending or dead", hold: false, sql: "EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = t.id AND d.status <> 'DELIVERED')" },
      { name: "not yet streamed", hold: false, sql: "t.streamed_at IS NULL", when: (context) => context.streaming },
    ],
    dependents: referencesTo("event_outbox"),
    why: "Events are handed to webhooks and the stream within seconds; 35 days outlast replayEvents (which reaches 31 days back) and NATS consumers catching up.",
  },
];
