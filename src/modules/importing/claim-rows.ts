import type { FieldProblem } from "../../shared/errors";
import { ClaimStatus } from "../claim/claim.entity";
import { FINAL_CLAIM_STATUSES } from "../claim/claim-workflow";
import { FileClaimInput } from "../claim/claim-write.inputs";
import type { CheckedRow } from "./import-kind";
import { inputProblems, instantProblems, problemCollector } from "./row-checks";
import { STAFF_USERNAME, staffProblem } from "./staff-references";
import { instantOf, typedRecord, type SourceColumn } from "./source-columns";

/** The claim file's columns (README "Loading your data"), named as fileClaim and the Claim type name them. */
export const CLAIM_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "CLM-000789", description: "The claim's id in the source system (1–100 characters); the import upserts on it" },
  { name: "policySourceId", type: "text", required: true, example: "PAS-POL-000456", description: "The policy's sourceId in the same source system (imported before as a policy); the claimant is its policyholder. No such policy, an erased policyholder, or a policy of another customer than before: the row fails on this column" },
  { name: "claimNumber", type: "text", example: "CL20260000042", description: "Unique, up to 24 of A–Z, 0–9 and -; empty: a new claim gets the next CL<year reported><7 digits>, as fileClaim numbers claims; a known one keeps its number" },
  { name: "kind", type: "text", required: true, example: "HOSPITALIZATION", description: "Kind of loss, 2–40 upper-case letters or underscores (as fileClaim), e.g. HOSPITALIZATION, COLLISION, THEFT, DEATH" },
  { name: "incidentDate", type: "date", required: true, example: "2026-03-14", description: "Day the insured event happened: within the policy's period, not in the future" },
  { name: "reportedAt", type: "datetime", required: true, example: "2026-03-15T09:30:00Z", description: "When the claim was reported: not before the incident day, not in the future" },
  { name: "status", type: ClaimStatus, required: true, example: "APPROVED", description: "Workflow state; a claim arrives in any state (the import records where the source's claim is, it does not walk the workflow)" },
  { name: "claimedAmount", type: "money", required: true, example: "1200000", description: "Minor units, at least 1 and at most the policy's sum insured" },
  { name: "approvedAmount", type: "money", example: "1000000", description: "Minor units, 1 to claimedAmount; required with APPROVED and PAID, allowed with CLOSED, not given in the other states" },
  { name: "paidAmount", type: "money", example: "1000000", description: "Minor units, 0 to approvedAmount; required with PAID, allowed with CLOSED, not given in the other states" },
  { name: "currency", type: "text", example: "CNY", description: "ISO 4217, 3 capital letters; empty: the policy's currency (as fileClaim)" },
  { name: "description", type: "text", example: "Inpatient stay of 3 days", description: "Loss description, up to 4000 characters; may hold medical details (HEALTH): stored AES-256-GCM encrypted, as the API stores it" },
  { name: "events", type: "json-array", example: '[{"status":"REPORTED","at":"2026-03-15T09:30:00Z"},{"status":"APPROVED","at":"2026-03-20T10:00:00Z","note":"Invoices checked"}]', description: "The claim's history (claim events), each `{ status, at, note? }`: status a claim status, at a date-time from reportedAt on and not in the future, in time order, note up to 4000 characters; at most 50; the last status is the claim's status (steps are recorded as the source made them, not checked against the workflow). Empty: one event, the claim's status at reportedAt. On a change the events are replaced. A claim in REJECTED or CLOSED is closed at its last event's time. In CSV the array as JSON text in one quoted column" },
  { name: "adjuster", type: "text", example: "adjuster1", description: "The claims adjuster handling the claim: the username of an active staff user in the CLAIMS_ADJUSTER role; another username fails the row on this column. Empty: a new claim is unassigned (the first adjuster who works on it takes it, as in the API), a known one keeps its adjuster" },
];

/** One step of an imported claim's history (a claim_event; the actor is the source system, so none). */
export interface ClaimEventRow {
  status: ClaimStatus;
  at: string;
  note: string | null;
}

/** A valid claim row: its columns, its policy's reference (resolved by the writer) and its history. */
export interface ClaimRow {
  sourceId: string;
  policySourceId: string;
  /** As the file gives it (null: generated for a new claim, kept for a known one). */
  claimNumber: string | null;
  /** As the file gives it (null: the policy's currency). */
  currency: string | null;
  columns: {
    kind: string;
    incidentDate: string;
    reportedAt: string;
    status: ClaimStatus;
    claimedAmount: number;
    approvedAmount: number | null;
    paidAmount: number | null;
    description: string | null;
    closedAt: string | null;
  };
  events: ClaimEventRow[];
  /** The adjuster's username as the file gives it (null: a new claim is unassigned, a known one keeps its adjuster). */
  adjuster: string | null;
  content: string;
}

const CLAIM_NUMBER = /^[A-Z0-9][A-Z0-9-]{0,23}$/;
const MAX_EVENTS = 50;
const { APPROVED, PAID, CLOSED } = ClaimStatus;

