import { errorAt, gql, problem, type GraphQLErrorItem, type GraphQLResult } from "./api";
import { CASE_MOVES, OPEN_STATUSES, SLA_FIELDS, duration, moveNeedsNote, moveTitle, type SlaReading } from "./case-model";
import { caseStatus, slaCell } from "./case-parts";
import { formatTime, h, label, mount, type Child } from "./dom";
import { personal } from "./fields";

/** Who is signed in, as the header read it: "Take it" assigns the case to this staff user. */
export interface Viewer {
  role: string;
  staffId: string | null;
}

interface CaseDetail {
  id: string;
  version: number;
  status: string;
  priority: string;
  channel: string;
  queue: string | null;
  subject: string | null;
  notes: string | null;
  resolution: string | null;
  reopenReason: string | null;
  openedAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  reopenedAt: string | null;
  assigneeId: string | null;
  assignee: { displayName: string } | null;
  pauses: { from: string; to: string | null }[];
  customer: { id: string; customerNumber: string; fullName: string | null } | null;
  complaint: { id: string; category: string; status: string; dueAt: string } | null;
  originInteraction: { id: string; channel: string; occurredAt: string } | null;
  firstResponseSla: SlaReading;
  resolutionSla: SlaReading;
}

const CASE_FIELDS = `id version status priority channel queue subject notes resolution reopenReason
  openedAt firstRespondedAt resolvedAt closedAt reopenedAt assigneeId assignee { displayName } pauses { from to }
  customer { id customerNumber fullName } complaint { id category status dueAt } originInteraction { id channel occurredAt }
  firstResponseSla { ${SLA_FIELDS} } resolutionSla { ${SLA_FIELDS} }`;

const READ = `query ConsoleCase($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
const TRANSITION = `mutation ConsoleTransitionCase($id: ID!, $to: CaseStatus!, $note: String, $expectedVersion: Int) {
  transitionCase(id: $id, to: $to, note: $note, expectedVersion: $expectedVersion) { id status version } }`;
const ASSIGN = `mutation ConsoleAssignCase($id: ID!, $assigneeId: ID, $expectedVersion: Int) {
  assignCase(id: $id, assigneeId: $assigneeId, expectedVersion: $expectedVersion) { id assigneeId version } }`;

type At = (...path: string[]) => GraphQLErrorItem | undefined;

/** One case: every field the viewer may read, its clocks and pauses, and the moves and assignments its state allows. */
export async function renderCaseDetail(main: HTMLElement, id: string, viewer: Viewer, notice?: string): Promise<void> {
  mount(main, h("p", { class: "muted" }, "Loading the case…"));
  const result = await gql<{ case: CaseDetail | null }>(READ, { id });
  const found = result.data?.case;
  if (!found) {
    const message = result.errors.length ? problem(result) : "No such case in your scope.";
    mount(main, h("section", { class: "card" }, h("h1", null, "Case not found"), h("p", { class: "error", "data-testid": "case-error" }, message)));
    return;
  }
  const at: At = (...path) => errorAt(result.errors, ["case", ...path]);
  const reload = (message?: string) => renderCaseDetail(main, id, viewer, message);
  mount(main,
    notice ? h("p", { class: "notice", role: "status", "data-testid": "notice" }, notice) : null,
    h("p", { class: "small" }, h("a", { href: "#/cases" }, "← Case work list")),
    h("section", { class: "card head", "data-testid": "case", "data-version": found.version },
      h("h1", { "data-testid": "case-subject" }, found.subject ?? personal(null, at("subject"))),
      h("p", { class: "muted" }, caseStatus(found.status), ` ${label(found.priority)} priority · ${label(found.channel)} · `,
        h("span", { "data-testid": "case-version" }, `version ${found.version}`)),
      facts(found, at)),
    h("section", { class: "card" }, h("h2", null, "Service levels"), clocks(found), pauses(found.pauses)),
    actions(found, viewer, reload));
}

function facts(found: CaseDetail, at: At): HTMLElement {
  const customer = found.customer
    ? [h("a", { href: `#/customer/${found.customer.id}` }, found.customer.customerNumber), " ", personal(found.customer.fullName, at("customer", "fullName"))]
    : "— (not in your scope)";
  const complaint = found.complaint
    ? h("a", { href: `#/customer/${found.customer?.id ?? ""}`, "data-testid": "case-complaint" },
      `${label(found.complaint.category)} · ${label(found.complaint.status)} · due ${formatTime(found.complaint.dueAt)}`)
    : "—";
  const rows: [string, string, Child][] = [
    ["customer", "Customer", customer],
    ["queue", "Queue", personal(found.queue && label(found.queue), at("queue"))],
    ["assignee", "Assignee", found.assignee?.displayName ?? (at("assignee") ? personal(null, at("assignee")) : "nobody (in its queue)")],
    ["openedAt", "Opened", formatTime(found.openedAt)],
    ["firstRespondedAt", "First response", formatTime(found.firstRespondedAt)],
    ["resolvedAt", "Resolved", formatTime(found.resolvedAt)],
    ["closedAt", "Closed", formatTime(found.closedAt)],
    ["reopenedAt", "Reopened", formatTime(found.reopenedAt)],
    ["resolution", "Resolution", personal(found.resolution, at("resolution"))],
    ["reopenReason", "Reopen reason", personal(found.reopenReason, at("reopenReason"))],
    ["notes", "Notes", personal(found.notes, at("notes"))],
    ["complaint", "Complaint", complaint],
    ["originInteraction", "Opened from", found.originInteraction ? `${label(found.originInteraction.channel)} contact, ${formatTime(found.originInteraction.occurredAt)}` : "—"],
  ];
  return h("dl", { class: "profile" }, rows.map(([name, title, value]) => [h("dt", null, title), h("dd", { "data-field": name }, value)]));
}

