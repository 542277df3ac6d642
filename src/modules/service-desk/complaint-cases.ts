import type { EntityManager } from "typeorm";
import { breachColumns, slaCalendar } from "./case-sla";
import { PRIORITY_OF_SEVERITY } from "./case-workflow";
import type { CasePriority } from "./sla-policy";
import type { Channel } from "../customer/customer.enums";
import type { ComplaintStatus } from "../interaction/complaint.entity";
import { CaseStatus } from "./service-case.entity";

/**
 * The cases of complaints that came without one — seeded or imported (fileComplaint opens its own):
 * queue COMPLAINTS, the contact's channel and subject, a priority from the severity, in the state
 * that matches the complaint's (RECEIVED → NEW, INVESTIGATING/ESCALATED → IN_PROGRESS with the
 * customer's agent assigned, RESOLVED → RESOLVED), the stored SLA deadlines of its running clocks
 * and the verdicts of its met milestones. Set-based; derived from the complaint rows alone (ids
 * too: a case's id from its complaint's), so the seed stays deterministic and a complaint that
 * already has a case is left alone. `complaintIds`: only these (null: every complaint). Answers the
 * cases opened.
 */
/** The case state a complaint's status stands for: declared once, for the cases opened here and for an import that moves a complaint. */
export const CASE_STATUS_OF_COMPLAINT: Record<ComplaintStatus, CaseStatus> = {
  RECEIVED: CaseStatus.NEW, INVESTIGATING: CaseStatus.IN_PROGRESS, ESCALATED: CaseStatus.IN_PROGRESS, RESOLVED: CaseStatus.RESOLVED,
};

export async function openComplaintCases(manager: EntityManager, now: Date, complaintIds: readonly string[] | null): Promise<{ id: string; customerId: string }[]> {
  const priority = `CASE co.severity ${Object.entries(PRIORITY_OF_SEVERITY).map(([severity, p]) => `WHEN '${severity}' THEN '${p}'`).join(" ")} END`;
  const rows: { id: string; customerId: string; channel: Channel; priority: CasePriority; opened_at: Date; first_responded_at: Date | null; resolved_at: Date | null }[] = await manager.query(
    `INSERT INTO service_case (id, customer_id, origin_interaction_id, complaint_id, channel, priority, queue, subject, status, assignee_id,
                               opened_at, first_responded_at, resolved_at, resolution, version, created_at, updated_at)
     SELECT s.*, coalesce(s.resolved_at, s.first_responded_at, s.opened_at)
       FROM (SELECT md5('service_case:' || co.id::text)::uuid AS id, co.customer_id, co.interaction_id, co.id, i.channel, ${priority}, 'COMPLAINTS', i.subject,
                    CASE co.status ${Object.entries(CASE_STATUS_OF_COMPLAINT).map(([from, to]) => `WHEN '${from}' THEN '${to}'`).join(" ")} END,
                    CASE WHEN co.status = 'RECEIVED' THEN NULL ELSE c.assigned_agent_id END,
                    co.received_at AS opened_at,
                    CASE WHEN co.status = 'RECEIVED' THEN NULL
                         ELSE least(coalesce(i.first_response_at, co.resolved_at, co.received_at), coalesce(co.resolved_at, 'infinity')) END AS first_responded_at,
                    co.resolved_at, co.resolution,
                    CASE co.status WHEN 'RECEIVED' THEN 1 WHEN 'RESOLVED' THEN 3 ELSE 2 END, co.received_at
               FROM complaint co JOIN interaction i ON i.id = co.interaction_id JOIN customer c ON c.id = co.customer_id
              WHERE ($1::uuid[] IS NULL OR co.id = ANY($1::uuid[]))) s
     ON CONFLICT (complaint_id) WHERE complaint_id IS NOT NULL DO NOTHING
     RETURNING id, customer_id AS "customerId", channel, priority, opened_at, first_responded_at, resolved_at`,
    [complaintIds],
  );
  if (rows.length === 0) return [];
  const calendar = await slaCalendar(manager);
  const deadlines = rows.map((row) =>
    breachColumns({ channel: row.channel, priority: row.priority, openedAt: row.opened_at, pauses: [], firstRespondedAt: row.first_responded_at, resolvedAt: row.resolved_at }, calendar, now),
  );
  await manager.query(
    `UPDATE service_case k SET first_response_breach_at = d.first_response, resolution_breach_at = d.resolution,
                              first_response_breached = d.first_response_late, resolution_breached = d.resolution_late
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::boolean[], $5::boolean[]) AS d(id, first_response, resolution, first_response_late, resolution_late)
      WHERE k.id = d.id`,
    [
      rows.map((row) => row.id), deadlines.map((d) => d.firstResponseBreachAt), deadlines.map((d) => d.resolutionBreachAt),
      deadlines.map((d) => d.firstResponseBreached), deadlines.map((d) => d.resolutionBreached),
    ],
  );
  return rows.map(({ id, customerId }) => ({ id, customerId }));
}
