import { validateSync } from "class-validator";
import type { CheckedRow } from "./import-kind";
import { typedRecord, type SourceColumn } from "./source-columns";
import { STAFF_USERNAME, staffProblem } from "./staff-references";
import { INPUT_VALIDATION } from "../../shared/validation-options";
import { Channel, CustomerKind, Gender, IdType, MaritalStatus, RiskPreference, ServiceTier } from "../customer/customer.enums";
import { NewCustomerInput } from "../customer/customer-write.inputs";
import { identityProblems, normalizeNationalId } from "../customer/customer-validation";
import { plainColumns, PLAIN_FIELDS } from "../customer/customer-write.service";

/**
 * The customer file's columns, as createCustomer's input names them (README "Loading your data").
 * Values are typed here as GraphQL types them for the mutation (enums, integers, dates); the input
 * class and the identity checks then apply exactly as for createCustomer.
 */
export const CUSTOMER_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "PAS-000123", description: "The customer's id in the source system (1–100 characters); the import upserts on it" },
  { name: "kind", type: CustomerKind, required: true, example: "INDIVIDUAL", description: "INDIVIDUAL, ENTERPRISE or GROUP" },
  { name: "fullName", type: "text", required: true, example: "Zhao Lei", description: "Full legal name, 1–200 characters" },
  { name: "gender", type: Gender, example: "MALE", description: "As declared" },
  { name: "dateOfBirth", type: "date", example: "1990-05-17", description: "YYYY-MM-DD, 1900-01-01 to today" },
  { name: "idType", type: IdType, example: "RESIDENT_ID", description: "Required with nationalId" },
  { name: "nationalId", type: "text", example: "110101199005171238", description: "Checked by idType (RESIDENT_ID: GB 11643 check digit and birth date = dateOfBirth; BUSINESS_LICENSE: GB 32100; PASSPORT: 5–20 letters or digits); stored encrypted with a blind index; another customer's id is flagged for duplicate review" },
  { name: "email", type: "text", example: "zhao.lei@example.com", description: "E-mail address (stored lower-case)" },
  { name: "phone", type: "text", example: "+8613812345678", description: "E.164" },
  { name: "address", type: "text", example: "1 Example Road", description: "Up to 300 characters" },
  { name: "city", type: "text", example: "Beijing", description: "Up to 80 characters" },
  { name: "region", type: "text", example: "Beijing", description: "Province or region, up to 80 characters" },
  { name: "occupation", type: "text", example: "Teacher", description: "Up to 120 characters" },
  { name: "occupationClass", type: "integer", example: "2", description: "1 (office) to 6 (hazardous)" },
  { name: "annualIncome", type: "money", example: "36000000", description: "Minor units (fen), 0 or more" },
  { name: "maritalStatus", type: MaritalStatus, example: "MARRIED", description: "Marital status" },
  { name: "dependents", type: "integer", example: "1", description: "0–50; empty means 0" },
  { name: "serviceTier", type: ServiceTier, example: "BASIC", description: "Empty means BASIC" },
  { name: "riskPreference", type: RiskPreference, example: "BALANCED", description: "Attitude to financial risk" },
  { name: "preferredChannel", type: Channel, example: "PHONE", description: "Channel the customer prefers" },
  { name: "agent", type: "text", example: "agent1", description: "The servicing agent's username, an active staff user in the AGENT role: the customer joins that agent's book (as assignAgent moves it), and a later file naming another agent moves it. Another username fails the row on this column. Empty: a new customer is in no agent's book, a known one keeps its agent (an assignment made in the 360 stays)" },
  { name: "customerSince", type: "date", example: "2012-04-01", description: "When the customer relationship began in the source system, 1900-01-01 to today: the customer's createdAt (the list's CREATED_AT order, segments' CUSTOMER_SINCE) is that day, 00:00 UTC. Empty: a new customer is recorded now, a known one keeps its date" },
];

/** A valid row: the customer's columns (national id in clear, sealed by the writer) and its content. */
export interface CustomerRow {
  sourceId: string;
  columns: Record<string, unknown> & { kind: CustomerKind; fullName: string; dependents: number; serviceTier: ServiceTier };
  nationalId: string | null;
  /** The servicing agent's username as the file gives it (null: a new customer gets none, a known one keeps its agent). */
  agent: string | null;
  /** When the customer relationship began, YYYY-MM-DD (null: a new customer is recorded now, a known one keeps its date). */
  customerSince: string | null;
  /** The normalized content, in a fixed order (digested, never stored). */
  content: string;
}

/** Checks one record with createCustomer's rules: the input class (class-validator), then the identity rules. */
export function customerRow(values: Record<string, unknown>): CheckedRow<CustomerRow> {
  const { input: { agent, customerSince, ...input }, sourceId, problems } = typedRecord(CUSTOMER_COLUMNS, values);
  if (agent !== undefined && !STAFF_USERNAME.test(agent as string)) problems.push({ field: "agent", problems: [staffProblem("agent")] });
  if (customerSince !== undefined && ((customerSince as string) < "1900-01-01" || (customerSince as string) > new Date().toISOString().slice(0, 10))) {
    problems.push({ field: "customerSince", problems: ["customerSince must be a date from 1900-01-01 to today"] });
  }
  const candidate = Object.assign(new NewCustomerInput(), input);
  for (const error of validateSync(candidate, INPUT_VALIDATION)) {
    problems.push({ field: error.property, problems: Object.values(error.constraints ?? {}) });
  }
  if (problems.length > 0) return { sourceId, problems };
  const nationalId = candidate.nationalId ? normalizeNationalId(candidate.nationalId) : null;
  const identity = identityProblems(candidate.idType ?? null, nationalId, candidate.dateOfBirth ?? null);
  if (identity.length > 0) return { sourceId, problems: identity };
  // the source sends the whole record: a column left empty is cleared, as null clears it in updateCustomer
  const full = Object.fromEntries(PLAIN_FIELDS.map((field) => [field, (candidate as unknown as Record<string, unknown>)[field] ?? null]));
  const columns = {
    ...plainColumns(full as never),
    kind: candidate.kind,
    dependents: candidate.dependents ?? 0,
    serviceTier: candidate.serviceTier ?? ServiceTier.BASIC,
  } as CustomerRow["columns"];
  // the agent and the date only when given: a file without them digests as before the columns existed (a nightly re-import stays unchanged)
  const content = JSON.stringify([
    columns.kind, ...PLAIN_FIELDS.map((field) => columns[field] ?? null), nationalId, ...(agent === undefined ? [] : [agent]), ...(customerSince === undefined ? [] : [{ customerSince }]),
  ]);
  return { row: { sourceId: sourceId!, columns, nationalId, agent: (agent as string | undefined) ?? null, customerSince: (customerSince as string | undefined) ?? null, content } };
}
