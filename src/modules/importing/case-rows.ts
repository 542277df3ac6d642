import { Channel } from "../customer/customer.enums";
import { CasePriority } from "../service-desk/sla-policy";
import { CaseQueue, CaseStatus } from "../service-desk/service-case.entity";
import type { CheckedRow } from "./import-kind";
import { instantProblems, problemCollector } from "./row-checks";
import { typedRecord, type SourceColumn } from "./source-columns";

/** The case file's columns (README "Loading your data"): a service request of another system (a ticketing tool), in its current state. */
export const CASE_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "TKT-2026-000815", description: "The case's id in the source system (1–100 characters); the import upserts on it" },
  { name: "customerSourceId", type: "text", required: true, example: "PAS-000123", description: "The customer's sourceId in the same source system (imported before as a customer); no such customer, an erased one, or another customer than before: the row fails on this column" },
  { name: "interactionSourceId", type: "text", example: "CRM-INT-004711", description: "The service contact the request came in on: an interaction imported before from the same source system, of the same customer" },
  { name: "channel", type: Channel, required: true, example: "EMAIL", description: "The channel the request came in on (with the priority it decides the SLA targets)" },
  { name: "priority", type: CasePriority, example: "NORMAL", description: "Empty means NORMAL" },
  { name: "queue", type: CaseQueue, example: "POLICY_SERVICE", description: "The queue it is worked from; empty means GENERAL" },
  { name: "subject", type: "text", required: true, example: "Change the payment date", description: "What the customer asked for (SERVICE), 1–200 characters" },
  { name: "notes", type: "text", example: "Wants the 15th", description: "Staff notes (SERVICE), up to 4000 characters" },
  { name: "status", type: CaseStatus, required: true, example: "IN_PROGRESS", description: "The case's state in the source; the columns below must say how it got there" },
  { name: "openedAt", type: "datetime", required: true, example: "2026-11-02T01:30:00Z", description: "When the request was received (both SLA clocks start here), not in the future" },
  { name: "firstRespondedAt", type: "datetime", example: "2026-11-02T03:00:00Z", description: "The first response: required unless NEW, empty with NEW" },
  { name: "waitingSince", type: "datetime", example: "2026-11-03T02:00:00Z", description: "When it began to wait on the customer: required with WAITING_ON_CUSTOMER (its SLA clocks stand still since), empty otherwise" },
  { name: "resolvedAt", type: "datetime", example: "2026-11-05T08:00:00Z", description: "When it was resolved: required with RESOLVED and CLOSED, empty otherwise" },
  { name: "closedAt", type: "datetime", example: "2026-11-06T08:00:00Z", description: "When it was closed: required with CLOSED (not before resolvedAt), empty otherwise" },
  { name: "resolution", type: "text", example: "Payment date moved to the 15th", description: "The answer the customer was given, 1–4000 characters: required with RESOLVED and CLOSED, empty otherwise" },
];

/** A valid case row: its columns and its references (resolved by the writer). */
export interface CaseRow {
  sourceId: string;
  customerSourceId: string;
  interactionSourceId: string | null;
  columns: {
    channel: Channel;
    priority: CasePriority;
    queue: CaseQueue;
    subject: string;
    notes: string | null;
    status: CaseStatus;
    openedAt: string;
    firstRespondedAt: string | null;
    resolvedAt: string | null;
    closedAt: string | null;
    resolution: string | null;
    waitingSince: string | null;
  };
  content: string;
}

/** Which of the state columns each status needs (the rest must be empty): how the workflow gets there. */
const STATE_COLUMNS: Record<CaseStatus, readonly string[]> = {
  NEW: [],
  IN_PROGRESS: ["firstRespondedAt"],
  WAITING_ON_CUSTOMER: ["firstRespondedAt", "waitingSince"],
  RESOLVED: ["firstRespondedAt", "resolvedAt", "resolution"],
  CLOSED: ["firstRespondedAt", "resolvedAt", "resolution", "closedAt"],
};
const ALL_STATE_COLUMNS = ["firstRespondedAt", "waitingSince", "resolvedAt", "closedAt", "resolution"];

/** Checks one record of a case file: the columns, the times (none in the future, none before openedAt) and the state's columns. */
export function caseRow(values: Record<string, unknown>): CheckedRow<CaseRow> {
  const { input, sourceId, problems } = typedRecord(CASE_COLUMNS, values);
  const problem = problemCollector(problems);
  const text = (name: string) => input[name] as string | undefined;
  for (const name of ["customerSourceId", "interactionSourceId"]) if ((text(name)?.length ?? 0) > 100) problem(name, `${name} must be 1–100 characters`);
  const subject = text("subject")?.trim() ?? "";
  if (input.subject !== undefined && (subject.length === 0 || subject.length > 200)) problem("subject", "subject must be 1–200 characters");
  for (const name of ["notes", "resolution"]) if ((text(name)?.length ?? 0) > 4000) problem(name, `${name} must be at most 4000 characters`);
  const times = { openedAt: input.openedAt, firstRespondedAt: input.firstRespondedAt, waitingSince: input.waitingSince, resolvedAt: input.resolvedAt, closedAt: input.closedAt };
  for (const found of instantProblems(times, "openedAt")) problem(found.field, found.problems[0]);
  const status = input.status as CaseStatus | undefined;
  if (status) {
    for (const name of ALL_STATE_COLUMNS) {
      const needed = STATE_COLUMNS[status].includes(name);
      if (needed && input[name] === undefined) problem(name, `${name} is required with ${status}`);
      if (!needed && input[name] !== undefined) problem(name, `${name} must be empty with ${status}`);
    }
  }
  if (text("closedAt") && text("resolvedAt") && Date.parse(text("closedAt")!) < Date.parse(text("resolvedAt")!)) problem("closedAt", "closedAt must not be before resolvedAt");
  if (problems.length > 0) return { sourceId, problems };
  // the source sends the whole record: a column left empty is cleared
  const columns: CaseRow["columns"] = {
    channel: input.channel as Channel,
    priority: (input.priority as CasePriority | undefined) ?? CasePriority.NORMAL,
    queue: (input.queue as CaseQueue | undefined) ?? CaseQueue.GENERAL,
    subject,
    notes: text("notes") ?? null,
    status: status!,
    openedAt: text("openedAt")!,
    firstRespondedAt: text("firstRespondedAt") ?? null,
    resolvedAt: text("resolvedAt") ?? null,
    closedAt: text("closedAt") ?? null,
    resolution: text("resolution") ?? null,
    waitingSince: text("waitingSince") ?? null,
  };
  const customerSourceId = text("customerSourceId")!;
  const interactionSourceId = text("interactionSourceId") ?? null;
  return { row: { sourceId: sourceId!, customerSourceId, interactionSourceId, columns, content: JSON.stringify([customerSourceId, interactionSourceId, Object.values(columns)]) } };
}
