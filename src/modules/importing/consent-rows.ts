import { ContactChannel } from "../contact-policy/contact-policy.enums";
import { ConsentPurpose } from "../consent/consent.entity";
import { Channel } from "../customer/customer.enums";
import type { CheckedRow } from "./import-kind";
import { instantProblems, problemCollector } from "./row-checks";
import { typedRecord, type SourceColumn } from "./source-columns";

/** The consent file's columns (README "Loading your data"): a consent platform's decisions, named as setConsent names them. */
export const CONSENT_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "CMP-000789", description: "The decision's id in the source system (1–100 characters); the import upserts on it" },
  { name: "customerSourceId", type: "text", required: true, example: "PAS-000123", description: "The deciding customer's sourceId in the same source system (imported before as a customer); no such customer, an erased one, or another customer than before: the row fails on this column" },
  { name: "purpose", type: ConsentPurpose, required: true, example: "MARKETING", description: "What the decision is about" },
  { name: "granted", type: "boolean", required: true, example: "true", description: "true: granted; false: refused or withdrawn" },
  { name: "channel", type: Channel, example: "APP", description: "Channel the decision was captured on" },
  { name: "contactChannel", type: ContactChannel, example: "SMS", description: "MARKETING only: the contact channel the decision is about, overriding the purpose's decision for that channel; empty: the purpose as a whole" },
  { name: "recordedAt", type: "datetime", required: true, example: "2026-03-15T09:30:00Z", description: "When the decision was made, not in the future: of a customer's decisions on one purpose (and channel) the latest counts, whichever system or file it came from" },
];

/** A valid consent decision and its customer's reference (resolved by the writer). */
export interface ConsentRow {
  sourceId: string;
  customerSourceId: string;
  columns: { purpose: ConsentPurpose; granted: boolean; channel: Channel | null; contactChannel: ContactChannel | null; recordedAt: string };
  content: string;
}

/** Checks one decision with setConsent's rules (a contact channel for MARKETING only) and the time not in the future. */
export function consentRow(values: Record<string, unknown>): CheckedRow<ConsentRow> {
  const { input, sourceId, problems } = typedRecord(CONSENT_COLUMNS, values);
  const problem = problemCollector(problems);
  const text = (name: string) => input[name] as string | undefined;
  if ((text("customerSourceId")?.length ?? 0) > 100) problem("customerSourceId", "customerSourceId must be 1–100 characters");
  if (input.contactChannel !== undefined && input.purpose !== undefined && input.purpose !== ConsentPurpose.MARKETING) {
    problem("contactChannel", "A contact channel can be decided for MARKETING only");
  }
  for (const found of instantProblems({ recordedAt: input.recordedAt }, "recordedAt")) problem(found.field, found.problems[0]);
  if (problems.length > 0) return { sourceId, problems };
  const columns: ConsentRow["columns"] = {
    purpose: input.purpose as ConsentPurpose,
    granted: input.granted as boolean,
    channel: (input.channel as Channel | undefined) ?? null,
    contactChannel: (input.contactChannel as ContactChannel | undefined) ?? null,
    recordedAt: text("recordedAt")!,
  };
  const customerSourceId = text("customerSourceId")!;
  return { row: { sourceId: sourceId!, customerSourceId, columns, content: JSON.stringify([customerSourceId, Object.values(columns)]) } };
}
