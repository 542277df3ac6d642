import { GraphQLBoolean, GraphQLID, GraphQLInt, GraphQLString, isEnumType, type GraphQLLeafType } from "graphql";
import { DateTimeISOResolver, LocalDateResolver, SafeIntResolver } from "graphql-scalars";
import type { DataSource } from "typeorm";
import { moneyForm } from "../../db/getter-columns";
import { bigintToNumber } from "../../shared/transformers";
import type { ConnectionPlan, RelationPlan, RowShape, ValuePlan } from "./read-plan";
import type { ReadStatement } from "./read-sql";

/**
 * Answer text built by the statement: a node's JSON exactly as the answer writer would write the
 * object the plan builds from the row (response keys in selection order, values as their GraphQL
 * types serialize them, no spaces), so the API passes it through instead of parsing the row,
 * building the answer object and stringifying it again.
 *
 * Only plans whose every value SQL can write exactly are built this way: columns of the scalar
 * types below, enums, Money getters declared with `@ReadsMoney`, declared relations whose
 * connections ask only for edges, nodes and counts, and personal values read in full at the top
 * row (the access audit needs which were released: `released` gives, per personal value, whether
 * the row has one). Anything else — a reduced or nested personal value, a derived or computed
 * value, a cursor, page info — leaves the plan to the JSON path (TextNotPossible).
 *
 * A value the executor would not answer as a plain value (a null in a non-null field, an enum value
 * outside the enum, an integer outside its type's range) writes FAULT (U+0001) into the text
 * instead; JSON escapes every control character, so a text holding it is never a valid answer and
 * the operation goes to the executor, which answers with its own error.
 */
export const FAULT = "\u0001";
const FAULT_SQL = "chr(1)";

/** The plan cannot be written by SQL exactly: its answer is built from the JSON rows. */
export class TextNotPossible extends Error {}

/** A JSON string's text as an SQL literal (keys and type names are GraphQL names; quoted all the same). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const keyText = (key: string, first: boolean) => literal(`${first ? "" : ","}${JSON.stringify(key)}:`);
/** SQL: a JSON object's text from its members' (each `key || value`, the first without a comma). */
const objectText = (members: string[]) => (members.length ? `'{' || ${members.join(" || ")} || '}'` : `'{}'`);

const INT32 = [-2147483648, 2147483647] as const;
const SAFE = [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] as const;
const STRING_COLUMNS = new Set(["character varying", "varchar", "text", "character", "char", "uuid", "citext"]);
const INTEGER_COLUMNS = new Set(["integer", "int", "int4", "smallint", "int2"]);
const BIGINT_COLUMNS = new Set(["bigint", "int8"]);
const TIMESTAMP_COLUMNS = new Set(["timestamp with time zone", "timestamptz"]);

/** Instants whose ISO strings both sides write alike (a four-digit year, no sign). */
const inIsoYears = (value: string) => `${value} >= '0001-01-01T00:00:00Z'::timestamptz AND ${value} < '10000-01-01T00:00:00Z'::timestamptz`;

/**
 * The JSON text of a non-null value of `column` as `type` serializes it, or NULL / FAULT where the
 * type would refuse it; null when SQL cannot write that type from that column.
 */
function scalarText(type: GraphQLLeafType, columnType: string, value: string): string | null {
  if (isEnumType(type)) {
    const values = type.getValues();
    if (!values.every((v) => typeof v.value === "string")) return null;
    return `CASE ${value} ${values.map((v) => `WHEN ${literal(v.value)} THEN ${literal(JSON.stringify(v.name))}`).join(" ")} ELSE ${FAULT_SQL} END`;
  }
  const range = (bounds: readonly [number, number]) => `CASE WHEN ${value} BETWEEN ${bounds[0]} AND ${bounds[1]} THEN CAST(${value} AS text) ELSE ${FAULT_SQL} END`;
  // by name: the served schema is a mapped copy (shield, middleware), its scalars copies of these
  switch (type.name) {
    case GraphQLString.name:
      return STRING_COLUMNS.has(columnType) ? `CAST(to_json(${value}) AS text)` : null;
    case GraphQLID.name:
      if (STRING_COLUMNS.has(columnType)) return `CAST(to_json(${value}) AS text)`;
      return INTEGER_COLUMNS.has(columnType) || BIGINT_COLUMNS.has(columnType) ? `'"' || CAST(${value} AS text) || '"'` : null;
    case GraphQLInt.name:
      if (INTEGER_COLUMNS.has(columnType)) return `CAST(${value} AS text)`;
      return BIGINT_COLUMNS.has(columnType) ? range(INT32) : null;
    case SafeIntResolver.name:
      if (INTEGER_COLUMNS.has(columnType)) return `CAST(${value} AS text)`;
      return BIGINT_COLUMNS.has(columnType) ? range(SAFE) : null;
    case GraphQLBoolean.name:
      return columnType === "boolean" ? `CASE WHEN ${value} THEN 'true' ELSE 'false' END` : null;
    case DateTimeISOResolver.name:
      if (!TIMESTAMP_COLUMNS.has(columnType)) return null;
      return `CASE WHEN ${inIsoYears(value)} THEN '"' || to_char(${value} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"' ELSE ${FAULT_SQL} END`;
    case LocalDateResolver.name:
      if (columnType !== "date") return null;
      return `CASE WHEN ${value} BETWEEN '0001-01-01'::date AND '9999-12-31'::date THEN '"' || to_char(${value}, 'YYYY-MM-DD') || '"' ELSE ${FAULT_SQL} END`;
    default:
      return null;
  }
}

/** A value's text with its null: `null` where the field may hold one, FAULT where it may not. */
function nullable(value: string, text: string, nonNull: boolean): string {
  return `CASE WHEN ${value} IS NULL THEN ${nonNull ? FAULT_SQL : "'null'"} ELSE coalesce(${text}, ${FAULT_SQL}) END`;
}

