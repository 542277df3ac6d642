import type { CheckedRow } from "./import-kind";
import { instantProblems, problemCollector } from "./row-checks";
import { typedRecord, type SourceColumn } from "./source-columns";

/** The premium instalment file's columns (README "Loading your data"): the billing system's schedule and payments. */
export const INSTALMENT_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "BIL-000456-2026-01", description: "The instalment's id in the source system (1–100 characters); the import upserts on it" },
  { name: "policySourceId", type: "text", required: true, example: "PAS-POL-000456", description: "The policy's sourceId in the same source system (imported before as a policy); the instalment belongs to its policyholder. No such policy, an erased policyholder, or another policy than before: the row fails on this column" },
  { name: "dueDate", type: "date", required: true, example: "2026-01-01", description: "When the premium is due: within the policy's period (start to end date)" },
  { name: "amount", type: "money", required: true, example: "125000", description: "Premium due, minor units (fen), 0 or more" },
  { name: "currency", type: "text", example: "CNY", description: "ISO 4217, 3 capital letters; empty: the policy's currency" },
  { name: "paidAt", type: "datetime", example: "2025-12-28T10:15:00Z", description: "When it was paid, not in the future; empty: unpaid (DUE, then OVERDUE once the 30-day grace period after dueDate has passed: the policy's billing status and the risk engine's overdue-premium factor read it)" },
];

/** A valid instalment row: its columns and its policy's reference (resolved by the writer, with the policy's currency). */
export interface InstalmentRow {
  sourceId: string;
  policySourceId: string;
  columns: { dueDate: string; amount: number; currency: string | null; paidAt: string | null };
  content: string;
}

/** Checks one record of an instalment file (types, currency, payment time); the policy and its period are the writer's to check. */
export function instalmentRow(values: Record<string, unknown>): CheckedRow<InstalmentRow> {
  const { input, sourceId, problems } = typedRecord(INSTALMENT_COLUMNS, values);
  const problem = problemCollector(problems);
  const text = (name: string) => input[name] as string | undefined;
  if ((text("policySourceId")?.length ?? 0) > 100) problem("policySourceId", "policySourceId must be 1–100 characters");
  if (text("currency") !== undefined && !/^[A-Z]{3}$/.test(text("currency")!)) problem("currency", "currency must be 3 capital letters (ISO 4217)");
  for (const found of instantProblems({ paidAt: input.paidAt }, "paidAt")) problem(found.field, found.problems[0]);
  if (problems.length > 0) return { sourceId, problems };
  // the source sends the whole record: a column left empty is cleared (a payment reversed is unpaid again)
  const columns: InstalmentRow["columns"] = { dueDate: text("dueDate")!, amount: input.amount as number, currency: text("currency") ?? null, paidAt: text("paidAt") ?? null };
  const policySourceId = text("policySourceId")!;
  return { row: { sourceId: sourceId!, policySourceId, columns, content: JSON.stringify([policySourceId, Object.values(columns)]) } };
}
