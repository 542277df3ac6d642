import type { SelectQueryBuilder } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import type { Viewer } from "../../auth/viewer";
import { keysetColumn, keysetValue } from "../../db/keyset";
import { NotFoundError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection } from "../../shared/pagination";
import { AlertConnection, type AlertListArgs } from "./alert.types";
import { ServiceAlert } from "./service-alert.entity";
import { countRows } from "../../db/bounded-count";

const CREATED = keysetColumn("a.created_at", "timestamptz");

/** The alerts addressed to the viewer: to them by id, or to their role. Only staff receive alerts. */
function addressedTo(viewer: Viewer): { sql: string; params: Record<string, unknown> } {
  if (viewer.kind !== "staff") return { sql: "FALSE", params: {} };
  return { sql: "(a.recipient_staff_id = :viewerId OR a.recipient_role = :viewerRole)", params: { viewerId: viewer.id, viewerRole: viewer.role } };
}

/** The viewer's alerts (alias `a`) with the viewer's own acknowledgement joined (alias `r`). */
function viewerAlerts(ctx: RequestContext): SelectQueryBuilder<ServiceAlert> {
  const addressed = addressedTo(ctx.viewer);
  const viewerId = ctx.viewer.kind === "staff" ? ctx.viewer.id : null;
  return ctx.reader.getRepository(ServiceAlert).createQueryBuilder("a")
    .leftJoin("service_alert_read", "r", "r.alert_id = a.id AND r.staff_id = :readerId", { readerId: viewerId })
    .addSelect("r.read_at", "viewer_read_at")
    .where(addressed.sql, addressed.params);
}

/** The alerts with `readAt` as the viewer read them (one joined row per alert: the read row's key is the alert and the viewer). */
async function withReadState(query: SelectQueryBuilder<ServiceAlert>): Promise<ServiceAlert[]> {
  const { entities, raw } = await query.getRawAndEntities<{ viewer_read_at: Date | string | null }>();
  return entities.map((alert, index) => Object.assign(alert, { readAt: raw[index].viewer_read_at === null ? null : new Date(raw[index].viewer_read_at) }));
}

/** The viewer's alerts, newest first (keyset on time and id); `unreadOnly`: those not acknowledged. */
export async function listAlerts(ctx: RequestContext, args: AlertListArgs): Promise<AlertConnection> {
  const unreadOnly = args.unreadOnly === true;
  const page = pageRequest(args, ctx.cursors.list(`alerts:${unreadOnly ? "unread" : "all"}:createdAt:DESC`));
  const filtered = () => {
    const query = viewerAlerts(ctx);
    return unreadOnly ? query.andWhere("r.read_at IS NULL") : query;
  };
  const query = filtered().orderBy(CREATED, "DESC").addOrderBy("a.id", "DESC").limit(page.first + 1);
  if (page.after) query.andWhere(`(${CREATED}, a.id) < (${keysetValue(":afterAt", "timestamptz")}, CAST(:afterId AS uuid))`, { afterAt: page.after.value, afterId: page.after.id });
  const rows = await withReadState(query);
  return toConnection(
    {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (alert) => page.cursors.encode({ value: alert.createdAt.toISOString(), id: alert.id }),
      count: (limit) => countRows(filtered(), limit),
    },
    AlertConnection,
  );
}

/**
 * Marks an alert addressed to the viewer as read by them (the first acknowledgement's time stays);
 * an alert addressed to someone else is NOT_FOUND, exactly as a missing one.
 */
export async function acknowledgeAlert(ctx: RequestContext, id: string): Promise<ServiceAlert> {
  const addressed = addressedTo(ctx.viewer);
  const [sql, values] = ctx.db.driver.escapeQueryWithParameters(
    `WITH target AS (SELECT a.id FROM service_alert a WHERE a.id = :alertId AND ${addressed.sql}),
     acknowledged AS (
       INSERT INTO service_alert_read (alert_id, staff_id, read_at) SELECT target.id, :viewerId, now() FROM target
       ON CONFLICT ON CONSTRAINT "PK_service_alert_read" DO NOTHING)
     SELECT id FROM target`,
    { ...addressed.params, alertId: id },
    {},
  );
  const [acknowledged] = isUuid(id) && ctx.viewer.kind === "staff" ? await ctx.db.query(sql, values) : [];
  if (!acknowledged) throw new NotFoundError("Alert", id);
  const [alert] = await withReadState(viewerAlerts(ctx).andWhere("a.id = :alertId", { alertId: acknowledged.id }));
  return alert;
}

/** The viewer's alerts raised by one event, oldest first (what a live `myAlerts` pushes for it). */
export function alertsOfEvent(ctx: RequestContext, eventId: string): Promise<ServiceAlert[]> {
  return withReadState(
    viewerAlerts(ctx).andWhere("a.event_id = :eventId", { eventId }).orderBy("a.created_at", "ASC").addOrderBy("a.id", "ASC"),
  );
}
