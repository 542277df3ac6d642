import { BadUserInputError } from "../../shared/errors";
import { sensitiveConsentSql } from "../../auth/row-scope";
import { CONSENT_PURPOSES, opsFor, SEGMENT_FIELDS, SegmentField, SegmentOp, type FieldSpec } from "./segment-fields";

export type RuleValue = string | number | boolean | null | (string | number)[];

export interface SegmentCondition {
  field: SegmentField;
  op: SegmentOp;
  value?: RuleValue;
  purpose?: string | null;
  /**
   * How the evaluating viewer may use the field (set by authorizeRule, never read from input):
   * consent — only on customers with current SENSITIVE_DATA consent; visible — the masked form's visible part.
   */
  use?: "consent" | "visible";
}

/** The typed rule tree: exactly one of all / any / not / condition per node. */
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | { condition: SegmentCondition };

export const MAX_RULE_DEPTH = 6;
export const MAX_RULE_NODES = 40;
export const MAX_IN_VALUES = 100;
const MAX_TEXT = 120;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function bad(path: string, message: string): never {
  throw new BadUserInputError(`${path}: ${message}`, { path });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkScalar(spec: FieldSpec, value: unknown, path: string): string | number | boolean {
  switch (spec.type) {
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) bad(path, "expected an integer");
      return value;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) bad(path, "expected a number");
      return value;
    case "boolean":
      if (typeof value !== "boolean") bad(path, "expected true or false");
      return value;
    case "date":
      if (typeof value !== "string" || !DATE.test(value) || Number.isNaN(Date.parse(value))) bad(path, "expected a date YYYY-MM-DD");
      return value;
    case "enum":
      if (typeof value !== "string" || !spec.values?.includes(value)) bad(path, `expected one of ${spec.values?.join(", ")}`);
      return value;
    case "text":
      if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT) bad(path, `expected a text of 1–${MAX_TEXT} characters`);
      return value;
  }
}

function checkCondition(raw: unknown, path: string): SegmentCondition {
  if (!isObject(raw)) bad(path, "expected a condition { field, op, value }");
  const field = raw.field as SegmentField;
  const spec = SEGMENT_FIELDS[field];
  if (!spec) bad(`${path}.field`, "unknown field");
  const op = raw.op as SegmentOp;
  if (!opsFor(spec).includes(op)) bad(`${path}.op`, `${String(op)} does not apply to ${field} (allowed: ${opsFor(spec).join(", ")})`);
  const condition: SegmentCondition = { field, op };
  if (spec.needsPurpose) {
    if (typeof raw.purpose !== "string" || !CONSENT_PURPOSES.includes(raw.purpose)) bad(`${path}.purpose`, `${field} needs a purpose (${CONSENT_PURPOSES.join(", ")})`);
    condition.purpose = raw.purpose;
  }
  const value = raw.value;
  const valuePath = `${path}.value`;
  if (op === SegmentOp.EXISTS) {
    if (value !== undefined && value !== null && typeof value !== "boolean") bad(valuePath, "EXISTS takes true, false or no value");
    condition.value = value === false ? false : true;
  } else if (op === SegmentOp.IN) {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IN_VALUES) bad(valuePath, `IN needs a list of 1–${MAX_IN_VALUES} values`);
    condition.value = value.map((item, i) => checkScalar(spec, item, `${valuePath}[${i}]`) as string | number);
  } else if (op === SegmentOp.BETWEEN) {
    if (!Array.isArray(value) || value.length !== 2) bad(valuePath, "BETWEEN needs [low, high]");
    const [low, high] = value.map((item, i) => checkScalar(spec, item, `${valuePath}[${i}]`) as string | number);
    if (low > high) bad(valuePath, "BETWEEN needs low ≤ high");
    condition.value = [low, high];
  } else {
    condition.value = checkScalar(spec, value, valuePath);
  }
  return condition;
}

/**
 * Checks an untrusted rule tree (GraphQL input or stored JSON) and returns a normalized copy.
 * Errors are BAD_USER_INPUT naming the path of the bad node, e.g. `rule.all[1].condition.value`.
 */
export function parseRule(raw: unknown, path = "rule"): RuleNode {
  const budget = { nodes: 0 };
  const visit = (node: unknown, at: string, depth: number): RuleNode => {
    if (depth > MAX_RULE_DEPTH) bad(at, `rule is nested deeper than ${MAX_RULE_DEPTH} levels`);
    if (++budget.nodes > MAX_RULE_NODES) bad(at, `rule has more than ${MAX_RULE_NODES} nodes`);
    if (!isObject(node)) bad(at, "expected a rule node");
    const keys = Object.keys(node).filter((key) => node[key] !== undefined && node[key] !== null);
    if (keys.length !== 1) bad(at, "a rule node needs exactly one of all, any, not, condition");
    const [key] = keys;
    if (key === "all" || key === "any") {
      const children = node[key];
      if (!Array.isArray(children) || children.length === 0) bad(`${at}.${key}`, "expected a non-empty list of rules");
      const parsed = children.map((child, i) => visit(child, `${at}.${key}[${i}]`, depth + 1));
      return key === "all" ? { all: parsed } : { any: parsed };
    }
    if (key === "not") return { not: visit(node.not, `${at}.not`, depth + 1) };
    if (key === "condition") return { condition: checkCondition(node.condition, `${at}.condition`) };
    return bad(at, `unknown rule key ${key}`);
  };
  return visit(raw, path, 1);
}

