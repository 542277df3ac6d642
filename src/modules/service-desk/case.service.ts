import type { RequestContext } from "../../auth/request-context";
import type { Keyset } from "../../db/keyset";
import { scopedWorkList } from "../work-list";
import { isUuid } from "../../shared/ids";
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
 * status (every open status by default) and breach, oldest first, keyset-paged.
 */
export function workList(ctx: RequestContext, args: CaseWorkListArgs): Promise<CaseConnection> {
  const filters = { queue: args.queue ?? null, assignee: args.assignee ?? null, status: args.status ?? null, breached: args.breached ?? null };
  const where = ["k.status = ANY(:statuses)"];
  const params: Record<string, unknown> = { now: new Date(), statuses: filters.status ? [filters.status] : OPEN_CASE_STATUSES };
  if (filters.queue) where.push("k.queue = :queue"), (params.queue = filters.queue);
  where.push(...assigneeCondition(ctx, filters.assignee, params));
  if (filters.breached !== null) where.push(filters.breached ? BREACHED_CASE : `NOT coalesce(${BREACHED_CASE}, false)`);
  return scopedWorkList(ctx, args, {
    entity: ServiceCase, table: "service_case", sort: "openedAt", keyset: WORK_ORDER, listName: `cases:${JSON.stringify(filters)}:openedAt:ASC`, where, params,
  }, CaseConnection);
}

/** The work lists' `assignee` filter: mine (the signed-in staff user's) or nobody's. */
export function assigneeCondition(ctx: RequestContext, assignee: CaseAssignee | null, params: Record<string, unknown>): string[] {
  if (assignee === CaseAssignee.ME) {
    params.me = ctx.viewer.kind === "staff" ? ctx.viewer.id : null;
    return ["k.assignee_id = :me"];
  }
  return assignee === CaseAssignee.NOBODY ? ["k.assignee_id IS NULL"] : [];
}
