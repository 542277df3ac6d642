import { errorAt, type GraphQLErrorItem } from "./api";
import type { Viewer } from "./case-detail";
import { CASE_QUEUES } from "./case-model";
import { h, label, mount } from "./dom";
import { personal } from "./fields";
import { taskActions } from "./task-actions";
import { TASK_DUE, TASK_KINDS } from "./task-model";
import { REACH_FIELDS, dueCell, reachCell, taskStatus, taskSubject, type TaskReach } from "./task-parts";
import { countLine, filterAddress, filterForm, filterSelect, filterValue, workList } from "./work-list";

const PAGE_SIZE = 20;

interface TaskRow {
  id: string;
  version: number;
  kind: string;
  purpose: string;
  subject: string | null;
  dueAt: string;
  status: string;
  queue: string | null;
  assigneeId: string | null;
  assignee: { displayName: string } | null;
  customer: { id: string; customerNumber: string; fullName: string | null } | null;
  reach: TaskReach;
}

const TASK_FIELDS = `totalCount pageInfo { hasNextPage endCursor }
  edges { node { id version kind purpose subject dueAt status queue assigneeId assignee { displayName }
    customer { id customerNumber fullName } ${REACH_FIELDS} } }`;
const MY_TASKS = `query ConsoleMyTasks($first: Int, $after: String, $due: TaskDue, $kind: TaskKind) {
  myTasks(first: $first, after: $after, due: $due, kind: $kind) { ${TASK_FIELDS} } }`;
const QUEUE_TASKS = `query ConsoleTaskQueue($first: Int, $after: String, $due: TaskDue, $kind: TaskKind, $queue: CaseQueue) {
  tasks(first: $first, after: $after, due: $due, kind: $kind, queue: $queue, assignee: NOBODY) { ${TASK_FIELDS} } }`;

/** The filters, kept in the address: #/tasks?due=OVERDUE&kind=SATISFACTION_SURVEY, #/tasks?list=queue&queue=GENERAL. */
interface TaskFilter {
  list: "mine" | "queue";
  due: string | null;
  kind: string | null;
  queue: string | null;
}

function filterOf(query: URLSearchParams): TaskFilter {
  const list = query.get("list") === "queue" ? "queue" : "mine";
  return {
    list,
    due: filterValue(query, "due", TASK_DUE),
    kind: filterValue(query, "kind", TASK_KINDS),
    queue: list === "queue" ? filterValue(query, "queue", CASE_QUEUES) : null,
  };
}

/** The address of a tab with these filters ("mine" is the default and not spelled out). */
function addressOf(filter: TaskFilter): string {
  return filterAddress("#/tasks", Object.entries({ ...filter, list: filter.list === "queue" ? "queue" : null }));
}

function taskFilter(filter: TaskFilter): HTMLElement {
  return filterForm("task-filter", "#/tasks", [
    filterSelect("due", "Due", "any time", TASK_DUE, filter.due), " ",
    filterSelect("kind", "Kind", "every kind", TASK_KINDS, filter.kind), " ",
    filter.list === "queue" ? [filterSelect("queue", "Queue", "every queue", CASE_QUEUES, filter.queue), " "] : null,
  ], filter.list === "queue" ? { list: "queue" } : {});
}

/** "My tasks" and the queue work list (unassigned tasks), as two tabs keeping the other filters. */
function tabs(filter: TaskFilter): HTMLElement {
  const tab = (list: TaskFilter["list"], title: string) => list === filter.list
    ? h("strong", { "data-testid": `tab-${list}` }, title)
    : h("a", { href: addressOf({ ...filter, list, queue: null }), "data-testid": `tab-${list}` }, title);
  return h("p", { class: "tabs" }, tab("mine", "My tasks"), " · ", tab("queue", "Unassigned in the queues"));
}

const HEADINGS = ["Customer", "Kind", "Subject", "Due", "Queue / assignee", "Status", "Reach", ""];

function taskRow(viewer: Viewer, done: (notice: string) => void) {
  return (node: TaskRow, errors: GraphQLErrorItem[], path: (string | number)[]): HTMLElement => {
    const at = (...field: string[]) => errorAt(errors, [...path, ...field]);
    const customer = node.customer
      ? h("td", null, h("a", { href: `#/customer/${node.customer.id}` }, node.customer.customerNumber), h("br"), personal(node.customer.fullName, at("customer", "fullName")))
      : h("td", null, "— (not in your scope)");
    return h("tr", { "data-testid": "task-row", "data-task": node.id, "data-kind": node.kind },
      customer,
      h("td", null, label(node.kind), node.purpose === "MARKETING" ? h("span", { class: "badge" }, "marketing") : null),
      h("td", { class: "subject" }, taskSubject(node.subject, at("subject"))),
      dueCell(node, node.reach.decidedAt),
      h("td", null, personal(node.queue && label(node.queue), at("queue")), h("div", { class: "muted small" }, node.assignee?.displayName ?? "unassigned")),
      h("td", null, taskStatus(node.status)),
      reachCell(node.reach),
      taskActions(node, viewer.staffId, HEADINGS.length, done));
  };
}

/** The task work lists: the viewer's open tasks (myTasks) or the unassigned ones (tasks, assignee NOBODY); soonest due first, 20 at a time. */
export async function renderTaskList(main: HTMLElement, query: URLSearchParams, viewer: Viewer, notice?: string): Promise<void> {
  const filter = filterOf(query);
  const done = (message: string) => void renderTaskList(main, query, viewer, message);
  mount(main,
    notice ? h("p", { class: "notice", role: "status", "data-testid": "notice" }, notice) : null,
    h("section", { class: "card" },
      h("h1", null, "Tasks"),
      tabs(filter),
      taskFilter(filter),
      workList<TaskRow>({
        id: "tasks",
        query: filter.list === "mine" ? MY_TASKS : QUEUE_TASKS,
        variables: { due: filter.due, kind: filter.kind, ...(filter.list === "queue" ? { queue: filter.queue } : {}) },
        field: filter.list === "mine" ? "myTasks" : "tasks",
        pageSize: PAGE_SIZE,
        headings: HEADINGS,
        row: taskRow(viewer, done),
        count: countLine(filter.list === "mine" ? "open task" : "unassigned task"),
      })));
}
