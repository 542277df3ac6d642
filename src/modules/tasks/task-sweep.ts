import type { DataSource, EntityManager } from "typeorm";
import { clockRequestId } from "../events/clock-requests";
import { TaskAssignTo, TaskStatus, TaskTrigger } from "./task.enums";
import { TRIGGER_SOURCES, triggerInstant, triggerWindow } from "./task-triggers";

/** The request id of the rule sweep's events (no actor: a rule raised the tasks). */
export const TASK_RULE_CLOCK = clockRequestId("task-rules");

/** One branch of the sweep per trigger: the trigger's records in each active rule's window. */
function firedBy(trigger: TaskTrigger): string {
  const source = TRIGGER_SOURCES[trigger];
  const at = triggerInstant(source);
  return `SELECT r.code, '${source.source}' AS source_type, ${source.id} AS source_id, ${source.customer} AS customer_id, ${at} AS trigger_at
      FROM rules r JOIN ${source.table} ON ${source.where} AND ${triggerWindow(source, "r.lower", "r.upper")}
     WHERE r.trigger = '${trigger}'`;
}

/**
 * The rule sweep, run with the other clocks at the start of a dispatcher pass: every active rule
 * raises its task for each record whose trigger happened within the rule's window — not older
 * than `maxAgeDays`, and (for a task due before its trigger, as a renewal reminder) once the due
 * time has come — unless that rule already raised one for that record and instant. One set-based
 * statement writes the tasks and their `task.created` events; a rule's task goes to the customer's
 * assigned agent (when active; else it waits in the rule's queue) or to the queue. Customers
 * erased are skipped. A task's id is derived from its rule, record and instant, so a run raises the
 * same tasks wherever it runs (the seed's are deterministic). `announce: false` (the seed) writes no
 * events. Answers how many tasks it raised.
 */
export async function sweepTaskRules(db: DataSource | EntityManager, now: Date, options: { announce?: boolean } = {}): Promise<number> {
  const [{ n }] = await db.query(
    `WITH rules AS MATERIALIZED (
       SELECT code, trigger, offset_days, kind, purpose, assign_to, queue,
              $1::timestamptz - make_interval(days => max_age_days) AS lower,
              $1::timestamptz - make_interval(days => least(offset_days, 0)) AS upper
         FROM task_rule WHERE active),
     fired AS (${Object.values(TaskTrigger).map(firedBy).join("\n       UNION ALL\n       ")}),
     raised AS (
       INSERT INTO service_task (id, created_at, updated_at, customer_id, kind, purpose, rule_code, source_type, source_id, trigger_at, due_at, queue, assignee_id, status)
       SELECT md5('service_task:' || f.code || ':' || f.source_id::text || ':' || (extract(epoch FROM f.trigger_at) * 1000)::bigint::text)::uuid, $1, $1,
              f.customer_id, r.kind, r.purpose, r.code, f.source_type, f.source_id, f.trigger_at, f.trigger_at + make_interval(days => r.offset_days), r.queue,
              CASE WHEN r.assign_to = '${TaskAssignTo.CUSTOMER_AGENT}' THEN agent.id END, '${TaskStatus.OPEN}'
         FROM fired f
         JOIN rules r ON r.code = f.code
         JOIN customer c ON c.id = f.customer_id AND c.erased_at IS NULL
         LEFT JOIN staff_user agent ON agent.id = c.assigned_agent_id AND agent.active
        WHERE NOT EXISTS (SELECT 1 FROM service_task s WHERE s.rule_code = f.code AND s.source_id = f.source_id AND s.trigger_at = f.trigger_at)
       ON CONFLICT (rule_code, source_id, trigger_at) DO NOTHING
       RETURNING id, customer_id, due_at),
     announced AS (SELECT t.* FROM raised t WHERE $3),
     written AS (
       INSERT INTO event_outbox (type, customer_id, actor_id, request_id, data)
       SELECT 'task.created', t.customer_id, NULL, $2, jsonb_build_object('customerId', t.customer_id, 'taskId', t.id)
         FROM announced t ORDER BY t.due_at, t.id
       RETURNING 1)
     SELECT (SELECT count(*)::int FROM raised) AS n, (SELECT count(*)::int FROM written) AS announced`,
    [now, TASK_RULE_CLOCK, options.announce ?? true],
  );
  return n;
}
