import DataLoader from "dataloader";
import type { DataSource, EntityMetadata, ObjectLiteral } from "typeorm";
import type { CursorCodec } from "../shared/cursor-seal";
import type { Page, PageRequest } from "../shared/pagination";
import { groupByKey, hydrate } from "./hydrate";
import { keysetAfter, keysetOrder, type Keyset } from "./keyset";

type Key<T> = keyof T & string;
export type Direction = "ASC" | "DESC";
export type FilterValue = string | number | boolean | null | undefined;

/** A row-scope clause on a table alias with named parameters (auth/row-scope gives it for one viewer). */
export interface ScopeClause {
  sql: string;
  params: Record<string, unknown>;
}

/** The viewer's row scope on a customer alias, for one request. */
export type ScopeOn = (customerAlias: string) => ScopeClause;

/** How the GraphQL field of a relation looks (its type-graphql return type, arguments, description). */
export interface RelationFace {
  type: () => unknown;
  nullable?: boolean;
  description: string;
  /** The @ArgsType class of the field's arguments (page relations: at least first/after). */
  args?: () => Function;
}

interface RelationBase<P, C> {
  /** The GraphQL object type the field is on (an entity, or a plain type whose rows are entity rows). */
  on: () => Function;
  /** The field's name on that type: `<type>.<field>` names the relation everywhere. */
  field: string;
  /** The entity whose rows the relation returns. */
  child: () => new () => C;
  /** The GraphQL type of the child rows when it is not the entity itself (e.g. HouseholdMember over Relationship). */
  childType?: () => Function;
  /** Child rows are those whose `to` property equals the parent's `from` property. */
  from: Key<P>;
  to: Key<C>;
  /**
   * The child property that holds a customer id which must lie in the viewer's row scope; a child
   * row out of scope is left out (a to-one answers null), exactly as a missing row.
   */
  scopedBy?: Key<C>;
  face: RelationFace;
}

/** A keyset-paginated child list (a Relay connection). */
export interface PageRelation<P, C, A = any> extends RelationBase<P, C> {
  kind: "page";
  sort: Key<C>;
  direction: Direction;
  /** Equality filters from the field's arguments: child property → value (undefined or null: not filtered). */
  filters?: (args: A) => Partial<Record<Key<C>, FilterValue>>;
}

/** All child rows in a fixed order (a plain list); `latestPer`: only the first row per group in that order. */
export interface ListRelation<P, C> extends RelationBase<P, C> {
  kind: "list";
  order: [Key<C>, Direction][];
  /** Keep the first row (by `order`) of each group of these properties; the list is then ordered by the group. */
  latestPer?: Key<C>[];
}

/** At most one child row: the first in `order` when several match (e.g. the newest assessment). */
export interface OneRelation<P, C> extends RelationBase<P, C> {
  kind: "one";
  order?: [Key<C>, Direction][];
}

export type Relation<P = any, C = any> = PageRelation<P, C> | ListRelation<P, C> | OneRelation<P, C>;

/** Declares a relation (typed against its parent and child). */
export function relation<P, C, A = any>(declaration: PageRelation<P, C, A>): PageRelation<P, C, A>;
export function relation<P, C>(declaration: ListRelation<P, C>): ListRelation<P, C>;
export function relation<P, C>(declaration: OneRelation<P, C>): OneRelation<P, C>;
export function relation(declaration: Relation): Relation {
  return declaration;
}

export function relationName(relation: Relation): string {
  return `${relation.on().name}.${relation.field}`;
}

/** A relation with its table and column names read from the entity metadata. */
export interface RelationColumns {
  relation: Relation;
  metadata: EntityMetadata;
  table: string;
  /** The child column matched against the parent's `from` value. */
  toColumn: string;
  scopedByColumn: string | null;
  /** Plain lists and to-ones: the order (column, direction); latestPer: the group columns. */
  order: [string, Direction][];
  groups: string[];
  /** Pages only: the keyset. */
  keyset: Keyset | null;
}

const resolved = new WeakMap<Relation, RelationColumns>();

function castOf(metadata: EntityMetadata, property: string, db: DataSource): string {
  const column = metadata.findColumnWithPropertyName(property);
  const type = column ? String(db.driver.normalizeType(column)) : "";
  if (type.startsWith("timestamp")) return "timestamptz";
  if (type === "date") return "date";
  if (type === "uuid") return "uuid";
  return "text";
}

