import type { RequestContext } from "../../auth/request-context";
import type { Viewer } from "../../auth/viewer";
import { keysetColumn } from "../../db/keyset";
import { NotFoundError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection } from "../../shared/pagination";
import { AlertConnection, type AlertListArgs } from "./alert.types";
import { ServiceAlert } from "./service-alert.entity";

const CREATED = keysetColumn("a.created_at", "timestamptz");

/** The alerts addressed to the viewer: to them by id, or to their role. Only staff receive alerts. */
function addressedTo(viewer: Viewer): { sql: string; params: Record<string, unknown> } {
  if (viewer.kind !== "staff") return { sql: "FALSE", params: {} };
  return { sql: "(a.recipient_staff_id = :viewerId OR a.recipient_role = :viewerRole)", params: { viewerId: viewer.id, viewerRole: viewer.role } };
}

/** The viewer's alerts, newest first (keyset on time and id); `unreadOnly`: those not acknowledged. */
export async function listAlerts(ctx: RequestContext, args: AlertListArgs): Promise<AlertConnection> {
  const unreadOnly = args.unreadOnly === true;
  const page = pageRequest(args, ctx.cursors.list(`alerts:${unreadOnly ? "unread" : "all"}:createdAt:DESC`));
  const addressed = addressedTo(ctx.viewer);
  const filtered = () => {
    const query = ctx.db.getRepository(ServiceAlert).createQueryBuilder("a").where(addressed.sql, addressed.params);
    return unreadOnly ? query.andWhere("a.read_at IS NULL") : query;
  };
  const query = filtered().orderBy(CREATED, "DESC").addOrderBy("a.id", "DESC").limit(page.first + 1);
  if (page.after) query.andWhere(`(${CREATED}, a.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`, { afterAt: page.after.value, afterId: page.after.id });
  const rows = await query.getMany();
  return toConnection(
    {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (alert) => page.cursors.encode({ value: alert.createdAt.toISOString(), id: alert.id }),
      count: () => filtered().getCount(),
    },
    AlertConnection,
  );
}

/**
 * Marks an alert addressed to the viewer as read (the first acknowledgement's time stays); an
 * alert addressed to someone else is NOT_FOUND, exactly as a missing one.
 */
export async function acknowledgeAlert(ctx: RequestContext, id: string): Promise<ServiceAlert> {
  const addressed = addressedTo(ctx.viewer);
  const [sql, values] = ctx.db.driver.escapeQueryWithParameters(
    `WITH acknowledged AS (
       UPDATE service_alert a SET read_at = coalesce(a.read_at, now()) WHERE a.id = :alertId AND ${addressed.sql} RETURNING a.id)
     SELECT id FROM acknowledged`,
    { ...addressed.params, alertId: id },
    {},
  );
  const [acknowledged] = isUuid(id) ? await ctx.db.query(sql, values) : [];
  if (!acknowledged) throw new NotFoundError("Alert", id);
  return ctx.db.getRepository(ServiceAlert).findOneByOrFail({ id: acknowledged.id });
}

/** The viewer's alerts raised by one event, oldest first (what a live `myAlerts` pushes for it). */
export function alertsOfEvent(ctx: RequestContext, eventId: string): Promise<ServiceAlert[]> {
  const addressed = addressedTo(ctx.viewer);
  return ctx.db.getRepository(ServiceAlert).createQueryBuilder("a")
    .where(addressed.sql, addressed.params)
    .andWhere("a.event_id = :eventId", { eventId })
    .orderBy("a.created_at", "ASC").addOrderBy("a.id", "ASC")
    .getMany();
}