function clocks(found: CaseDetail): HTMLElement {
  return h("table", { class: "list", "data-testid": "case-sla" },
    h("thead", null, h("tr", null, ["Milestone", "Target", "Used", "State"].map((title) => h("th", null, title)))),
    h("tbody", null, [found.firstResponseSla, found.resolutionSla].map((reading) => h("tr", null,
      h("td", null, label(reading.milestone)),
      h("td", null, `${duration(reading.targetMs)} ${reading.measure === "BUSINESS" ? "business time" : "clock time"}`),
      h("td", null, duration(reading.elapsedMs)),
      slaCell(reading)))));
}

function pauses(list: CaseDetail["pauses"]): HTMLElement {
  if (!list.length) return h("p", { class: "muted", "data-testid": "case-pauses" }, "Never waited on the customer.");
  return h("ul", { class: "plain small", "data-testid": "case-pauses" }, list.map((pause) =>
    h("li", null, `Waited on the customer ${formatTime(pause.from)} → ${pause.to ? formatTime(pause.to) : "still waiting"}`)));
}

/**
 * The moves the workflow allows from the case's status and the assignments of an open case, each
 * at the version read: a change made meanwhile comes back as CONFLICT, shown with the API's message.
 */
function actions(found: CaseDetail, viewer: Viewer, reload: (notice?: string) => void): HTMLElement {
  const note = h("textarea", { rows: 2, maxlength: 4000, "data-testid": "case-note", "aria-label": "Note",
    placeholder: "The resolution (to resolve) or the reason (to reopen)" });
  const failure = h("p", { class: "error", role: "alert", "data-testid": "case-error", hidden: true });
  const buttons: HTMLButtonElement[] = [];
  const run = async (call: () => Promise<GraphQLResult<unknown>>, done: string) => {
    for (const b of buttons) b.disabled = true;
    const result = await call();
    for (const b of buttons) b.disabled = false;
    if (result.errors.length || !result.data) {
      failure.replaceChildren(problem(result), " ", h("button", { type: "button", class: "link", onclick: () => reload() }, "Reload the case"));
      failure.hidden = false;
      return;
    }
    reload(done);
  };
  const button = (title: string, testId: string, call: () => Promise<GraphQLResult<unknown>>, done: string) => {
    const b = h("button", { type: "button", "data-testid": testId, onclick: () => void run(call, done) }, title);
    buttons.push(b);
    return b;
  };

  // a complaint's case is resolved with its complaint (resolveComplaint), not here
  const moves = CASE_MOVES[found.status].filter((to) => !(found.complaint && to === "RESOLVED"));
  const moveButtons = moves.map((to) => button(moveTitle(found.status, to), `move-${to}`, () => gql(TRANSITION, {
    id: found.id, to, expectedVersion: found.version, note: moveNeedsNote(found.status, to) ? note.value : null,
  }), `Moved to ${label(to)}.`));
  const open = OPEN_STATUSES.includes(found.status);
  const assign = (assigneeId: string | null) => () => gql(ASSIGN, { id: found.id, assigneeId, expectedVersion: found.version });
  const assignButtons = [
    open && viewer.staffId && found.assigneeId !== viewer.staffId && button("Take it", "take", assign(viewer.staffId), "The case is yours."),
    open && found.assigneeId && button("Back to queue", "unassign", assign(null), "Back in its queue."),
  ];
  return h("section", { class: "card", "data-testid": "case-actions" },
    h("h2", null, "Work the case"),
    h("p", { class: "actions" }, moveButtons.flatMap((b) => [b, " "]), assignButtons.flatMap((b) => (b ? [b, " "] : []))),
    moves.some((to) => moveNeedsNote(found.status, to)) ? h("label", { class: "case-note" }, "Note (needed to resolve or reopen)", note) : null,
    found.complaint && open ? h("p", { class: "muted small" }, "This case is resolved with its complaint (resolveComplaint).") : null,
    failure);
}
