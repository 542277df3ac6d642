import { getArgumentValues } from "graphql";
import type { DataSource } from "typeorm";
import { keysetAfter, keysetOrder, type Keyset } from "../../db/keyset";
import { activeFilters, plainOrder, relationColumns, relationListName, relationSource, type RelationColumns, type ScopeOn } from "../../db/relations";
import type { RequestCursors } from "../../shared/cursor-seal";
import { pageRequest, type PageRequest } from "../../shared/pagination";
import type { RelationPlan, RowShape } from "./read-plan";

/** json_build_object takes at most 100 arguments (50 pairs). */
const MAX_PAIRS = 50;

/** The page arguments of one child list in this request, for cursors and hasNextPage. */
export interface ChildPage {
  columns: RelationColumns;
  page: PageRequest;
}

/** One relation's rows under a parent row (see ReadStatement.relationRows). */
export type RelationRows =
  | { kind: "one"; alias: string; from: string; where: string; order: string }
  /** `rows`: the FROM item of its rows (after DISTINCT ON for a grouped list); `aggregateOrder`: the order to aggregate them in. */
  | { kind: "list"; alias: string; from: string; where: string; rows: string; aggregateOrder: string }
  /** `rows(limit)`: the FROM item of one page of rows; `total`: the count's subquery when asked. */
  | { kind: "page"; alias: string; from: string; where: string; order: string; page: PageRequest; total: string | null; rows: (limit: number) => string };

/**
 * Builds the SQL of one request's compiled read: each entity row as a JSON object keyed by
 * property, its relations nested as JSON in the same statement, each read as its declaration says
 * (db/relations.ts: the same table, match, order, keyset, filters and row scope as its loader).
 * Identifiers come from code and entity metadata; every value from the request travels as a
 * named parameter.
 */
export class ReadStatement {
  readonly params: Record<string, unknown> = {};
  readonly pages = new Map<string, ChildPage>();
  private depth = 0;

  constructor(
    private readonly db: DataSource,
    readonly variables: Record<string, unknown>,
    private readonly cursors: RequestCursors,
    private readonly scopeOn: ScopeOn,
  ) {}

  param(name: string, value: unknown): string {
    this.params[name] = value;
    return `:${name}`;
  }

  rowJson(shape: RowShape, alias: string): string {
    const pairs = [...shape.properties].map((property) => `'${property}', ${alias}."${this.columnName(shape.entity, property)}"`);
    for (const relation of shape.relations) pairs.push(`'${relation.alias}', ${this.relationSql(relation, alias, shape.entity)}`);
    for (const { alias: key, derived, fields } of shape.prefetches) pairs.push(`'${key}', ${derived.prefetch!.sql(alias, (name, value) => this.param(name, value), fields.names)}`);
    if (pairs.length > MAX_PAIRS) throw new Error("too many fields for one JSON object");
    return `json_build_object(${pairs.join(", ")})`;
  }

  private relationSql(plan: RelationPlan, parent: string, parentEntity: Function): string {
    const source = this.relationRows(plan, parent, parentEntity);
    const { alias, from, where } = source;
    const row = this.rowJson(plan.shape, alias);
    if (source.kind === "one") return `(SELECT ${row} FROM ${from} WHERE ${where} ORDER BY ${source.order} LIMIT 1)`;
    if (source.kind === "list") return `(SELECT coalesce(json_agg(${row} ORDER BY ${source.aggregateOrder}), '[]') FROM ${source.rows})`;
    const total = source.total ? `, 'total', ${source.total}` : "";
    return `(SELECT json_build_object('rows', coalesce(json_agg(${row} ORDER BY ${source.order}), '[]')${total})
      FROM ${source.rows(source.page.first + 1)})`;
  }

  /**
   * Where one relation's rows come from, as its declaration says (db/relations.ts: the same table,
   * match, order, keyset, filters and row scope as its loader): the JSON rows above and the answer
   * text (read-text.ts) are both built over it.
   */
  relationRows(plan: RelationPlan, parent: string, parentEntity: Function): RelationRows {
    const alias = `t${++this.depth}`;
    const columns = relationColumns(this.db, plan.relation);
    const { from, scope } = relationSource(columns, alias, this.scopeOn);
    if (scope) Object.assign(this.params, scope.params);
    const match = `${alias}."${columns.toColumn}" = ${parent}."${this.columnName(parentEntity, plan.relation.from)}"`;
    if (columns.relation.kind === "one") return { kind: "one", alias, from, where: match, order: plainOrder(columns, alias) };
    if (columns.relation.kind === "list") {
      if (!columns.groups.length) return { kind: "list", alias, from, where: match, rows: `${from} WHERE ${match}`, aggregateOrder: plainOrder(columns, alias) };
      const groups = columns.groups.map((group) => `${alias}."${group}"`).join(", ");
      return {
        kind: "list",
        alias,
        from,
        where: match,
        rows: `(SELECT DISTINCT ON (${groups}) ${alias}.* FROM ${from} WHERE ${match} ORDER BY ${plainOrder(columns, alias)}) ${alias}`,
        aggregateOrder: groups,
      };
    }
    const args = getArgumentValues(plan.field, plan.nodes[0], this.variables);
    const page = pageRequest(args, this.cursors.list(relationListName(columns)));
    this.pages.set(plan.alias, { columns, page });
    const filters = activeFilters(columns, args)
      .map(([column, value], i) => ` AND ${alias}."${column}" = ${this.param(`${plan.alias}_f${i}`, value)}`)
      .join("");
    const keyset = columns.keyset as Keyset;
    const order = keysetOrder(alias, keyset);
    const after = page.after
      ? ` AND ${keysetAfter(alias, keyset, this.param(`${plan.alias}_av`, page.after.value), this.param(`${plan.alias}_ai`, page.after.id))}`
      : "";
    const where = `${match}${filters}`;
    return {
      kind: "page",
      alias,
      from,
      where,
      order,
      page,
      total: plan.connection?.counted ? `(SELECT CAST(count(*) AS int) FROM ${from} WHERE ${where})` : null,
      rows: (limit) => `(SELECT ${alias}.* FROM ${from} WHERE ${where}${after} ORDER BY ${order}
            LIMIT ${this.param(`${plan.alias}_n`, limit)}) ${alias}`,
    };
  }

  columnName(entity: Function, property: string): string {
    const column = this.db.getMetadata(entity).findColumnWithPropertyName(property);
    if (!column) throw new Error(`${entity.name}.${property} is not a column`);
    return column.databaseName;
  }
}
