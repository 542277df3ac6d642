import type { FieldProblem } from "../../shared/errors";

/** How a column's value is typed: text, integer, money (minor units), date, instant (date-time), true/false, one of an enum, or a JSON array (checked by its kind). */
export type ColumnType = "text" | "integer" | "money" | "date" | "datetime" | "boolean" | "json-array" | Record<string, string>;

export interface SourceColumn {
  name: string;
  type: ColumnType;
  required?: true;
  example: string;
  description: string;
}

export function typeLabel(type: ColumnType): string {
  if (type === "json-array") return "a JSON array";
  if (type === "datetime") return "a date-time (ISO 8601 with Z or an offset)";
  if (type === "boolean") return "true or false";
  return typeof type === "string" ? type : `one of ${Object.values(type).join(", ")}`;
}

/** A CSV header must name known columns only (a misspelt column would drop its values silently) and include the required ones. */
export function headerProblem(columns: readonly SourceColumn[], header: string[]): string | null {
  const unknown = header.filter((name) => !columns.some((c) => c.name === name));
  if (unknown.length > 0) return `unknown column(s) ${unknown.join(", ")}; the columns are ${columns.map((c) => c.name).join(", ")}`;
  const seen = new Set<string>();
  const twice = header.find((name) => (seen.has(name) ? true : (seen.add(name), false)));
  if (twice) return `column ${twice} appears twice`;
  const missing = columns.filter((c) => c.required && !header.includes(c.name)).map((c) => c.name);
  return missing.length > 0 ? `required column(s) missing: ${missing.join(", ")}` : null;
}

export function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant as GraphQL's DateTime takes it: ISO 8601 with its offset (a time without one would
 * depend on the importing machine's zone), normalized to UTC milliseconds (`toISOString`).
 */
export function instantOf(text: string): string | null {
  const match = INSTANT.exec(text);
  if (!match || !isRealDate(match[1])) return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** A safe integer (minor units) of 0 or more, from a JSON number or digits. */
export function isMoney(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** One value typed as the API's GraphQL type would type it; a problem names the column, never the value. */
function typed(column: SourceColumn, raw: unknown): { value: unknown } | { problem: string } {
  const { name, type } = column;
  if (type === "json-array") {
    // NDJSON: an array; CSV: the array as JSON text in the one column
    let value = raw;
    if (typeof raw === "string") {
      try {
        value = JSON.parse(raw);
      } catch {
        return { problem: `${name} must be a JSON array` };
      }
    }
    return Array.isArray(value) ? { value } : { problem: `${name} must be a JSON array` };
  }
  if (type === "boolean") {
    // NDJSON: a JSON boolean; CSV: the text true or false
    const value = raw === true || raw === "true" ? true : raw === false || raw === "false" ? false : null;
    return value === null ? { problem: `${name} must be ${typeLabel(type)}` } : { value };
  }
  if (typeof raw === "object" || typeof raw === "boolean") return { problem: `${name} must be ${typeLabel(type)}` };
  const text = String(raw).trim();
  if (type === "text") return { value: text };
  if (type === "integer" || type === "money") {
    const number = typeof raw === "number" ? raw : /^-?\d+$/.test(text) ? Number(text) : NaN;
    const ok = type === "money" ? Number.isSafeInteger(number) : Number.isInteger(number) && Math.abs(number) < 2 ** 31;
    return ok ? { value: number } : { problem: `${name} must be an integer${type === "money" ? " (minor units)" : ""}` };
  }
  if (type === "date") return isRealDate(text) ? { value: text } : { problem: `${name} must be a date (YYYY-MM-DD)` };
  if (type === "datetime") {
    const instant = instantOf(text);
    return instant ? { value: instant } : { problem: `${name} must be ${typeLabel(type)}` };
  }
  return Object.values(type).includes(text) ? { value: text } : { problem: `${name} must be ${typeLabel(type)}` };
}

/** A kind's columns by name, made once per column list (a linear search per value showed in the import's profile). */
const COLUMNS_BY_NAME = new WeakMap<readonly SourceColumn[], Map<string, SourceColumn>>();
function columnsByName(columns: readonly SourceColumn[]): Map<string, SourceColumn> {
  let byName = COLUMNS_BY_NAME.get(columns);
  if (!byName) COLUMNS_BY_NAME.set(columns, (byName = new Map(columns.map((c) => [c.name, c]))));
  return byName;
}

/**
 * A record's values typed by its columns: empty values are left out, an unknown column, a value
 * of the wrong type, a missing required value and a source id longer than 100 characters are
 * problems (by column, never quoting the value).
 */
export function typedRecord(
  columns: readonly SourceColumn[],
  values: Record<string, unknown>,
): { input: Record<string, unknown>; sourceId: string | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const input: Record<string, unknown> = {};
  const byName = columnsByName(columns);
  for (const [name, raw] of Object.entries(values)) {
    const column = byName.get(name);
    if (!column) {
      problems.push({ field: name.slice(0, 60), problems: ["unknown column"] });
      continue;
    }
    if (raw === null || raw === undefined || raw === "") continue;
    const result = typed(column, raw);
    if ("problem" in result) problems.push({ field: name, problems: [result.problem] });
    else input[name] = result.value;
  }
  const sourceId = typeof input.sourceId === "string" && input.sourceId.length > 0 && input.sourceId.length <= 100 ? input.sourceId : null;
  if (!sourceId) problems.push({ field: "sourceId", problems: ["sourceId is required (1–100 characters)"] });
  for (const column of columns) {
    if (column.required && column.name !== "sourceId" && input[column.name] === undefined && !problems.some((p) => p.field === column.name)) {
      problems.push({ field: column.name, problems: [`${column.name} is required`] });
    }
  }
  return { input, sourceId, problems };
}

