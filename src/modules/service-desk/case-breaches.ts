import type { DataSource, EntityManager } from "typeorm";
import { clockRequestId } from "../events/clock-requests";
import { OPEN_CASE_STATUS_SQL } from "./service-case.entity";

/** The request id of the SLA sweep's events (no actor: nobody caused them). */
export const SLA_CLOCK = clockRequestId("case-sla");

/** The open statuses as the partial breach indexes spell them (code constants: the planner matches the predicate). */
const OPEN = `sc.status IN (${OPEN_CASE_STATUS_SQL})`;

/**
 * (The candidates are read over the partial indexes first, then joined to their customers: joined
 * in one step, the planner walked every customer's cases — 1.1 s at 1M cases.)
 *
 * The SLA sweep, run with the complaint deadline clock at the start of a dispatcher pass: every
 * open case of a customer not erased whose running first-response or resolution deadline has
 * passed gets `case.breached` for that milestone — once per case and milestone, marked in the same
 * statement that writes the event. One set-based statement over the partial indexes of open,
 * not yet signalled deadlines (IDX_service_case_*_unsignalled, migration …780). A milestone met exactly at its deadline is in time
 * (`breach_at < now`, as the work list's `breached`). Answers how many events it wrote.
 */
export async function sweepCaseBreaches(db: DataSource | EntityManager, now: Date): Promise<number> {
  const [{ n }] = await db.query(
    `WITH candidates AS MATERIALIZED (
       SELECT sc.id, sc.customer_id FROM service_case sc
        WHERE ${OPEN} AND sc.first_response_breach_at < $1 AND sc.first_response_breach_at IS NOT NULL AND sc.first_response_breach_signalled_at IS NULL
       UNION
       SELECT sc.id, sc.customer_id FROM service_case sc
        WHERE ${OPEN} AND sc.resolution_breach_at < $1 AND sc.resolution_breach_at IS NOT NULL AND sc.resolution_breach_signalled_at IS NULL),
     due AS (SELECT cand.id FROM candidates cand JOIN customer c ON c.id = cand.customer_id AND c.erased_at IS NULL),
     signalled AS (
       UPDATE service_case sc
          SET first_response_breach_signalled_at = CASE WHEN sc.first_response_breach_at < $1 THEN coalesce(sc.first_response_breach_signalled_at, $1) ELSE sc.first_response_breach_signalled_at END,
              resolution_breach_signalled_at = CASE WHEN sc.resolution_breach_at < $1 THEN coalesce(sc.resolution_breach_signalled_at, $1) ELSE sc.resolution_breach_signalled_at END
         FROM due
        WHERE sc.id = due.id
          AND ((sc.first_response_breach_at < $1 AND sc.first_response_breach_signalled_at IS NULL) OR (sc.resolution_breach_at < $1 AND sc.resolution_breach_signalled_at IS NULL))
       RETURNING sc.id, sc.customer_id, sc.first_response_breach_at, sc.resolution_breach_at,
                 sc.first_response_breach_signalled_at = $1 AS first_response, sc.resolution_breach_signalled_at = $1 AS resolution),
     milestones AS (
       SELECT s.id, s.customer_id, 'FIRST_RESPONSE' AS milestone, s.first_response_breach_at AS at FROM signalled s WHERE s.first_response
       UNION ALL
       SELECT s.id, s.customer_id, 'RESOLUTION', s.resolution_breach_at FROM signalled s WHERE s.resolution),
     written AS (
       INSERT INTO event_outbox (type, customer_id, actor_id, request_id, data)
       SELECT 'case.breached', m.customer_id, NULL, $2, jsonb_build_object('customerId', m.customer_id, 'caseId', m.id, 'milestone', m.milestone)
         FROM milestones m ORDER BY m.at, m.id, m.milestone
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [now, SLA_CLOCK],
  );
  return n;
}
