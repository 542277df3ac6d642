import type { RequestContext } from "../../auth/request-context";
import { customerScope } from "../../auth/row-scope";
import { keysetAfter, keysetOrder, type Keyset } from "../../db/keyset";
import { hydrate } from "../../db/hydrate";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection } from "../../shared/pagination";
import { CASE_BY_ID } from "./case.relations";
import { CaseAssignee, CaseConnection, type CaseWorkListArgs } from "./case.types";
import { OPEN_CASE_STATUSES, ServiceCase } from "./service-case.entity";

export function caseById(ctx: RequestContext, id: string): Promise<ServiceCase | null> | null {
  return isUuid(id) ? ctx.loaders.byId(CASE_BY_ID).load(id) : null;
}

/** Work lists are first come, first served: oldest request first. */
const WORK_ORDER: Keyset = { sortColumn: "opened_at", sortCast: "timestamptz", direction: "ASC" };

/**
 * A running clock past its deadline (met exactly at breachAt is in time): the SLA sweep's predicate; met or paused clocks have NULL deadlines.
 * Over service_case `k` at `:now`; the work list's breached filter and the figures' breachedOpenCases.
 */
export const BREACHED_CASE = "(k.first_response_breach_at < :now OR k.resolution_breach_at < :now)";

/**
 * A staff work list: cases of customers in the viewer's row scope, filtered by queue, assignee,
 * status (every open status by default) and breach, oldest first, keyset-paged; one statement for
 * the page (and one more only when totalCount is asked for).
 */
export async function workList(ctx: RequestContext, args: CaseWorkListArgs): Promise<CaseConnection> {
  const filters = { queue: args.queue ?? null, assignee: args.assignee ?? null, status: args.status ?? null, breached: args.breached ?? null };
  const page = pageRequest(args, ctx.cursors.list(`cases:${JSON.stringify(filters)}:openedAt:ASC`));
  const scope = customerScope(ctx.viewer, "c");
  const where = [scope.sql];
  const params: Record<string, unknown> = { ...scope.params, now: new Date(), statuses: filters.status ? [filters.status] : OPEN_CASE_STATUSES };
  where.push("k.status = ANY(:statuses)");
  if (filters.queue) where.push("k.queue = :queue"), (params.queue = filters.queue);
  if (filters.assignee === CaseAssignee.ME) where.push("k.assignee_id = :me"), (params.me = ctx.viewer.kind === "staff" ? ctx.viewer.id : null);
  if (filters.assignee === CaseAssignee.NOBODY) where.push("k.assignee_id IS NULL");
  if (filters.breached !== null) where.push(filters.breached ? BREACHED_CASE : `NOT coalesce(${BREACHED_CASE}, false)`);
  const from = `FROM service_case k JOIN customer c ON c.id = k.customer_id WHERE ${where.join(" AND ")}`;
  const after = page.after ? ` AND ${keysetAfter("k", WORK_ORDER, ":afterValue", ":afterId")}` : "";
  const query = (sql: string, extra: Record<string, unknown> = {}) => {
    const [text, values] = ctx.db.driver.escapeQueryWithParameters(sql, { ...params, ...extra }, {});
    return ctx.db.query(text, values);
  };
  const rows = hydrate(ctx.db, ServiceCase, await query(`SELECT k.* ${from}${after} ORDER BY ${keysetOrder("k", WORK_ORDER)} LIMIT :limit`, {
    afterValue: page.after?.value, afterId: page.after?.id, limit: page.first + 1,
  }));
  return toConnection(
    {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (found) => page.cursors.encode({ value: found.openedAt.toISOString(), id: found.id }),
      count: async () => (await query(`SELECT count(*)::int AS n ${from}`))[0].n as number,
    },
    CaseConnection,
  );
}
