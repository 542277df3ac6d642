import { Channel } from "../customer/customer.enums";
import { ComplaintStatus, Severity } from "../interaction/complaint.entity";
import { FileComplaintInput } from "../interaction/interaction-write.inputs";
import type { CheckedRow } from "./import-kind";
import { inputProblems, instantProblems, problemCollector } from "./row-checks";
import { typedRecord, type SourceColumn } from "./source-columns";

/** The complaint file's columns (README "Loading your data"), named as fileComplaint and the Complaint type name them. */
export const COMPLAINT_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "CRM-CMP-000042", description: "The complaint's id in the source system (1–100 characters); the import upserts on it" },
  { name: "customerSourceId", type: "text", required: true, example: "PAS-000123", description: "The complaining customer's sourceId in the same source system (imported before as a customer); no such customer, an erased one, or another customer than before: the row fails on this column" },
  { name: "interactionSourceId", type: "text", example: "CRM-INT-004711", description: "The contact the complaint was received in: an interaction imported before from the same source system, of the same customer, holding no other complaint. Empty: the import records the complaint contact itself from channel, subject and notes (kind COMPLAINT, INBOUND, at receivedAt, as fileComplaint does). A complaint keeps the contact it was first imported with" },
  { name: "channel", type: Channel, example: "HOTLINE", description: "Channel of the complaint contact; required without interactionSourceId, empty with it (the named contact has its own)" },
  { name: "subject", type: "text", example: "Claim settled late", description: "Subject of the complaint contact, 1–200 characters; required without interactionSourceId, empty with it" },
  { name: "notes", type: "text", example: "Customer asks for interest on the delay", description: "Staff notes of the complaint contact (INTERNAL), up to 4000 characters; empty with interactionSourceId" },
  { name: "category", type: "text", required: true, example: "CLAIM_HANDLING", description: "Category, 2–40 upper-case letters or underscores (as fileComplaint), e.g. CLAIM_HANDLING, SERVICE_ATTITUDE, BILLING, MIS_SELLING" },
  { name: "severity", type: Severity, example: "HIGH", description: "Empty means MEDIUM, as fileComplaint; decides the derived dueAt" },
  { name: "status", type: ComplaintStatus, example: "RESOLVED", description: "Handling state, empty means RECEIVED; any state (recorded as the source has it, not walked through the workflow)" },
  { name: "receivedAt", type: "datetime", required: true, example: "2026-03-20T08:00:00Z", description: "When the complaint was received, not in the future" },
  { name: "dueAt", type: "datetime", example: "2026-03-21T08:00:00Z", description: "Deadline for resolution, not before receivedAt; empty: receivedAt plus the hours configured for its severity (COMPLAINT_DUE_HOURS_<SEVERITY>, 24 by default), as fileComplaint derives it" },
  { name: "resolvedAt", type: "datetime", example: "2026-03-20T16:00:00Z", description: "When it was resolved: required with RESOLVED and given only then; not before receivedAt, not in the future (also the imported complaint contact's resolution time)" },
  { name: "resolution", type: "text", example: "Interest for the delay paid", description: "How it was resolved (INTERNAL), 1–4000 characters: required with RESOLVED and given only then, as resolveComplaint" },
  { name: "escalationReason", type: "text", example: "Regulator copied", description: "Why it was escalated (INTERNAL), 1–4000 characters: required with ESCALATED, allowed with RESOLVED (resolved after escalation), as escalateComplaint" },
];

/** A valid complaint row: its columns, its customer's and (optional) contact's references, and the contact to record when none is named. */
export interface ComplaintRow {
  sourceId: string;
  customerSourceId: string;
  interactionSourceId: string | null;
  /** The complaint contact's columns when the file names none (null: it names one). */
  contact: { channel: Channel; subject: string; notes: string | null } | null;
  /** As the file gives it (null: derived from the severity by the writer, which knows the configured hours). */
  dueAt: string | null;
  columns: {
    category: string;
    severity: Severity;
    status: ComplaintStatus;
    receivedAt: string;
    resolvedAt: string | null;
    resolution: string | null;
    escalationReason: string | null;
  };
  content: string;
}

