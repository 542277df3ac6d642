import DataLoader from "dataloader";
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import type { Page, PageRequest } from "../shared/pagination";
import type { CursorCodec } from "../shared/cursor-seal";
import { groupByKey, hydrate } from "./hydrate";
import { keysetColumn } from "./keyset";

/** A child list of a parent row (e.g. a customer's interactions), newest first, keyset-paginated. */
export interface ChildListSpec<T extends ObjectLiteral> {
  target: EntityTarget<T>;
  table: string;
  parentColumn: string;
  parentProperty: keyof T & string;
  sortColumn: string;
  sortProperty: keyof T & string;
  sortCast: "timestamptz" | "date" | "text";
  direction: "ASC" | "DESC";
  /** Extra equality filters: column → value (values are parameters, columns come from code). */
  filters?: Record<string, string | number | boolean | undefined | null>;
}

function sortValue(value: unknown): string | number | null {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return null;
  return typeof value === "number" ? value : String(value);
}

/** The cursor of one row of a child list: its sort value and id, sealed for the page's viewer and list. */
export function childCursor<T extends ObjectLiteral>(spec: ChildListSpec<T>, cursors: CursorCodec, node: T): string {
  return cursors.encode({ value: sortValue(node[spec.sortProperty]), id: String(node.id) });
}

/** The name a child list's cursors are bound to: the list and its order (a cursor opens only in the list that made it). */
export function childListName<T extends ObjectLiteral>(spec: ChildListSpec<T>): string {
  return `${spec.table}.${spec.parentColumn}:${spec.sortColumn}:${spec.direction}`;
}

/** The spec's equality filters that apply (given and not null), column and value. */
export function activeFilters<T extends ObjectLiteral>(spec: ChildListSpec<T>): [string, unknown][] {
  return Object.entries(spec.filters ?? {}).filter(([, value]) => value !== undefined && value !== null);
}

/**
 * One loader per (list, filters, page) per request: all parents' pages and list sizes in one
 * statement (window functions per parent). A grouped count runs only for parents whose page came
 * back empty and whose totalCount is asked for.
 */
export function childPageLoader<T extends ObjectLiteral>(db: DataSource, spec: ChildListSpec<T>, page: PageRequest) {
  const filters = activeFilters(spec);
  const filterSql = (offset: number) => filters.map(([column], i) => ` AND t.${column} = $${offset + i}`).join("");
  const filterParams = filters.map(([, value]) => value);
  const cmp = spec.direction === "DESC" ? "<" : ">";
  const sortKey = keysetColumn(`t.${spec.sortColumn}`, spec.sortCast);

  const counts = new DataLoader<string, number>(async (parentIds) => {
    const rows: { parent: string; n: number }[] = await db.query(
      `SELECT t.${spec.parentColumn} AS parent, count(*)::int AS n FROM ${spec.table} t
       WHERE t.${spec.parentColumn} = ANY($1::uuid[])${filterSql(2)} GROUP BY 1`,
      [parentIds, ...filterParams],
    );
    const byParent = new Map(rows.map((row) => [row.parent, row.n]));
    return parentIds.map((id) => byParent.get(id) ?? 0);
  });

  const pages = new DataLoader<string, Page<T>>(async (parentIds) => {
    const params: unknown[] = [parentIds, ...filterParams];
    let cursorSql = "";
    if (page.after) {
      params.push(page.after.value, page.after.id);
      const n = params.length;
      cursorSql = ` WHERE (${sortKey}, t.id) ${cmp} ($${n - 1}::${spec.sortCast}, $${n}::uuid)`;
    }
    params.push(page.first + 1);
    // innermost: the whole list per parent, with its size (so totalCount costs no extra statement);
    // middle: the rows after the cursor, ranked; outer: one page (+1 row to know whether more follow)
    const raw: Record<string, unknown>[] = await db.query(
      `SELECT * FROM (
         SELECT t.*, row_number() OVER (PARTITION BY t.${spec.parentColumn}
                                        ORDER BY ${sortKey} ${spec.direction}, t.id ${spec.direction}) AS page_rank
         FROM (
           SELECT t.*, count(*) OVER (PARTITION BY t.${spec.parentColumn})::int AS list_total
           FROM ${spec.table} t
           WHERE t.${spec.parentColumn} = ANY($1::uuid[])${filterSql(2)}
         ) t${cursorSql}
       ) t WHERE t.page_rank <= $${params.length} ORDER BY t.${spec.parentColumn}, t.page_rank`,
      params,
    );
    const totals = new Map(raw.map((row) => [String(row[spec.parentColumn]), Number(row.list_total)]));
    const grouped = groupByKey(parentIds, hydrate(db, spec.target, raw), (row) => String(row[spec.parentProperty]));
    return grouped.map((rows, i) => {
      const parentId = parentIds[i];
      const total = totals.get(parentId);
      return {
        nodes: rows.slice(0, page.first),
        hasNextPage: rows.length > page.first,
        hasPreviousPage: page.after !== null,
        cursorOf: (node: T) => childCursor(spec, page.cursors, node),
        // an empty first page means an empty list; an empty later page needs a separate count
        count: () =>
          total !== undefined ? Promise.resolve(total) : page.after === null ? Promise.resolve(0) : counts.load(parentId),
      };
    });
  });
  return pages;
}
