import type { GraphQLErrorItem } from "./api";
import { CASE_QUEUES } from "./case-model";
import { restrictedSection, section } from "./customer-sections";
import { h, label } from "./dom";
import { row, select, serviceForm, type MutationSpec } from "./service-forms";
import { CONTACT_PURPOSES, TASK_KINDS, TASK_WORKERS } from "./task-model";
import { REACH_FIELDS, dueCell, reachCell, taskStatus, taskSubject } from "./task-parts";

type At = (...path: (string | number)[]) => GraphQLErrorItem | undefined;

const PLAN_TASK: MutationSpec = { mutation: "createTask", title: "Plan a task", done: "Task planned.", what: "Planning tasks", idempotent: false };

/** The customer's part of the 360 query: their tasks, newest first (Customer.tasks is SERVICE: refused to MARKETING and the customer). */
export const CUSTOMER_TASKS = `tasks(first: 20) { totalCount edges { node { id kind purpose subject dueAt status ${REACH_FIELDS} } } }`;

/** Tomorrow 09:00 UTC as a datetime-local value: the form's default due time. */
function tomorrowMorning(): string {
  const due = new Date(Date.now() + 86_400_000);
  return `${due.toISOString().slice(0, 10)}T09:00`;
}

/**
 * The customer's tasks (kind, subject, due, status, reach) and, for the roles that work tasks, a
 * **Plan a task** form (createTask). A role that may not read Customer.tasks sees the section as
 * restricted and no form.
 */
export function customerTasks(list: any, at: At, customerId: string, role: string, reload: (notice: string) => void): HTMLElement {
  if (at("tasks")) return restrictedSection("Tasks", "tasks", at("tasks")!);
  const plan = TASK_WORKERS.has(role) ? serviceForm(PLAN_TASK, customerId, [
    row("Kind", select("kind", TASK_KINDS, "FOLLOW_UP_VISIT")),
    row("Subject", h("input", { name: "subject", required: true, maxlength: 200, placeholder: "What to do" })),
    row("Due (UTC)", h("input", { name: "dueAt", type: "datetime-local", required: true, value: tomorrowMorning() })),
    row("Purpose", select("purpose", CONTACT_PURPOSES, "SERVICE")),
    row("Queue", select("queue", CASE_QUEUES, "GENERAL")),
  ], reload) : null;
  const edges: { node: any }[] = list?.edges ?? [];
  const title = !list || list.totalCount === edges.length ? `Tasks (${list?.totalCount ?? 0})` : `Tasks (${edges.length} of ${list.totalCount})`;
  return section(title, "tasks",
    edges.length === 0 ? h("p", { class: "muted" }, "No tasks.") : h("table", { class: "list", "data-testid": "tasks-table" },
      h("thead", null, h("tr", null, ["Kind", "Subject", "Due", "Status", "Reach"].map((heading) => h("th", null, heading)))),
      h("tbody", null, edges.map(({ node: task }, index) => h("tr", { "data-task": task.id },
        h("td", null, label(task.kind), task.purpose === "MARKETING" ? h("span", { class: "badge" }, "marketing") : null),
        h("td", null, taskSubject(task.subject, at("tasks", "edges", index, "node", "subject"))),
        dueCell(task, task.reach.decidedAt),
        h("td", null, taskStatus(task.status)),
        reachCell(task.reach))))),
    plan ? [h("h3", null, PLAN_TASK.title), plan] : null);
}
