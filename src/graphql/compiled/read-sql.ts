import { getArgumentValues } from "graphql";
import type { DataSource, ObjectLiteral } from "typeorm";
import { activeFilters, childListName, type ChildListSpec } from "../../db/batched-pages";
import { keysetColumn } from "../../db/keyset";
import type { RequestCursors } from "../../shared/cursor-seal";
import { pageRequest, type PageRequest } from "../../shared/pagination";
import type { RelationPlan, RowShape } from "./read-plan";

/** json_build_object takes at most 100 arguments (50 pairs). */
const MAX_PAIRS = 50;

/** The page arguments of one child list in this request, for cursors and hasNextPage. */
export interface ChildPage {
  spec: ChildListSpec<ObjectLiteral>;
  page: PageRequest;
}

/**
 * Builds the SQL of one request's compiled read: each entity row as a JSON object keyed by
 * property, its relations nested as JSON in the same statement. Identifiers come from code and
 * entity metadata; every value from the request travels as a named parameter.
 */
export class ReadStatement {
  readonly params: Record<string, unknown> = {};
  readonly pages = new Map<string, ChildPage>();
  private depth = 0;

  constructor(
    private readonly db: DataSource,
    private readonly variables: Record<string, unknown>,
    private readonly cursors: RequestCursors,
  ) {}

  private param(name: string, value: unknown): string {
    this.params[name] = value;
    return `:${name}`;
  }

  rowJson(shape: RowShape, alias: string): string {
    const pairs = [...shape.properties].map((property) => `'${property}', ${alias}."${this.columnName(shape.entity, property)}"`);
    for (const relation of shape.relations) pairs.push(`'${relation.alias}', ${this.relationSql(relation, alias)}`);
    if (pairs.length > MAX_PAIRS) throw new Error("too many fields for one JSON object");
    return `json_build_object(${pairs.join(", ")})`;
  }

  private relationSql(plan: RelationPlan, parent: string): string {
    const alias = `t${++this.depth}`;
    const relation = plan.relation;
    if (relation.kind === "list") {
      const orderBy = relation.order.map(([property, direction]) => `${alias}."${this.columnName(relation.entity, property)}" ${direction}`).join(", ");
      return `(SELECT coalesce(json_agg(${this.rowJson(plan.shape, alias)} ORDER BY ${orderBy}), '[]') FROM "${relation.table}" ${alias}
        WHERE ${alias}."${relation.column}" = ${parent}."id")`;
    }
    const args = getArgumentValues(plan.field, plan.nodes[0], this.variables);
    const spec = relation.spec(args);
    const page = pageRequest(args, this.cursors.list(childListName(spec)));
    this.pages.set(plan.alias, { spec, page });
    const filters = activeFilters(spec)
      .map(([column, value], i) => ` AND ${alias}."${column}" = ${this.param(`${plan.alias}_f${i}`, value)}`)
      .join("");
    const sortKey = keysetColumn(`${alias}."${spec.sortColumn}"`, spec.sortCast);
    const order = `${sortKey} ${spec.direction}, ${alias}."id" ${spec.direction}`;
    const cursor = page.after
      ? ` AND (${sortKey}, ${alias}."id") ${spec.direction === "DESC" ? "<" : ">"} (CAST(${this.param(`${plan.alias}_av`, page.after.value)} AS ${spec.sortCast}), CAST(${this.param(`${plan.alias}_ai`, page.after.id)} AS uuid))`
      : "";
    const where = `${alias}."${spec.parentColumn}" = ${parent}."id"${filters}`;
    const total = plan.connection?.counted
      ? `, 'total', (SELECT CAST(count(*) AS int) FROM "${spec.table}" ${alias} WHERE ${where})`
      : "";
    return `(SELECT json_build_object('rows', coalesce(json_agg(${this.rowJson(plan.shape, alias)} ORDER BY ${order}), '[]')${total})
      FROM (SELECT * FROM "${spec.table}" ${alias} WHERE ${where}${cursor} ORDER BY ${order}
            LIMIT ${this.param(`${plan.alias}_n`, page.first + 1)}) ${alias})`;
  }

  private columnName(entity: Function, property: string): string {
    const column = this.db.getMetadata(entity).findColumnWithPropertyName(property);
    if (!column) throw new Error(`${entity.name}.${property} is not a column`);
    return column.databaseName;
  }
}
