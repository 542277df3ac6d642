import type { GraphQLErrorItem } from "./api";
import { formatTime, h, label } from "./dom";
import { personal } from "./fields";
import { isOverdue } from "./task-model";

/** The selection the tasks page and the customer's Tasks section read the contact policy's answer with. */
export const REACH_FIELDS = "reach { contactChannel heldBack reasons decidedAt }";

export interface TaskReach {
  contactChannel: string | null;
  heldBack: boolean;
  reasons: string[];
  decidedAt: string;
}

export function taskStatus(status: string): HTMLElement {
  return h("span", { class: `badge status-${status.toLowerCase()}`, "data-testid": "task-status" }, label(status));
}

/** The due time, marked overdue while open past it (read at the server's instant `now`). */
export function dueCell(task: { status: string; dueAt: string }, now: string): HTMLElement {
  const overdue = isOverdue(task, now);
  return h("td", { class: "due", "data-overdue": String(overdue) }, formatTime(task.dueAt), overdue ? h("span", { class: "badge bad" }, "overdue") : null);
}

/** The channel to use now for the task's purpose, or "held back" with every reason (do-not-contact, quiet hours…). */
export function reachCell(reach: TaskReach): HTMLElement {
  return h("td", { class: "reach", "data-testid": "task-reach", "data-held-back": String(reach.heldBack), "data-reasons": reach.reasons.join(" ") }, reach.heldBack
    ? [h("span", { class: "badge bad" }, "held back"), h("div", { class: "muted small" }, reach.reasons.map(label).join(", "))]
    : h("span", { class: "badge ok" }, label(reach.contactChannel)));
}

/** The subject as the policy delivers it (SERVICE: "restricted" for a role without it). */
export function taskSubject(subject: string | null, error: GraphQLErrorItem | undefined): Node {
  return subject === null && !error ? document.createTextNode("(no subject)") : personal(subject, error);
}
