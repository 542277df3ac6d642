import { Channel } from "../customer/customer.enums";
import { Direction, InteractionKind, InteractionStatus } from "../interaction/interaction.entity";
import { RecordInteractionInput } from "../interaction/interaction-write.inputs";
import type { CheckedRow } from "./import-kind";
import { inputProblems, instantProblems, problemCollector } from "./row-checks";
import { typedRecord, type SourceColumn } from "./source-columns";
import { STAFF_USERNAME, staffProblem } from "./staff-references";

/** The interaction file's columns (README "Loading your data"), named as recordInteraction names them. */
export const INTERACTION_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "CRM-INT-004711", description: "The contact's id in the source system (1–100 characters); the import upserts on it" },
  { name: "customerSourceId", type: "text", required: true, example: "PAS-000123", description: "The customer's sourceId in the same source system (imported before as a customer); no such customer, an erased one, or another customer than before: the row fails on this column" },
  { name: "kind", type: InteractionKind, required: true, example: "INQUIRY", description: "What the contact was about; COMPLAINT contacts are those a complaint's interactionSourceId may name" },
  { name: "direction", type: Direction, example: "INBOUND", description: "Empty means INBOUND (the customer called), as recordInteraction" },
  { name: "channel", type: Channel, required: true, example: "HOTLINE", description: "Channel of the contact" },
  { name: "subject", type: "text", required: true, example: "Renewal date question", description: "Short subject line, 1–200 characters" },
  { name: "notes", type: "text", example: "Explained the grace period", description: "Staff notes (SERVICE: not shown to MARKETING or the customer), up to 4000 characters; stored as the API stores them (not encrypted)" },
  { name: "occurredAt", type: "datetime", required: true, example: "2026-03-15T09:30:00Z", description: "When the contact started, not in the future" },
  { name: "firstResponseAt", type: "datetime", example: "2026-03-15T09:31:00Z", description: "When we first responded: not before occurredAt, not in the future" },
  { name: "resolvedAt", type: "datetime", example: "2026-03-15T09:45:00Z", description: "When the matter was resolved: not before occurredAt, not in the future; given, the contact is RESOLVED, else OPEN (as recordInteraction decides)" },
  { name: "satisfaction", type: "integer", example: "5", description: "Customer satisfaction 1 (poor) to 5 (excellent)" },
  { name: "handledBy", type: "text", example: "rep1", description: "The staff user who handled the contact (the API records the one who recorded it): the username of an active staff user; another username fails the row on this column. Empty: a new contact has no handler, a known one keeps its handler" },
];

/** A valid interaction row: its columns (status derived) and its customer's reference (resolved by the writer). */
export interface InteractionRow {
  sourceId: string;
  customerSourceId: string;
  columns: {
    kind: InteractionKind;
    direction: Direction;
    channel: Channel;
    subject: string;
    notes: string | null;
    occurredAt: string;
    firstResponseAt: string | null;
    resolvedAt: string | null;
    satisfaction: number | null;
    status: InteractionStatus;
  };
  /** The handler's username as the file gives it (null: a new contact has none, a known one keeps its handler). */
  handledBy: string | null;
  content: string;
}

/** Checks one record of an interaction file with recordInteraction's rules (input class, times); the customer is the writer's to resolve. */
export function interactionRow(values: Record<string, unknown>): CheckedRow<InteractionRow> {
  const { input: { handledBy, ...input }, sourceId, problems } = typedRecord(INTERACTION_COLUMNS, values);
  const problem = problemCollector(problems);
  if (handledBy !== undefined && !STAFF_USERNAME.test(handledBy as string)) problem("handledBy", staffProblem("handledBy"));
  const text = (name: string) => input[name] as string | undefined;
  if ((text("customerSourceId")?.length ?? 0) > 100) problem("customerSourceId", "customerSourceId must be 1–100 characters");
  const candidate = Object.assign(new RecordInteractionInput(), { subject: input.subject, notes: input.notes, satisfaction: input.satisfaction });
  for (const found of inputProblems(candidate)) problem(found.field, found.problems[0]);
  const times = { occurredAt: input.occurredAt, firstResponseAt: input.firstResponseAt, resolvedAt: input.resolvedAt };
  for (const found of instantProblems(times, "occurredAt")) problem(found.field, found.problems[0]);
  if (problems.length > 0) return { sourceId, problems };
  // the source sends the whole record: a column left empty is cleared
  const columns: InteractionRow["columns"] = {
    kind: input.kind as InteractionKind,
    direction: (input.direction as Direction | undefined) ?? Direction.INBOUND,
    channel: input.channel as Channel,
    subject: text("subject")!,
    notes: text("notes") ?? null,
    occurredAt: text("occurredAt")!,
    firstResponseAt: text("firstResponseAt") ?? null,
    resolvedAt: text("resolvedAt") ?? null,
    satisfaction: (input.satisfaction as number | undefined) ?? null,
    status: text("resolvedAt") ? InteractionStatus.RESOLVED : InteractionStatus.OPEN,
  };
  const customerSourceId = text("customerSourceId")!;
  // the handler only when given: a file without it digests as before the column existed
  const content = JSON.stringify([customerSourceId, Object.values(columns), ...(handledBy === undefined ? [] : [{ handledBy }])]);
  return { row: { sourceId: sourceId!, customerSourceId, columns, handledBy: (handledBy as string | undefined) ?? null, content } };
}
