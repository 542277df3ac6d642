import DataLoader from "dataloader";
import type { Database } from "../../db/data-source";
import { WebhookAttemptView, WebhookHealth } from "./webhook.types";

/** The most attempts one endpoint's log answers at once. */
export const MAX_ATTEMPTS_SHOWN = 100;

/** Each endpoint's delivery counts and log, for every endpoint of a request in one statement each. */
export function webhookLoaders(db: Database) {
  const attemptLoaders = new Map<string, DataLoader<string, WebhookAttemptView[]>>();
  return {
    healthByEndpointId: new DataLoader<string, WebhookHealth>(async (ids) => {
      const rows: { id: string; pending: number; dead: number; delivered: number; last_error: string | null }[] = await db.query(
        `SELECT w.id,
                count(d.id) FILTER (WHERE d.status = 'PENDING')::int AS pending, count(d.id) FILTER (WHERE d.status = 'DEAD')::int AS dead,
                count(d.id) FILTER (WHERE d.status = 'DELIVERED')::int AS delivered,
                (SELECT f.last_error FROM webhook_delivery f WHERE f.endpoint_id = w.id AND f.last_error IS NOT NULL ORDER BY f.next_attempt_at DESC LIMIT 1) AS last_error
           FROM unnest($1::uuid[]) AS w(id) LEFT JOIN webhook_delivery d ON d.endpoint_id = w.id
          GROUP BY w.id`,
        [ids],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => {
        const row = byId.get(id);
        return Object.assign(new WebhookHealth(), { pending: row?.pending ?? 0, dead: row?.dead ?? 0, delivered: row?.delivered ?? 0, lastError: row?.last_error ?? null });
      });
    }),
    /** The latest attempts of each endpoint, newest first (`failedOnly`: those that did not deliver). */
    attemptsByEndpointId(last: number, failedOnly: boolean): DataLoader<string, WebhookAttemptView[]> {
      const key = `${last}:${failedOnly}`;
      let loader = attemptLoaders.get(key);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const rows: { endpoint_id: string; event_id: string; event_type: string; attempt: number; attempted_at: Date; http_status: number | null; error: string | null; duration_ms: number }[] =
            await db.query(
              `SELECT w.id AS endpoint_id, a.event_id, e.type AS event_type, a.attempt, a.attempted_at, a.http_status, a.error, a.duration_ms
                 FROM unnest($1::uuid[]) AS w(id)
                 CROSS JOIN LATERAL (SELECT * FROM webhook_attempt a WHERE a.endpoint_id = w.id AND (NOT $3 OR a.error IS NOT NULL)
                                      ORDER BY a.attempted_at DESC, a.id DESC LIMIT $2) a
                 JOIN event_outbox e ON e.id = a.event_id
                ORDER BY w.id, a.attempted_at DESC, a.id DESC`,
              [ids, last, failedOnly],
            );
          const byId = new Map<string, WebhookAttemptView[]>(ids.map((id) => [id, []]));
          for (const row of rows) {
            byId.get(row.endpoint_id)!.push(
              Object.assign(new WebhookAttemptView(), {
                eventId: row.event_id, eventType: row.event_type, attempt: row.attempt, attemptedAt: new Date(row.attempted_at),
                httpStatus: row.http_status, error: row.error, durationMs: row.duration_ms,
              }),
            );
          }
          return ids.map((id) => byId.get(id)!);
        });
        attemptLoaders.set(key, loader);
      }
      return loader;
    },
  };
}
