import DataLoader from "dataloader";
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { encodeCursor, type Page, type PageRequest } from "../shared/pagination";
import { groupByKey, hydrate } from "./hydrate";

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

/**
 * One loader per (list, filters, page) per request: all parents' pages in one statement
 * (row_number per parent), and all their totals in one grouped count when asked for.
 */
export function childPageLoader<T extends ObjectLiteral>(db: DataSource, spec: ChildListSpec<T>, page: PageRequest) {
  const filters = Object.entries(spec.filters ?? {}).filter(([, value]) => value !== undefined && value !== null);
  const filterSql = (offset: number) => filters.map(([column], i) => ` AND t.${column} = $${offset + i}`).join("");
  const filterParams = filters.map(([, value]) => value);
  const cmp = spec.direction === "DESC" ? "<" : ">";

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
      cursorSql = ` AND (t.${spec.sortColumn}, t.id) ${cmp} ($${n - 1}::${spec.sortCast}, $${n}::uuid)`;
    }
    params.push(page.first + 1);
    const raw: Record<string, unknown>[] = await db.query(
      `SELECT * FROM (
         SELECT t.*, row_number() OVER (PARTITION BY t.${spec.parentColumn}
                                        ORDER BY t.${spec.sortColumn} ${spec.direction}, t.id ${spec.direction}) AS page_rank
         FROM ${spec.table} t
         WHERE t.${spec.parentColumn} = ANY($1::uuid[])${filterSql(2)}${cursorSql}
       ) t WHERE t.page_rank <= $${params.length} ORDER BY t.${spec.parentColumn}, t.page_rank`,
      params,
    );
    const grouped = groupByKey(parentIds, hydrate(db, spec.target, raw), (row) => String(row[spec.parentProperty]));
    return grouped.map((rows, i) => ({
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (node: T) => encodeCursor({ value: sortValue(node[spec.sortProperty]), id: String(node.id) }),
      count: () => counts.load(parentIds[i]),
    }));
  });
  return pages;
}