/** The relation's columns (cached per relation: metadata is fixed once the data source is built). */
export function relationColumns(db: DataSource, relation: Relation): RelationColumns {
  let columns = resolved.get(relation);
  if (columns) return columns;
  const metadata = db.getMetadata(relation.child());
  const columnOf = (property: string) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name}.${property} is not a column (relation ${relationName(relation)})`);
    return column.databaseName;
  };
  const order = relation.kind === "page" ? [] : (relation.order ?? []).map(([property, direction]) => [columnOf(property), direction] as [string, Direction]);
  columns = {
    relation,
    metadata,
    table: metadata.tableName,
    toColumn: columnOf(relation.to),
    scopedByColumn: relation.scopedBy ? columnOf(relation.scopedBy) : null,
    order,
    groups: relation.kind === "list" ? (relation.latestPer ?? []).map(columnOf) : [],
    keyset: relation.kind === "page" ? { sortColumn: columnOf(relation.sort), sortCast: castOf(metadata, relation.sort, db), direction: relation.direction } : null,
  };
  resolved.set(relation, columns);
  return columns;
}

/** The page relation's equality filters that apply (given and not null), as column and value. */
export function activeFilters(columns: RelationColumns, args: Record<string, unknown>): [string, unknown][] {
  const relation = columns.relation;
  if (relation.kind !== "page" || !relation.filters) return [];
  return Object.entries(relation.filters(args) as Record<string, unknown>)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([property, value]) => {
      const column = columns.metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${columns.metadata.name}.${property} is not a column`);
      return [column.databaseName, value];
    });
}

/** The name a page relation's cursors are bound to: the list and its order (a cursor opens only in the list that made it). */
export function relationListName(columns: RelationColumns): string {
  const keyset = columns.keyset;
  return `${columns.table}.${columns.toColumn}:${keyset?.sortColumn}:${keyset?.direction}`;
}

/** A sort value as a cursor carries it (timestamps as ISO strings, at the millisecond a Date keeps). */
export function cursorValue(value: unknown): string | number | null {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return null;
  return typeof value === "number" ? value : String(value);
}

/** The cursor of one row of a page relation: its sort value and id, sealed for the viewer and the list. */
export function relationCursor(columns: RelationColumns, cursors: CursorCodec, node: ObjectLiteral): string {
  const relation = columns.relation as PageRelation<unknown, ObjectLiteral>;
  return cursors.encode({ value: cursorValue(node[relation.sort]), id: String(node.id) });
}

/**
 * The SQL pieces every read of a relation shares (loaders and compiled reads): the child table on
 * an alias, joined to the scope's customer when the relation is scoped, and the match on the
 * parent's value (an expression of the caller).
 */
export function relationSource(columns: RelationColumns, alias: string, scopeOn: ScopeOn | null): { from: string; scope: ScopeClause | null } {
  if (!columns.scopedByColumn) return { from: `"${columns.table}" ${alias}`, scope: null };
  if (!scopeOn) throw new Error(`relation ${relationName(columns.relation)} is scoped: a viewer's scope is needed`);
  return scopedFrom(columns.table, columns.scopedByColumn, alias, scopeOn);
}

/** A table on an alias, joined to the customer named by one of its columns, that customer in the viewer's row scope. */
function scopedFrom(table: string, scopedByColumn: string, alias: string, scopeOn: ScopeOn): { from: string; scope: ScopeClause } {
  const customer = `${alias}_scope`;
  const scope = scopeOn(customer);
  return {
    from: `"${table}" ${alias} JOIN customer ${customer} ON ${customer}.id = ${alias}."${scopedByColumn}" AND ${scope.sql}`,
    scope,
  };
}

/**
 * A look-up of rows by id under row scope, declared once per entity (`<domain>.relations.ts`): the
 * entity and its property naming the customer whose scope covers a row (`id` for Customer itself).
 * The request's loader (`ctx.loaders.byId`) and the compiled roots (`customer(id)`, `node(id)`) read it.
 */
export interface ScopedLookup<T = unknown> {
  entity: () => Function;
  scopedBy: string;
  /** Phantom: the row type the loader answers. */
  readonly row?: T;
}

export function lookup<T>(entity: () => Function, scopedBy: string): ScopedLookup<T> {
  return { entity, scopedBy };
}

/** An entity's table on an alias, its rows limited to those whose customer (the look-up's `scopedBy`) the viewer may see. */
export function scopedEntitySource(db: DataSource, found: ScopedLookup, alias: string, scopeOn: ScopeOn): { from: string; scope: ScopeClause } {
  const metadata = db.getMetadata(found.entity());
  const column = metadata.findColumnWithPropertyName(found.scopedBy);
  if (!column) throw new Error(`${metadata.name}.${found.scopedBy} is not a column`);
  return scopedFrom(metadata.tableName, column.databaseName, alias, scopeOn);
}

