import type { DataSource, EntityManager } from "typeorm";
import { clockRequestId } from "../events/clock-requests";
import { OPEN_COMPLAINT_STATUSES } from "./complaint.entity";

/** How long before its deadline an open complaint is signalled as due soon. */
export const DUE_SOON_HOURS = 4;

/** The request id of the deadline clock's events (no actor: nobody caused them). */
export const DEADLINE_CLOCK = clockRequestId("complaint-deadlines");

/**
 * The complaint deadline clock, run at the start of each dispatcher pass: every open complaint of a
 * customer not erased whose deadline is within DUE_SOON_HOURS of `now` gets `complaint.due_soon`,
 * and every one past its deadline `complaint.overdue` — each once ever, marked on the complaint
 * in the same statement that writes the event (a complaint first seen past its deadline gets only
 * the overdue one). One statement; concurrent passes cannot both mark a complaint (row lock, and
 * the mark is re-checked). Answers how many events it wrote.
 */
export async function sweepComplaintDeadlines(db: DataSource | EntityManager, now: Date): Promise<number> {
  const [{ n }] = await db.query(
    `WITH signalled AS (
       UPDATE complaint co
          SET overdue_signalled_at = CASE WHEN co.due_at <= $1 THEN $1 ELSE co.overdue_signalled_at END,
              due_soon_signalled_at = CASE WHEN co.due_at > $1 THEN $1 ELSE co.due_soon_signalled_at END
         FROM customer c
        WHERE c.id = co.customer_id AND c.erased_at IS NULL
          AND co.status = ANY($2::varchar[]) AND co.due_at <= $1::timestamptz + make_interval(hours => $3)
          AND ((co.due_at <= $1 AND co.overdue_signalled_at IS NULL) OR (co.due_at > $1 AND co.due_soon_signalled_at IS NULL))
       RETURNING co.id, co.customer_id, co.due_at, CASE WHEN co.due_at <= $1 THEN 'complaint.overdue' ELSE 'complaint.due_soon' END AS type),
     written AS (
       INSERT INTO event_outbox (type, customer_id, actor_id, request_id, data)
       SELECT s.type, s.customer_id, NULL, $4, jsonb_build_object('customerId', s.customer_id, 'complaintId', s.id)
         FROM signalled s ORDER BY s.due_at, s.id
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [now, OPEN_COMPLAINT_STATUSES, DUE_SOON_HOURS, DEADLINE_CLOCK],
  );
  return n;
}
