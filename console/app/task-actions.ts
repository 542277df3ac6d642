import { gql, problem, type GraphQLResult } from "./api";
import { h, label } from "./dom";
import { CHANNELS } from "./case-model";
import { TASK_OUTCOMES, isAttempt, takesSatisfaction } from "./task-model";

/** What the actions need of a task row: which task, at which version, whose, and what it asks. */
export interface WorkedTask {
  id: string;
  version: number;
  kind: string;
  status: string;
  assigneeId: string | null;
}

const ASSIGN = `mutation ConsoleAssignTask($id: ID!, $assigneeId: ID, $expectedVersion: Int) {
  assignTask(id: $id, assigneeId: $assigneeId, expectedVersion: $expectedVersion) { id assigneeId version } }`;
const COMPLETE = `mutation ConsoleCompleteTask($input: CompleteTaskInput!) { completeTask(input: $input) { id status outcome version } }`;

/** A refused call: the API's message and code (and reason, e.g. CONTACT_HELD_BACK with the reasons in its message) in the row. */
function failed(result: GraphQLResult<unknown>, failure: HTMLElement): boolean {
  if (!result.errors.length && result.data) return false;
  failure.textContent = problem(result);
  failure.hidden = false;
  return true;
}

/**
 * The row's actions on an open task, each at the version read: **Take it** (assignTask to the viewer)
 * and **Complete**, which opens the completion panel under the row. `done` reloads the list with a notice.
 */
export function taskActions(task: WorkedTask, staffId: string | null, columns: number, done: (notice: string) => void): HTMLElement {
  const cell = h("td", { class: "actions" });
  if (task.status !== "OPEN") return cell;
  const failure = h("p", { class: "error small", role: "alert", "data-testid": "task-error", hidden: true });
  if (staffId && task.assigneeId !== staffId) {
    const take: HTMLButtonElement = h("button", { type: "button", "data-testid": "take", onclick: async () => {
      take.disabled = true;
      const result = await gql(ASSIGN, { id: task.id, assigneeId: staffId, expectedVersion: task.version });
      take.disabled = false;
      if (!failed(result, failure)) done("The task is yours.");
    } }, "Take it");
    cell.append(take, " ");
  }
  const complete: HTMLButtonElement = h("button", { type: "button", "data-testid": "complete", onclick: () => {
    const row = cell.closest("tr")!;
    const open = row.nextElementSibling?.classList.contains("task-panel");
    if (open) row.nextElementSibling!.remove();
    else row.after(h("tr", { class: "task-panel" }, h("td", { colspan: columns }, completionForm(task, done))));
  } }, "Complete…");
  cell.append(complete, failure);
  return cell;
}

function choice(name: string, title: string, options: string[], value?: string): HTMLElement {
  return h("label", null, `${title} `, h("select", { name }, options.map((o) => h("option", { value: o, selected: o === value }, label(o)))));
}

/** Outcome, the channel of the attempt (none when not needed), a survey's answer (1–5) and a note. */
function completionForm(task: WorkedTask, done: (notice: string) => void): HTMLElement {
  const failure = h("p", { class: "error", role: "alert", "data-testid": "task-error", hidden: true });
  const button = h("button", { type: "submit" }, "Complete the task");
  const channel = choice("channel", "Channel", CHANNELS);
  const satisfaction = h("label", null, "Satisfaction (1–5) ", h("input", { name: "satisfaction", type: "number", min: 1, max: 5 }));
  const form = h("form", { class: "filter", "data-testid": "task-panel" },
    choice("outcome", "Outcome", TASK_OUTCOMES), " ", channel, " ", satisfaction, " ",
    h("label", null, "Note ", h("input", { name: "note", maxlength: 4000, size: 40 })), " ", button, failure);
  const outcome = form.querySelector<HTMLSelectElement>('[name="outcome"]')!;
  const fit = () => {
    channel.hidden = !isAttempt(outcome.value);
    satisfaction.hidden = !takesSatisfaction(task.kind, outcome.value);
  };
  outcome.addEventListener("change", fit);
  fit();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const input: Record<string, unknown> = { id: task.id, outcome: values.outcome, expectedVersion: task.version };
    if (!channel.hidden) input.channel = values.channel;
    if (!satisfaction.hidden && values.satisfaction) input.satisfaction = Number(values.satisfaction);
    if (values.note) input.note = values.note;
    button.disabled = true;
    const result = await gql(COMPLETE, { input });
    button.disabled = false;
    if (!failed(result, failure)) done(`Task completed: ${label(values.outcome)}.`);
  });
  return form;
}