/** Rows by id as entities (through the repository: columns come out as the entity holds them), out of scope → null like missing. */
export function scopedLookupLoader<T>(db: DataSource, found: ScopedLookup<T>, scopeOn: ScopeOn): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const metadata = db.getMetadata(found.entity());
    const column = metadata.findColumnWithPropertyName(found.scopedBy)!;
    const scope = scopeOn("s");
    const rows = (await db
      .getRepository(metadata.target)
      .createQueryBuilder("t")
      .innerJoin("customer", "s", `s.id = t."${column.databaseName}"`)
      .where("t.id IN (:...ids)", { ids })
      .andWhere(scope.sql, scope.params)
      .getMany()) as (T & { id: string })[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

function namedQuery(db: DataSource, sql: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const [text, values] = db.driver.escapeQueryWithParameters(sql, params, {});
  return db.query(text, values);
}

/** `ORDER BY` of a plain list or to-one on an alias (groups first for latestPer), ending in id for a total order. */
export function plainOrder(columns: RelationColumns, alias: string): string {
  const terms = [...columns.groups.map((group) => `${alias}."${group}"`), ...columns.order.map(([column, direction]) => `${alias}."${column}" ${direction}`)];
  if (!columns.order.some(([column]) => column === "id")) terms.push(`${alias}."id"`);
  return terms.join(", ");
}

/** Batch function of a plain list or to-one: the child rows of every parent value in one statement. */
function keyedRows(db: DataSource, columns: RelationColumns, scopeOn: ScopeOn | null) {
  const { from, scope } = relationSource(columns, "t", scopeOn);
  const distinct =
    columns.relation.kind === "one" ? `DISTINCT ON (t."${columns.toColumn}") ` : columns.groups.length ? `DISTINCT ON (t."${columns.toColumn}", ${columns.groups.map((g) => `t."${g}"`).join(", ")}) ` : "";
  const sql = `SELECT ${distinct}t.* FROM ${from} WHERE t."${columns.toColumn}" = ANY(:r_keys) ORDER BY t."${columns.toColumn}", ${plainOrder(columns, "t")}`;
  return async (keys: readonly string[]) => {
    const rows = hydrate(db, columns.metadata.target as Function, await namedQuery(db, sql, { ...scope?.params, r_keys: keys }));
    const property = columns.relation.to;
    return groupByKey(keys, rows as ObjectLiteral[], (row) => String(row[property]));
  };
}

/** The loader of a plain list (rows per parent value) or a to-one (the row or null). */
export function keyedRelationLoader(db: DataSource, columns: RelationColumns, scopeOn: ScopeOn | null): DataLoader<string, unknown> {
  const rows = keyedRows(db, columns, scopeOn);
  if (columns.relation.kind === "one") return new DataLoader<string, unknown>(async (keys) => (await rows(keys)).map((group) => group[0] ?? null));
  return new DataLoader<string, unknown>(rows);
}

/**
 * One loader per (page relation, filters, page) per request: all parents' pages and list sizes in
 * one statement (window functions per parent). A grouped count runs only for parents whose page
 * came back empty and whose totalCount is asked for.
 */
export function pageRelationLoader(db: DataSource, columns: RelationColumns, args: Record<string, unknown>, page: PageRequest, scopeOn: ScopeOn | null) {
  const keyset = columns.keyset as Keyset;
  const to = columns.toColumn;
  const filters = activeFilters(columns, args);
  const filterParams = Object.fromEntries(filters.map(([, value], i) => [`r_f${i}`, value]));
  const { from, scope } = relationSource(columns, "t", scopeOn);
  const where = `t."${to}" = ANY(:r_keys)${filters.map(([column], i) => ` AND t."${column}" = :r_f${i}`).join("")}`;
  const params = { ...scope?.params, ...filterParams };

  const counts = new DataLoader<string, number>(async (parentIds) => {
    const rows = await namedQuery(db, `SELECT t."${to}" AS parent, count(*)::int AS n FROM ${from} WHERE ${where} GROUP BY 1`, { ...params, r_keys: parentIds });
    const byParent = new Map(rows.map((row) => [String(row.parent), Number(row.n)]));
    return parentIds.map((id) => byParent.get(id) ?? 0);
  });

  return new DataLoader<string, Page<ObjectLiteral>>(async (parentIds) => {
    const after = page.after ? ` WHERE ${keysetAfter("t", keyset, ":r_after_value", ":r_after_id")}` : "";
    // innermost: the whole list per parent, with its size (so totalCount costs no extra statement);
    // middle: the rows after the cursor, ranked; outer: one page (+1 row to know whether more follow)
    const raw = await namedQuery(
      db,
      `SELECT * FROM (
         SELECT t.*, row_number() OVER (PARTITION BY t."${to}" ORDER BY ${keysetOrder("t", keyset)}) AS page_rank
         FROM (SELECT t.*, count(*) OVER (PARTITION BY t."${to}")::int AS list_total FROM ${from} WHERE ${where}) t${after}
       ) t WHERE t.page_rank <= :r_limit ORDER BY t."${to}", t.page_rank`,
      { ...params, r_keys: parentIds, r_after_value: page.after?.value, r_after_id: page.after?.id, r_limit: page.first + 1 },
    );
    const totals = new Map(raw.map((row) => [String(row[to]), Number(row.list_total)]));
    const property = columns.relation.to;
    const grouped = groupByKey(parentIds, hydrate(db, columns.metadata.target as Function, raw) as ObjectLiteral[], (row) => String(row[property]));
    return grouped.map((rows, i) => {
      const parentId = parentIds[i];
      const total = totals.get(parentId);
      return {
        nodes: rows.slice(0, page.first),
        hasNextPage: rows.length > page.first,
        hasPreviousPage: page.after !== null,
        cursorOf: (node: ObjectLiteral) => relationCursor(columns, page.cursors, node),
        // an empty first page means an empty list; an empty later page needs a separate count
        count: () => (total !== undefined ? Promise.resolve(total) : page.after === null ? Promise.resolve(0) : counts.load(parentId)),
      };
    });
  });
}
