import { firstMessage, gql, hasCode } from "./api";
import { h, label } from "./dom";
import { section } from "./customer-sections";
import { CASE_PRIORITIES, CASE_QUEUES, CHANNELS } from "./case-model";

const KINDS = ["INQUIRY", "PURCHASE", "CLAIM_SUPPORT", "RENEWAL", "FEEDBACK", "RISK_NOTICE"];
const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

export interface MutationSpec {
  mutation: "recordInteraction" | "fileComplaint" | "openCase" | "createTask";
  title: string;
  done: string;
  what: string;
  /** The input takes an idempotencyKey (a contact recorded twice is recorded once). */
  idempotent: boolean;
}

const RECORD: MutationSpec = { mutation: "recordInteraction", title: "Record an interaction", done: "Interaction recorded.", what: "Recording interactions", idempotent: true };
const COMPLAIN: MutationSpec = { mutation: "fileComplaint", title: "File a complaint", done: "Complaint filed.", what: "Filing complaints", idempotent: true };
const OPEN_CASE: MutationSpec = { mutation: "openCase", title: "Open a case", done: "Case opened.", what: "Opening cases", idempotent: false };

/** The write of each form: a fixed text per mutation (`npm run documents` registers them as trusted documents). */
const WRITES: Record<MutationSpec["mutation"], string> = {
  recordInteraction: "mutation ConsoleRecordInteraction($input: RecordInteractionInput!) { recordInteraction(input: $input) { __typename } }",
  fileComplaint: "mutation ConsoleFileComplaint($input: FileComplaintInput!) { fileComplaint(input: $input) { __typename } }",
  openCase: "mutation ConsoleOpenCase($input: OpenCaseInput!) { openCase(input: $input) { __typename } }",
  createTask: "mutation ConsoleCreateTask($input: CreateTaskInput!) { createTask(input: $input) { __typename } }",
};

export function select(name: string, options: string[], value?: string): HTMLSelectElement {
  return h("select", { name, id: `f-${name}` }, options.map((o) => h("option", { value: o, selected: o === value }, label(o))));
}

export function row(title: string, control: HTMLElement): HTMLElement {
  return h("label", { class: "row" }, h("span", null, title), control);
}

/** A form sending `spec.mutation(input: { customerId, …its controls })`: a number control as a number, a date-time one (UTC) as an instant. */
export function serviceForm(spec: MutationSpec, customerId: string, controls: HTMLElement[], onDone: (notice: string) => void): HTMLElement {
  const status = h("p", { class: "status", role: "status" });
  const button = h("button", { type: "submit" }, spec.title);
  const form = h("form", { class: "service-form", "data-testid": `form-${spec.mutation}` }, controls, button, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.className = "status";
    status.textContent = "Sending…";
    const values = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const input: Record<string, unknown> = { customerId };
    for (const [name, raw] of Object.entries(values)) {
      if (raw === "") continue;
      const type = form.querySelector<HTMLInputElement>(`[name="${name}"]`)?.type;
      input[name] = type === "number" ? Number(raw) : type === "datetime-local" ? new Date(`${raw}Z`).toISOString() : raw;
    }
    if (spec.idempotent) input.idempotencyKey = globalThis.crypto?.randomUUID?.() ?? `console-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const result = await gql(WRITES[spec.mutation], { input });
    if (hasCode(result, "GRAPHQL_VALIDATION_FAILED") && result.errors.some((e) => /Cannot query field|not configured to execute mutation|Unknown type/.test(e.message))) {
      return unavailable();
    }
    button.disabled = false;
    if (result.errors.length) {
      status.className = "status error";
      status.textContent = firstMessage(result);
      return;
    }
    onDone(spec.done);
  });
  function unavailable(): void {
    status.className = "status error";
    status.textContent = `${spec.what} is not available on this server (it has no ${spec.mutation} mutation).`;
    button.disabled = false;
  }
  return form;
}

/** Forms for writing to the customer's service history; the shield decides whether the viewer may. */
export function serviceForms(customerId: string, reload: (notice: string) => void): HTMLElement {
  const record = serviceForm(RECORD, customerId, [
    row("Channel", select("channel", CHANNELS)),
    row("Kind", select("kind", KINDS)),
    row("Direction", select("direction", ["INBOUND", "OUTBOUND"])),
    row("Subject", h("input", { name: "subject", required: true, maxlength: 200, placeholder: "What was it about?" })),
    row("Notes", h("textarea", { name: "notes", rows: 2, maxlength: 2000 })),
    row("Satisfaction (1–5)", h("input", { name: "satisfaction", type: "number", min: 1, max: 5 })),
  ], reload);
  const complain = serviceForm(COMPLAIN, customerId, [
    row("Channel", select("channel", CHANNELS)),
    row("Category", h("input", { name: "category", required: true, maxlength: 80, placeholder: "e.g. CLAIM_DELAY" })),
    row("Severity", select("severity", SEVERITIES, "MEDIUM")),
    row("Subject", h("input", { name: "subject", required: true, maxlength: 200 })),
    row("Details", h("textarea", { name: "notes", rows: 2, maxlength: 2000 })),
  ], reload);
  const openCase = serviceForm(OPEN_CASE, customerId, [
    row("Channel", select("channel", CHANNELS)),
    row("Subject", h("input", { name: "subject", required: true, maxlength: 200, placeholder: "What does the customer ask for?" })),
    row("Priority", select("priority", CASE_PRIORITIES, "NORMAL")),
    row("Queue", select("queue", CASE_QUEUES, "GENERAL")),
    row("Notes", h("textarea", { name: "notes", rows: 2, maxlength: 4000 })),
  ], reload);
  return h("div", { class: "grid" },
    section(RECORD.title, "record-interaction", record),
    section(COMPLAIN.title, "file-complaint", complain),
    section(OPEN_CASE.title, "open-case", openCase));
}
