import type { EventType } from "../events/event-types";
import type { HandedOutEvent } from "../events/event-reactions";
import type { EntityManager } from "typeorm";
import { Role } from "../../auth/role";
import { consentInForceOn } from "../../auth/row-scope";
import { plainOrder, relationColumns } from "../../db/relations";
import { OPEN_COMPLAINT_STATUSES } from "../interaction/complaint.entity";
import { RiskTier } from "../product/product.entity";
import type { StoredRating } from "../risk/risk-derived";
import { RISK_PROFILE } from "../risk/risk.relations";
import { ratingForRole } from "../risk/risk.service";
import { CASE_WORKER_ROLES } from "../service-desk/case-roles";
import { CaseQueue, OPEN_CASE_STATUSES } from "../service-desk/service-case.entity";
import { SlaMilestone } from "../service-desk/sla-policy";
import { ALERT_RECIPIENT_ROLES } from "./alert.permissions";
import { AlertKind } from "./service-alert.entity";

/**
 * Alerts derived from outbox events, in the dispatcher's fan-out transaction (so an event yields its
 * alerts exactly when it is handed out). Each insert is one set-based statement over the batch and
 * adds nothing for an (event, recipient) already alerted: deriving a batch twice changes nothing.
 *
 * What an alert tells its recipient must be something the recipient's role may see:
 * - complaint deadlines depend on the complaint's dueAt and status (PUBLIC) and go to the
 *   customer's assigned agent (whose book holds the complaint) and to COMPLIANCE (all customers);
 * - a raised risk tier is decided on each recipient's own view of the assessments — the tier
 *   recomputed from the factors released to the role (risk-derived.ts), as `riskProfile.tier`
 *   shows it to them — so a tier raised only by a factor the role may not receive (health data
 *   for an agent; health or income without SENSITIVE_DATA consent for an underwriter) alerts nobody
 *   of that role. Recipients: the assigned agent and UNDERWRITER;
 * - a case breach (the SLA sweep's `case.breached`) shows the case, the milestone and the deadline it
 *   missed (PUBLIC on the case) and goes to who works the case (deriveCaseBreachAlerts), chosen by
 *   its assignee and queue (SERVICE) — which every role it may go to reads in full.
 */
export async function deriveAlerts(manager: EntityManager, events: readonly HandedOutEvent[], now: Date): Promise<void> {
  const ofTypes = (types: readonly string[]) => events.filter((event) => types.includes(event.type)).map((event) => event.id);
  const complaintEvents = ofTypes(Object.keys(COMPLAINT_ALERT_KINDS));
  if (complaintEvents.length > 0) await deriveComplaintAlerts(manager, complaintEvents, now);
  const riskEvents = ofTypes([RISK_EVENT]);
  if (riskEvents.length > 0) await deriveRiskAlerts(manager, riskEvents, now);
  const caseEvents = ofTypes([CASE_BREACH_EVENT]);
  if (caseEvents.length > 0) await deriveCaseBreachAlerts(manager, caseEvents, now);
}

/** The complaint events that raise alerts, with the alert's kind. */
export const COMPLAINT_ALERT_KINDS: Record<string, AlertKind> = {
  "complaint.due_soon": AlertKind.COMPLAINT_DUE_SOON,
  "complaint.overdue": AlertKind.COMPLAINT_OVERDUE,
};

/** Who handles complaints besides the customer's agent. */
const COMPLAINT_ROLE = Role.COMPLIANCE;
/** Who is told of a raised risk tier besides the customer's agent. */
const RISK_ROLE = Role.UNDERWRITER;

/** One statement: a due-soon / overdue event of a still open complaint → the customer's agent (an active staff user) and COMPLIANCE. */
async function deriveComplaintAlerts(manager: EntityManager, eventIds: readonly string[], now: Date): Promise<void> {
  const types = Object.keys(COMPLAINT_ALERT_KINDS);
  await manager.query(
    `INSERT INTO service_alert (kind, recipient_staff_id, recipient_role, customer_id, complaint_id, event_id, created_at)
     SELECT (jsonb_object_field_text($5::jsonb, e.type)), r.staff_id, r.role, e.customer_id, co.id, e.id, $3
       FROM event_outbox e
       JOIN complaint co ON co.id = CAST(e.data->>'complaintId' AS uuid) AND co.status = ANY($6::varchar[])
       JOIN customer c ON c.id = co.customer_id AND c.erased_at IS NULL
       LEFT JOIN staff_user s ON s.id = c.assigned_agent_id AND s.active
       CROSS JOIN LATERAL (VALUES (s.id, CAST(NULL AS varchar)), (CAST(NULL AS uuid), CAST($4 AS varchar))) AS r(staff_id, role)
      WHERE e.id = ANY($1::uuid[]) AND e.type = ANY($2::varchar[]) AND (r.staff_id IS NOT NULL OR r.role IS NOT NULL)
     ON CONFLICT DO NOTHING`,
    [eventIds, types, now, COMPLAINT_ROLE, JSON.stringify(COMPLAINT_ALERT_KINDS), OPEN_COMPLAINT_STATUSES],
  );
}

