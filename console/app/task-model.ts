/**
 * What the console knows of follow-up tasks (docs/service-desk.md, "Follow-up tasks"): the enums it
 * offers and which inputs an outcome needs. test/console-tasks.spec.ts checks them against the
 * server's; the server validates anyway. No DOM here: the spec imports this file.
 */
export const TASK_KINDS = ["FOLLOW_UP_VISIT", "SATISFACTION_SURVEY", "RENEWAL_REMINDER", "DOCUMENT_CHASE", "OTHER"];
export const TASK_STATUSES = ["OPEN", "DONE", "CANCELLED"];
export const TASK_OUTCOMES = ["COMPLETED", "NO_ANSWER", "DECLINED", "NOT_NEEDED"];
export const TASK_DUE = ["OVERDUE", "TODAY", "LATER"];
export const CONTACT_PURPOSES = ["SERVICE", "MARKETING"];

/** Roles the API lets list and work tasks (task-roles.ts: the case workers but the contact centre). */
export const TASK_WORKERS = new Set(["AGENT", "CLAIMS_ADJUSTER", "COMPLIANCE", "ADMIN"]);

/** Outcomes that are a contact attempt: they name the channel, which the contact policy must allow. */
export function isAttempt(outcome: string): boolean {
  return outcome !== "NOT_NEEDED";
}

/** A completed survey carries the customer's answer (1–5), and nothing else does. */
export function takesSatisfaction(kind: string, outcome: string): boolean {
  return kind === "SATISFACTION_SURVEY" && outcome === "COMPLETED";
}

/** Overdue: still open after its due time, read at the server's instant (the reach's decidedAt). */
export function isOverdue(task: { status: string; dueAt: string }, now: string): boolean {
  return task.status === "OPEN" && Date.parse(task.dueAt) < Date.parse(now);
}
