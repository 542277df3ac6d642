import type { RequestContext } from "../auth/request-context";
import { keysetColumn, keysetValue } from "../db/keyset";
import { countLimit, countSql } from "../db/bounded-count";
import { pageRequest, toConnection, type PageArgs } from "../shared/pagination";

/** A staff-wide record list read newest first from one table (no customer scope: its readers see all of it). */
export interface NewestFirstList<Row, Node> {
  table: string;
  /** The selected columns. */
  columns: string;
  /** The timestamptz column it is ordered by, then id. */
  timeColumn: string;
  /** The list's name for its cursors. */
  listName: string;
  toNode: (row: Row) => Node;
  timeOf: (node: Node) => Date;
}

/** A keyset page (time and id, descending) of `list`: one statement, one more only for totalCount. */
export async function newestFirstPage<Row, Node extends { id: string }, C extends object>(
  ctx: RequestContext,
  args: PageArgs,
  list: NewestFirstList<Row, Node>,
  connection: new () => C,
): Promise<C> {
  const page = pageRequest(args, ctx.cursors.list(list.listName));
  const time = keysetColumn(list.timeColumn, "timestamptz");
  const params: unknown[] = [page.first + 1];
  let where = "";
  if (page.after) {
    params.push(page.after.value, page.after.id);
    where = `WHERE (${time}, id) < (${keysetValue("$2", "timestamptz")}, $3::uuid)`;
  }
  const rows: Row[] = await ctx.reader.query(`SELECT ${list.columns} FROM ${list.table} ${where} ORDER BY ${time} DESC, id DESC LIMIT $1`, params);
  return toConnection(
    {
      nodes: rows.slice(0, page.first).map(list.toNode),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (node) => page.cursors.encode({ value: list.timeOf(node).toISOString(), id: node.id }),
      count: (limit) => countSql(ctx.reader, `SELECT 1 FROM ${list.table}${countLimit(limit)}`),
    },
    connection,
  );
}