const TIER_RANK: Record<string, number> = { [RiskTier.LOW]: 0, [RiskTier.MEDIUM]: 1, [RiskTier.HIGH]: 2, [RiskTier.CRITICAL]: 3 };

/** Whether the role's view of the tier rose into HIGH or CRITICAL (a first assessment rises from nothing). */
export function tierRaisedFor(role: Role, current: StoredRating, previous: StoredRating | null, sensitiveConsent: boolean): boolean {
  const rank = (rating: StoredRating) => TIER_RANK[ratingForRole(role, rating, sensitiveConsent).tier] ?? -1;
  const now = rank(current);
  return now >= TIER_RANK[RiskTier.HIGH] && (previous === null || now > rank(previous));
}

interface AssessedRow {
  event_id: string;
  customer_id: string;
  assessment_id: string;
  agent_id: string | null;
  agent_role: Role | null;
  current: StoredRating;
  previous: StoredRating | null;
  sensitive_consent: boolean;
}

const RATING = (alias: string) =>
  `jsonb_build_object('likelihood', ${alias}.likelihood, 'impact', ${alias}.impact, 'score', ${alias}.score, 'tier', ${alias}.tier, 'factors', ${alias}.factors, 'warnings', ${alias}.warnings)`;

/** The risk event whose tier may raise an alert. */
const RISK_EVENT: EventType = "risk.assessed";
/** The SLA sweep's event of a case's missed milestone. */
const CASE_BREACH_EVENT: EventType = "case.breached";

/** Every event type that may raise an alert (a live `myAlerts` looks for alerts of these only). */
export const ALERTING_EVENT_TYPES: readonly string[] = [...Object.keys(COMPLAINT_ALERT_KINDS), RISK_EVENT, CASE_BREACH_EVENT];

/**
 * Two statements: the batch's risk.assessed events with the assessment, the one before it (in the
 * risk profile's declared order), the agent and the consent in force; then one insert of the
 * alerts whose recipient's view of the tier rose into HIGH or CRITICAL.
 */
async function deriveRiskAlerts(manager: EntityManager, eventIds: readonly string[], now: Date): Promise<void> {
  const profile = relationColumns(manager.connection, RISK_PROFILE);
  const rows: AssessedRow[] = await manager.query(
    `SELECT e.id AS event_id, e.customer_id, n.id AS assessment_id, s.id AS agent_id, s.role AS agent_role,
            ${RATING("n")} AS current,
            (SELECT ${RATING("t")} FROM risk_assessment t
              WHERE t.customer_id = n.customer_id AND t.id <> n.id AND t.assessed_at <= n.assessed_at
              ORDER BY ${plainOrder(profile, "t")} LIMIT 1) AS previous,
            coalesce(${consentInForceOn("c", "SENSITIVE_DATA")}, false) AS sensitive_consent
       FROM event_outbox e
       JOIN risk_assessment n ON n.id = CAST(e.data->>'assessmentId' AS uuid)
       JOIN customer c ON c.id = n.customer_id AND c.erased_at IS NULL
       LEFT JOIN staff_user s ON s.id = c.assigned_agent_id AND s.active
      WHERE e.id = ANY($1::uuid[]) AND e.type = $2`,
    [eventIds, RISK_EVENT],
  );
  const alerts: { staffId: string | null; role: Role | null; row: AssessedRow }[] = [];
  for (const row of rows) {
    const consent = row.sensitive_consent === true;
    if (row.agent_id && row.agent_role && tierRaisedFor(row.agent_role, row.current, row.previous, consent)) alerts.push({ staffId: row.agent_id, role: null, row });
    if (tierRaisedFor(RISK_ROLE, row.current, row.previous, consent)) alerts.push({ staffId: null, role: RISK_ROLE, row });
  }
  if (alerts.length === 0) return;
  await manager.query(
    `INSERT INTO service_alert (kind, recipient_staff_id, recipient_role, customer_id, risk_assessment_id, event_id, created_at)
     SELECT $1, t.staff_id, t.role, t.customer_id, t.assessment_id, t.event_id, $7
       FROM unnest($2::uuid[], $3::varchar[], $4::uuid[], $5::uuid[], $6::uuid[]) AS t(staff_id, role, customer_id, assessment_id, event_id)
     ON CONFLICT DO NOTHING`,
    [
      AlertKind.RISK_TIER_RAISED,
      alerts.map((a) => a.staffId),
      alerts.map((a) => a.role),
      alerts.map((a) => a.row.customer_id),
      alerts.map((a) => a.row.assessment_id),
      alerts.map((a) => a.row.event_id),
      now,
    ],
  );
}