/** A personal value at the top row: the audit records it when the row has one. */
export interface ReleasedValue {
  path: string;
  /** SQL: whether the row has the value. */
  present: string;
}

/** Builds the answer text of plans over rows of one statement (see the module comment). */
export class AnswerText {
  /** The personal values the top row's text holds, in order (see `released`). */
  readonly released: ReleasedValue[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly statement: ReadStatement,
  ) {}

  /** SQL: one character per released value, 1 where the row has it (the audit's record), 0 where not. */
  releasedFlags(): string {
    if (!this.released.length) return "''";
    return this.released.map((value) => `CASE WHEN ${value.present} THEN '1' ELSE '0' END`).join(" || ");
  }

  /** The text of one object of `plans` over the row on `alias`; `top`: personal values may be released (and recorded). */
  object(plans: ValuePlan[], shape: RowShape, alias: string, top: boolean): string {
    return objectText(plans.map((plan, i) => `${keyText(plan.key, i === 0)} || ${this.value(plan, shape, alias, top)}`));
  }

  private value(plan: ValuePlan, shape: RowShape, alias: string, top: boolean): string {
    switch (plan.kind) {
      case "typename":
        return literal(JSON.stringify(plan.value));
      case "leaf": {
        if (plan.list) throw new TextNotPossible();
        if (plan.personal && (plan.personal.reduce || !top)) throw new TextNotPossible();
        const column = this.column(shape.entity, plan.property);
        const value = `${alias}."${column.name}"`;
        const text = scalarText(plan.type, column.type, value);
        if (text === null) throw new TextNotPossible();
        if (plan.personal) this.released.push({ path: plan.personal.path, present: `${value} IS NOT NULL` });
        return nullable(value, text, plan.nonNull);
      }
      case "object": {
        const form = plan.list || plan.typeName ? undefined : moneyForm(shape.entity, plan.property);
        if (!form) throw new TextNotPossible();
        const columns = { amount: this.column(shape.entity, form.amount), currency: this.column(shape.entity, form.currency) };
        const object = objectText(
          plan.fields.map((field, i) => {
            if (field.kind === "typename") return `${keyText(field.key, i === 0)} || ${literal(JSON.stringify(field.value))}`;
            if (field.kind !== "leaf" || (field.property !== "amount" && field.property !== "currency")) throw new TextNotPossible();
            const column = columns[field.property];
            const value = `${alias}."${column.name}"`;
            const text = scalarText(field.type, column.type, value);
            if (text === null) throw new TextNotPossible();
            return `${keyText(field.key, i === 0)} || ${nullable(value, text, field.nonNull)}`;
          }),
        );
        // money(): always an object; optionalMoney(): null when the amount is
        const amount = `${alias}."${columns.amount.name}"`;
        return form.optional ? `CASE WHEN ${amount} IS NULL THEN ${plan.nonNull ? FAULT_SQL : "'null'"} ELSE ${object} END` : object;
      }
      case "relation":
        return this.relation(plan.relation, shape, alias);
      case "derived":
        throw new TextNotPossible();
    }
  }

  private relation(plan: RelationPlan, parentShape: RowShape, parent: string): string {
    if (plan.shape.prefetches.length) throw new TextNotPossible();
    const rows = this.statement.relationRows(plan, parent, parentShape.entity);
    const { alias } = rows;
    if (rows.kind === "one") {
      const object = this.object(plan.items ?? [], plan.shape, alias, false);
      // no row: null (a FAULT where the field may not be null); a row: its object
      const none = plan.nonNull ? FAULT_SQL : "'null'";
      return `coalesce((SELECT ${object} FROM ${rows.from} WHERE ${rows.where} ORDER BY ${rows.order} LIMIT 1), ${none})`;
    }
    if (rows.kind === "list") {
      const object = this.object(plan.items ?? [], plan.shape, alias, false);
      return `(SELECT '[' || coalesce(string_agg(${object}, ',' ORDER BY ${rows.aggregateOrder}), '') || ']' FROM ${rows.rows})`;
    }
    const connection = plan.connection as ConnectionPlan;
    const fields = connection.fields.map((field, i) => {
      const key = keyText(field.key, i === 0);
      if (field.kind === "typename") return `${key} || ${literal(JSON.stringify(field.value))}`;
      if (field.kind === "totalCount" && rows.total) return `${key} || CAST(${rows.total} AS text)`;
      if (field.kind !== "edges") throw new TextNotPossible(); // page info, cursors, count(limit:): the JSON path
      const edge = objectText(
        field.fields.map((edgeField, j) => {
          const edgeKey = keyText(edgeField.key, j === 0);
          if (edgeField.kind === "typename") return `${edgeKey} || ${literal(JSON.stringify(edgeField.value))}`;
          if (edgeField.kind !== "node") throw new TextNotPossible();
          return `${edgeKey} || ${this.object(edgeField.fields, plan.shape, alias, false)}`;
        }),
      );
      return `${key} || '[' || coalesce(string_agg(${edge}, ',' ORDER BY ${rows.order}), '') || ']'`;
    });
    return `(SELECT ${objectText(fields)} FROM ${rows.rows(rows.page.first)})`;
  }

  /** A column SQL reads as stored (a sealed one is decrypted in JavaScript: not this path's). */
  private column(entity: Function, property: string): { name: string; type: string } {
    const column = this.db.getMetadata(entity).findColumnWithPropertyName(property);
    if (!column || (column.transformer && column.transformer !== bigintToNumber)) throw new TextNotPossible();
    return { name: column.databaseName, type: String(this.db.driver.normalizeType(column)) };
  }
}
