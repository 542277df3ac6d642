import type { ObjectLiteral } from "typeorm";
import type { RequestContext } from "../auth/request-context";
import { customerScope } from "../auth/row-scope";
import { pageRequest, toConnection, type PageArgs } from "../shared/pagination";
import { hydrate } from "../db/hydrate";
import { keysetAfter, keysetOrder, type Keyset } from "../db/keyset";
import { cursorValue } from "../db/relations";
import { countLimit } from "../db/bounded-count";

/** One staff work list over a customer-owned table: its rows, order and filters. */
export interface WorkListSpec<T extends ObjectLiteral> {
  entity: new () => T;
  /** The table, read on alias `k`; its rows' customer column is `customer_id`. */
  table: string;
  /** The property the list is ordered by (its column is the keyset's sortColumn). */
  sort: keyof T & string;
  keyset: Keyset;
  /** The list's name for its cursors: the filters that shape it go into it, so a cursor serves only its own list. */
  listName: string;
  /** Conditions on `k` (and the customer `c`), with named parameters. */
  where: string[];
  params: Record<string, unknown>;
}

/**
 * A keyset-paged work list of rows whose customer is in the viewer's row scope (`c`), filtered by
 * the spec's conditions: one statement for the page, one more only when totalCount is asked for.
 */
export async function scopedWorkList<T extends ObjectLiteral & { id: string }, C>(
  ctx: RequestContext,
  args: PageArgs,
  spec: WorkListSpec<T>,
  connection: new () => C,
): Promise<C> {
  const page = pageRequest(args, ctx.cursors.list(spec.listName));
  const scope = customerScope(ctx.viewer, "c");
  const params: Record<string, unknown> = { ...scope.params, ...spec.params };
  const from = `FROM ${spec.table} k JOIN customer c ON c.id = k.customer_id WHERE ${[scope.sql, ...spec.where].join(" AND ")}`;
  const after = page.after ? ` AND ${keysetAfter("k", spec.keyset, ":afterValue", ":afterId")}` : "";
  const query = (sql: string, extra: Record<string, unknown> = {}) => {
    const [text, values] = ctx.reader.driver.escapeQueryWithParameters(sql, { ...params, ...extra }, {});
    return ctx.reader.query(text, values);
  };
  const rows = hydrate(ctx.reader, spec.entity, await query(`SELECT k.* ${from}${after} ORDER BY ${keysetOrder("k", spec.keyset)} LIMIT :limit`, {
    afterValue: page.after?.value, afterId: page.after?.id, limit: page.first + 1,
  }));
  return toConnection(
    {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (found) => page.cursors.encode({ value: cursorValue(found[spec.sort]), id: found.id }),
      count: async (limit) => (await query(`SELECT count(*)::int AS n FROM (SELECT 1 ${from}${countLimit(limit)}) counted`))[0].n as number,
    },
    connection,
  );
}