/**
 * The team that works an unassigned case of a queue besides the customer's agent: a role that sees
 * every customer's cases and reads their SERVICE fields. A queue not listed is the agent's alone.
 */
export const CASE_QUEUE_ROLES: Readonly<Partial<Record<CaseQueue, Role>>> = {
  [CaseQueue.COMPLAINTS]: Role.COMPLIANCE,
  [CaseQueue.CLAIMS]: Role.CLAIMS_ADJUSTER,
};

/**
 * Assignees alerted in person: case workers who read alerts. Not the contact centre (SERVICE_REP): it
 * reads no alerts and sees a customer only during a verified call, so its cases go to the queue's
 * recipients as unassigned ones do. An agent is alerted only while the customer is in their book.
 */
export const CASE_ALERT_ASSIGNEE_ROLES: readonly Role[] = CASE_WORKER_ROLES.filter((role) => (ALERT_RECIPIENT_ROLES as readonly Role[]).includes(role));

/**
 * One statement: a `case.breached` event of a case still open whose milestone is still unmet (its
 * stored deadline, which becomes the alert's, is NULL once met) → the assignee, if one is alerted in
 * person and may see the case (CASE_ALERT_ASSIGNEE_ROLES, active; an agent only in their own book);
 * else the customer's agent (active) and the queue's team (CASE_QUEUE_ROLES). A case worked by
 * someone is their business alone; nobody who may not read the case is alerted.
 */
async function deriveCaseBreachAlerts(manager: EntityManager, eventIds: readonly string[], now: Date): Promise<void> {
  await manager.query(
    `INSERT INTO service_alert (kind, recipient_staff_id, recipient_role, customer_id, case_id, milestone, deadline, event_id, created_at)
     SELECT $3, r.staff_id, r.role, sc.customer_id, sc.id, m.milestone, m.deadline, e.id, $2
       FROM event_outbox e
       JOIN service_case sc ON sc.id = CAST(e.data->>'caseId' AS uuid) AND sc.status = ANY($4::varchar[])
       CROSS JOIN LATERAL (
         SELECT e.data->>'milestone' AS milestone,
                CASE e.data->>'milestone' WHEN $5 THEN sc.first_response_breach_at WHEN $6 THEN sc.resolution_breach_at END AS deadline) m
       JOIN customer c ON c.id = sc.customer_id AND c.erased_at IS NULL
       LEFT JOIN staff_user a ON a.id = sc.assignee_id AND a.active AND a.role = ANY($7::varchar[]) AND (a.role <> $8 OR a.id = c.assigned_agent_id)
       LEFT JOIN staff_user s ON a.id IS NULL AND s.id = c.assigned_agent_id AND s.active
       CROSS JOIN LATERAL (VALUES (a.id, CAST(NULL AS varchar)), (s.id, NULL),
                                  (CAST(NULL AS uuid), CASE WHEN a.id IS NULL THEN jsonb_object_field_text($9::jsonb, sc.queue) END)) AS r(staff_id, role)
      WHERE e.id = ANY($1::uuid[]) AND e.type = $10 AND m.deadline IS NOT NULL AND (r.staff_id IS NOT NULL OR r.role IS NOT NULL)
     ON CONFLICT DO NOTHING`,
    [
      eventIds, now, AlertKind.CASE_BREACHED, OPEN_CASE_STATUSES, SlaMilestone.FIRST_RESPONSE, SlaMilestone.RESOLUTION,
      CASE_ALERT_ASSIGNEE_ROLES, Role.AGENT, JSON.stringify(CASE_QUEUE_ROLES), CASE_BREACH_EVENT,
    ],
  );
}