/** Every condition of a tree with its path, in document order. */
export function conditionsOf(rule: RuleNode, path = "rule"): { path: string; condition: SegmentCondition }[] {
  if ("condition" in rule) return [{ path, condition: rule.condition }];
  if ("not" in rule) return conditionsOf(rule.not, `${path}.not`);
  const key = "all" in rule ? "all" : "any";
  const children = "all" in rule ? rule.all : rule.any;
  return children.flatMap((child, i) => conditionsOf(child, `${path}.${key}[${i}]`));
}

/** Named parameters for one compiled statement; names come from code, values from the user. */
export class SqlParams {
  readonly values: Record<string, unknown> = {};
  private next = 0;
  constructor(private readonly prefix = "seg") {}
  add(value: unknown): string {
    const name = `${this.prefix}${this.next++}`;
    this.values[name] = value;
    return `:${name}`;
  }
}

/** The customer's value of a field (CONSENT_GRANTED with its purpose as a parameter). */
export function valueSql(condition: SegmentCondition, params: SqlParams): string {
  const spec = SEGMENT_FIELDS[condition.field];
  if (condition.use === "visible" && spec.visibleSql) return spec.visibleSql;
  if (!spec.needsPurpose) return spec.sql;
  const purpose = params.add(condition.purpose);
  return spec.sql.replaceAll(":purpose", purpose);
}

const EXISTS_WHEN: Partial<Record<SegmentOp, number>> = { GTE: 1, GT: 0, NEQ: 0 };
const NONE_WHEN: Partial<Record<SegmentOp, number>> = { EQ: 0, LT: 1, LTE: 0 };

/** "At least one" / "none" of a related-row count as EXISTS (a semi-join), else null. */
function existenceSql(spec: FieldSpec, condition: SegmentCondition): string | null {
  if (!spec.rows || spec.set) return null;
  if (EXISTS_WHEN[condition.op] === condition.value) return `EXISTS (SELECT 1 FROM ${spec.rows})`;
  if (NONE_WHEN[condition.op] === condition.value) return `NOT EXISTS (SELECT 1 FROM ${spec.rows})`;
  return null;
}

/**
 * A condition as SQL. With `twoValued` (under NOT, and in explanations) unknown values (NULL)
 * count as not matching, so that NOT is a plain negation; elsewhere NULL already excludes a row
 * and leaving it bare lets PostgreSQL turn EXISTS tests into semi-joins.
 */
export function conditionSql(condition: SegmentCondition, params: SqlParams, twoValued = true): string {
  const spec = SEGMENT_FIELDS[condition.field];
  const { op } = condition;
  const list = (v: unknown) => `CAST(${params.add(v)} AS ${spec.cast}[])`;
  if (spec.set && spec.rows) {
    if (op === SegmentOp.EXISTS) return `${condition.value ? "" : "NOT "}EXISTS (SELECT 1 FROM ${spec.rows})`;
    const wanted = op === SegmentOp.IN ? condition.value : [condition.value];
    return `${op === SegmentOp.NEQ ? "NOT " : ""}EXISTS (SELECT 1 FROM ${spec.rows} AND pr.line = ANY(${list(wanted)}))`;
  }
  const existence = existenceSql(spec, condition);
  if (existence) return existence;
  const value = valueSql(condition, params);
  const param = (v: unknown) => `CAST(${params.add(v)} AS ${spec.cast})`;
  const predicate = (() => {
    switch (op) {
      case SegmentOp.EXISTS: return `(${value}) IS ${condition.value ? "NOT NULL" : "NULL"}`;
      case SegmentOp.EQ: return `(${value}) = ${param(condition.value)}`;
      case SegmentOp.NEQ: return `(${value}) <> ${param(condition.value)}`;
      case SegmentOp.IN: return `(${value}) = ANY(${list(condition.value)})`;
      case SegmentOp.GT: return `(${value}) > ${param(condition.value)}`;
      case SegmentOp.GTE: return `(${value}) >= ${param(condition.value)}`;
      case SegmentOp.LT: return `(${value}) < ${param(condition.value)}`;
      case SegmentOp.LTE: return `(${value}) <= ${param(condition.value)}`;
      case SegmentOp.BETWEEN: {
        const [low, high] = condition.value as (string | number)[];
        return `(${value}) BETWEEN ${param(low)} AND ${param(high)}`;
      }
    }
  })();
  const guarded = condition.use === "consent" ? `(${sensitiveConsentSql("c")} AND ${predicate})` : predicate;
  return twoValued && op !== SegmentOp.EXISTS ? `coalesce(${guarded}, FALSE)` : guarded;
}

/** The whole tree as one boolean SQL expression over customer alias `c`, for a WHERE clause. */
export function compileRule(rule: RuleNode, params: SqlParams, twoValued = false): string {
  if ("condition" in rule) return conditionSql(rule.condition, params, twoValued);
  if ("not" in rule) return `NOT (${compileRule(rule.not, params, true)})`;
  const children = "all" in rule ? rule.all : rule.any;
  const joiner = "all" in rule ? " AND " : " OR ";
  return `(${children.map((child) => compileRule(child, params, twoValued)).join(joiner)})`;
}