function eventRows(events: unknown[], reportedAt: string | undefined, status: ClaimStatus | undefined): { events: ClaimEventRow[] } | { problem: string } {
  if (events.length > MAX_EVENTS) return { problem: `events holds at most ${MAX_EVENTS} events` };
  const rows: ClaimEventRow[] = [];
  for (const [i, event] of events.entries()) {
    const at = `events[${i}]`;
    if (event === null || typeof event !== "object" || Array.isArray(event)) return { problem: `${at} must be an object { status, at, note }` };
    const { status: to, at: time, note = null, ...rest } = event as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return { problem: `${at} may hold only status, at and note` }; // the file's key names are not echoed
    if (typeof to !== "string" || !Object.hasOwn(ClaimStatus, to)) return { problem: `${at}.status must be one of ${Object.values(ClaimStatus).join(", ")}` };
    const instant = typeof time === "string" ? instantOf(time.trim()) : null;
    if (!instant) return { problem: `${at}.at must be a date-time (ISO 8601 with Z or an offset)` };
    if (note !== null && (typeof note !== "string" || note.length > 4000)) return { problem: `${at}.note must be text of at most 4000 characters` };
    if (reportedAt && instant < reportedAt) return { problem: `${at}.at must not be before reportedAt` };
    if (rows.length > 0 && instant < rows[rows.length - 1].at) return { problem: `${at}.at must not be before the event before it` };
    if (instantProblems({ at: instant }, "at").length > 0) return { problem: `${at}.at must not be in the future` };
    rows.push({ status: to as ClaimStatus, at: instant, note: (note as string | null)?.trim() || null });
  }
  if (rows.length > 0 && status && rows[rows.length - 1].status !== status) return { problem: "the last event's status must be the claim's status" };
  return { events: rows };
}

/** The amounts' rules by state: approved 1..claimed once approved, paid 0..approved once paid, neither before. */
function amountProblems(input: Record<string, unknown>, problem: (field: string, text: string) => void): void {
  const status = input.status as ClaimStatus | undefined;
  const claimed = input.claimedAmount as number | undefined;
  const approved = input.approvedAmount as number | undefined;
  const paid = input.paidAmount as number | undefined;
  if (status === undefined) return;
  if (approved === undefined && (status === APPROVED || status === PAID)) problem("approvedAmount", `approvedAmount is required with ${status}`);
  if (approved !== undefined && ![APPROVED, PAID, CLOSED].includes(status)) problem("approvedAmount", `approvedAmount is not given with ${status}`);
  if (approved !== undefined && (approved < 1 || (claimed !== undefined && approved > claimed))) problem("approvedAmount", "approvedAmount must be 1 to claimedAmount");
  if (paid === undefined && status === PAID) problem("paidAmount", "paidAmount is required with PAID");
  if (paid !== undefined && ![PAID, CLOSED].includes(status)) problem("paidAmount", `paidAmount is not given with ${status}`);
  if (paid !== undefined && (paid < 0 || approved === undefined || paid > approved)) problem("paidAmount", "paidAmount must be 0 to approvedAmount");
}

/** Checks one record of a claim file with fileClaim's rules (input class, dates) and the amounts' rules by state; the policy is the writer's to resolve. */
export function claimRow(values: Record<string, unknown>): CheckedRow<ClaimRow> {
  const { input: { adjuster, ...input }, sourceId, problems } = typedRecord(CLAIM_COLUMNS, values);
  const problem = problemCollector(problems);
  if (adjuster !== undefined && !STAFF_USERNAME.test(adjuster as string)) problem("adjuster", staffProblem("adjuster"));
  const text = (name: string) => input[name] as string | undefined;
  problems.push(...inputProblems(Object.assign(new FileClaimInput(), { kind: input.kind, claimedAmount: input.claimedAmount, description: input.description })));
  if ((text("policySourceId")?.length ?? 0) > 100) problem("policySourceId", "policySourceId must be 1–100 characters");
  if (text("claimNumber") !== undefined && !CLAIM_NUMBER.test(text("claimNumber")!)) problem("claimNumber", "claimNumber must be up to 24 of A–Z, 0–9 and - (starting with a letter or digit)");
  if (text("currency") !== undefined && !/^[A-Z]{3}$/.test(text("currency")!)) problem("currency", "currency must be 3 capital letters (ISO 4217)");
  if (text("incidentDate") && text("incidentDate")! > new Date().toISOString().slice(0, 10)) problem("incidentDate", "the incident date is in the future");
  for (const found of instantProblems({ reportedAt: input.reportedAt }, "reportedAt")) problem(found.field, found.problems[0]);
  if (text("reportedAt") && text("incidentDate") && text("reportedAt")!.slice(0, 10) < text("incidentDate")!) problem("reportedAt", "reportedAt must not be before the incident date");
  amountProblems(input, problem);
  let events: ClaimEventRow[] = [];
  if (input.events !== undefined) {
    const checked = eventRows(input.events as unknown[], text("reportedAt"), input.status as ClaimStatus | undefined);
    if ("problem" in checked) problem("events", checked.problem);
    else events = checked.events;
  }
  if (problems.length > 0) return { sourceId, problems: problems satisfies FieldProblem[] };
  const status = input.status as ClaimStatus;
  const reportedAt = text("reportedAt")!;
  if (events.length === 0) events = [{ status, at: reportedAt, note: null }];
  // the source sends the whole record: a column left empty is cleared
  const columns: ClaimRow["columns"] = {
    kind: text("kind")!,
    incidentDate: text("incidentDate")!,
    reportedAt,
    status,
    claimedAmount: input.claimedAmount as number,
    approvedAmount: (input.approvedAmount as number | undefined) ?? null,
    paidAmount: (input.paidAmount as number | undefined) ?? null,
    description: text("description") ?? null,
    closedAt: FINAL_CLAIM_STATUSES.includes(status) ? events[events.length - 1].at : null,
  };
  const row = {
    sourceId: sourceId!, policySourceId: text("policySourceId")!, claimNumber: text("claimNumber") ?? null, currency: text("currency") ?? null, columns, events,
    adjuster: (adjuster as string | undefined) ?? null,
  };
  // the adjuster only when given: a file without it digests as before the column existed
  const content = JSON.stringify([
    row.policySourceId, row.claimNumber, row.currency, Object.values(columns), events.map((e) => [e.status, e.at, e.note]), ...(row.adjuster === null ? [] : [{ adjuster: row.adjuster }]),
  ]);
  return { row: { ...row, content } };
}