const { RESOLVED, ESCALATED, RECEIVED } = ComplaintStatus;

/** The workflow's texts by state: a resolution (and its time) once RESOLVED, a reason once ESCALATED. */
function stateProblems(input: Record<string, unknown>, problem: (field: string, text: string) => void): void {
  const status = (input.status as ComplaintStatus | undefined) ?? RECEIVED;
  for (const field of ["resolvedAt", "resolution"]) {
    if (status === RESOLVED && input[field] === undefined) problem(field, `${field} is required with RESOLVED`);
    if (status !== RESOLVED && input[field] !== undefined) problem(field, `${field} is given only with RESOLVED`);
  }
  if (status === ESCALATED && input.escalationReason === undefined) problem("escalationReason", "escalationReason is required with ESCALATED");
  if (![ESCALATED, RESOLVED].includes(status) && input.escalationReason !== undefined) problem("escalationReason", "escalationReason is given only with ESCALATED or RESOLVED");
  for (const field of ["resolution", "escalationReason"]) {
    const given = input[field] as string | undefined;
    if (given !== undefined && (given.length === 0 || given.length > 4000)) problem(field, `${field} must have 1–4000 characters`);
  }
}

/** The complaint contact's columns: named (then none here) or given (then channel and subject required). */
function contactProblems(input: Record<string, unknown>, problem: (field: string, text: string) => void): void {
  const named = input.interactionSourceId !== undefined;
  for (const field of ["channel", "subject", "notes"]) {
    if (named && input[field] !== undefined) problem(field, `${field} is the named interaction's; leave it empty with interactionSourceId`);
    else if (!named && field !== "notes" && input[field] === undefined) problem(field, `${field} is required without interactionSourceId`);
  }
}

/** Checks one record of a complaint file with fileComplaint's rules (input class, times) and the workflow's texts by state; references are the writer's to resolve. */
export function complaintRow(values: Record<string, unknown>): CheckedRow<ComplaintRow> {
  const { input, sourceId, problems } = typedRecord(COMPLAINT_COLUMNS, values);
  const problem = problemCollector(problems);
  const text = (name: string) => input[name] as string | undefined;
  for (const field of ["customerSourceId", "interactionSourceId"]) if ((text(field)?.length ?? 0) > 100) problem(field, `${field} must be 1–100 characters`);
  const candidate = Object.assign(new FileComplaintInput(), { category: input.category, subject: input.subject, notes: input.notes });
  for (const found of inputProblems(candidate)) problem(found.field, found.problems[0]);
  for (const found of instantProblems({ receivedAt: input.receivedAt, resolvedAt: input.resolvedAt }, "receivedAt")) problem(found.field, found.problems[0]);
  if (text("dueAt") && text("receivedAt") && text("dueAt")! < text("receivedAt")!) problem("dueAt", "dueAt must not be before receivedAt");
  stateProblems(input, problem);
  contactProblems(input, problem);
  if (problems.length > 0) return { sourceId, problems };
  // the source sends the whole record: a column left empty is cleared
  const columns: ComplaintRow["columns"] = {
    category: text("category")!,
    severity: (input.severity as Severity | undefined) ?? Severity.MEDIUM,
    status: (input.status as ComplaintStatus | undefined) ?? RECEIVED,
    receivedAt: text("receivedAt")!,
    resolvedAt: text("resolvedAt") ?? null,
    resolution: text("resolution") ?? null,
    escalationReason: text("escalationReason") ?? null,
  };
  const interactionSourceId = text("interactionSourceId") ?? null;
  const contact = interactionSourceId ? null : { channel: input.channel as Channel, subject: text("subject")!, notes: text("notes") ?? null };
  const customerSourceId = text("customerSourceId")!;
  const dueAt = text("dueAt") ?? null;
  const content = JSON.stringify([customerSourceId, interactionSourceId, contact && Object.values(contact), dueAt, Object.values(columns)]);
  return { row: { sourceId: sourceId!, customerSourceId, interactionSourceId, contact, dueAt, columns, content } };
}
