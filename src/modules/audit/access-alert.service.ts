import type { RequestContext } from "../../auth/request-context";
import type { PageArgs } from "../../shared/pagination";
import { newestFirstPage } from "../newest-first";
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

/** Exfiltration alerts, newest first (keyset on time and id). */
export function accessAlerts(ctx: RequestContext, args: PageArgs) {
  return newestFirstPage(
    ctx,
    args,
    { table: "access_alert", columns: COLUMNS, timeColumn: "at", listName: "accessAlerts:at:DESC", toNode: toAlert, timeOf: (alert) => alert.at },
    AccessAlertConnection,
  );
}
