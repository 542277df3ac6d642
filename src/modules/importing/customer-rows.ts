import { validateSync } from "class-validator";
import type { FieldProblem } from "../../shared/errors";
import { INPUT_VALIDATION } from "../../shared/validation-options";
import { Channel, CustomerKind, Gender, IdType, MaritalStatus, RiskPreference, ServiceTier } from "../customer/customer.enums";
import { NewCustomerInput } from "../customer/customer-write.inputs";
import { identityProblems, normalizeNationalId } from "../customer/customer-validation";
import { plainColumns, PLAIN_FIELDS } from "../customer/customer-write.service";

type ColumnType = "text" | "integer" | "money" | "date" | Record<string, string>;

export interface SourceColumn {
  name: string;
  type: ColumnType;
  required?: true;
  example: string;
  description: string;
}

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
  { name: "nationalId", type: "text", example: "110101199005171238", description: "Checked by idType (RESIDENT_ID: GB 11643 check digit and birth date = dateOfBirth); stored encrypted" },
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
];

const BY_NAME = new Map(CUSTOMER_COLUMNS.map((column) => [column.name, column]));

export function typeLabel(type: ColumnType): string {
  return typeof type === "string" ? type : `one of ${Object.values(type).join(", ")}`;
}

/** A CSV header must name known columns only (a misspelt column would drop its values silently) and include the required ones. */
export function headerProblem(columns: string[]): string | null {
  const unknown = columns.filter((name) => !BY_NAME.has(name));
  if (unknown.length > 0) return `unknown column(s) ${unknown.join(", ")}; the columns are ${CUSTOMER_COLUMNS.map((c) => c.name).join(", ")}`;
  const seen = new Set<string>();
  const twice = columns.find((name) => (seen.has(name) ? true : (seen.add(name), false)));
  if (twice) return `column ${twice} appears twice`;
  const missing = CUSTOMER_COLUMNS.filter((c) => c.required && !columns.includes(c.name)).map((c) => c.name);
  return missing.length > 0 ? `required column(s) missing: ${missing.join(", ")}` : null;
}

function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** One value typed as the mutation's GraphQL type would type it; a problem names the column, never the value. */
function typed(column: SourceColumn, raw: unknown): { value: unknown } | { problem: string } {
  const { name, type } = column;
  if (typeof raw === "object" || typeof raw === "boolean") return { problem: `${name} must be ${typeLabel(type)}` };
  const text = String(raw).trim();
  if (type === "text") return { value: text };
  if (type === "integer" || type === "money") {
    const number = typeof raw === "number" ? raw : /^-?\d+$/.test(text) ? Number(text) : NaN;
    const ok = type === "money" ? Number.isSafeInteger(number) : Number.isInteger(number) && Math.abs(number) < 2 ** 31;
    return ok ? { value: number } : { problem: `${name} must be an integer${type === "money" ? " (minor units)" : ""}` };
  }
  if (type === "date") return isRealDate(text) ? { value: text } : { problem: `${name} must be a date (YYYY-MM-DD)` };
  return Object.values(type).includes(text) ? { value: text } : { problem: `${name} must be ${typeLabel(type)}` };
}

/** A valid row: the customer's columns (national id in clear, sealed by the writer) and its content. */
export interface CustomerRow {
  sourceId: string;
  columns: Record<string, unknown> & { kind: CustomerKind; fullName: string; dependents: number; serviceTier: ServiceTier };
  nationalId: string | null;
  /** The normalized content, in a fixed order (digested, never stored). */
  content: string;
}

/** Checks one record with createCustomer's rules: the input class (class-validator), then the identity rules. */
export function customerRow(values: Record<string, unknown>): { row: CustomerRow } | { sourceId: string | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(values)) {
    const column = BY_NAME.get(name);
    if (!column) {
      problems.push({ field: name.slice(0, 60), problems: ["unknown column"] });
      continue;
    }
    if (raw === null || raw === undefined || raw === "") continue;
    const result = typed(column, raw);
    if ("problem" in result) problems.push({ field: name, problems: [result.problem] });
    else input[name] = result.value;
  }
  const sourceId = typeof input.sourceId === "string" && input.sourceId.length <= 100 ? input.sourceId : null;
  if (!sourceId) problems.push({ field: "sourceId", problems: ["sourceId is required (1–100 characters)"] });
  for (const column of CUSTOMER_COLUMNS) {
    if (column.required && column.name !== "sourceId" && input[column.name] === undefined && !problems.some((p) => p.field === column.name)) {
      problems.push({ field: column.name, problems: [`${column.name} is required`] });
    }
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
  const content = JSON.stringify([columns.kind, ...PLAIN_FIELDS.map((field) => columns[field] ?? null), nationalId]);
  return { row: { sourceId: sourceId!, columns, nationalId, content } };
}
