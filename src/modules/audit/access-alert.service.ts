import type { RequestContext } from "../../auth/request-context";
import { pageRequest, toConnection, type PageArgs } from "../../shared/pagination";
import { keysetColumn } from "../../db/keyset";
import { AccessAlert, AccessAlertConnection } from "./access-alert.types";

interface AccessAlertRow {
  id: string;
  at: Date;
  actor_id: string;
  role: AccessAlert["role"];
  kind: string;
  window_start: Date;
  window_end: Date;
  customer_count: number;
  value_count: number;
  details: string;
}

const COLUMNS = "id, at, actor_id, role, kind, window_start, window_end, customer_count, value_count, details";

function toAlert(row: AccessAlertRow): AccessAlert {
  return Object.assign(new AccessAlert(), {
    id: row.id,
    at: new Date(row.at),
    actorId: row.actor_id,
    role: row.role,
    kind: row.kind,
    windowStart: new Date(row.window_start),
    windowEnd: new Date(row.window_end),
    customers: Number(row.customer_count),
    values: Number(row.value_count),
    details: row.details,
  });
}

const AT = keysetColumn("at", "timestamptz");

/** Exfiltration alerts, newest first (keyset on time and id). */
export async function accessAlerts(ctx: RequestContext, args: PageArgs) {
  const page = pageRequest(args, ctx.cursors.list("accessAlerts:at:DESC"));
  const params: unknown[] = [page.first + 1];
  let where = "";
  if (page.after) {
    params.push(page.after.value, page.after.id);
    where = `WHERE (${AT}, id) < ($2::timestamptz, $3::uuid)`;
  }
  const rows: AccessAlertRow[] = await ctx.reader.query(`SELECT ${COLUMNS} FROM access_alert ${where} ORDER BY ${AT} DESC, id DESC LIMIT $1`, params);
  return toConnection(
    {
      nodes: rows.slice(0, page.first).map(toAlert),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (alert) => page.cursors.encode({ value: alert.at.toISOString(), id: alert.id }),
      count: async () => Number((await ctx.reader.query(`SELECT count(*)::int AS count FROM access_alert`))[0].count),
    },
    AccessAlertConnection,
  );
}
