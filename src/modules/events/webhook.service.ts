import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../auth/request-context";
import { invalidFields, NotFoundError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { EVENT_TYPES } from "./event-types";
import { DeliveryStatus, WebhookEndpoint } from "./webhook.entity";
import { CreatedWebhook } from "./webhook.types";

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalidFields([{ field: "url", problems: ["url must be an absolute http(s) URL"] }]);
  }
  if (!["http:", "https:"].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw invalidFields([{ field: "url", problems: ["url must be an http(s) URL without credentials"] }]);
  }
  return parsed.toString();
}

function checkedTypes(types: string[]): string[] {
  const unknown = types.filter((type) => !(type in EVENT_TYPES));
  if (unknown.length > 0) throw invalidFields([{ field: "eventTypes", problems: [`unknown event types: ${unknown.join(", ")}; known: ${Object.keys(EVENT_TYPES).join(", ")}`] }]);
  return [...new Set(types)].sort();
}

/** ADMIN: a new endpoint for some event types (none: all), with a fresh Standard Webhooks secret returned once. */
export async function createWebhook(ctx: RequestContext, url: string, eventTypes: string[]): Promise<CreatedWebhook> {
  const secret = newSecret();
  const repo = ctx.db.getRepository(WebhookEndpoint);
  const saved = await repo.save(
    repo.create({ url: checkedUrl(url), eventTypes: checkedTypes(eventTypes), secretSealed: secret, createdById: ctx.viewer.kind === "staff" ? ctx.viewer.id : null }),
  );
  return Object.assign(new CreatedWebhook(), { webhook: await repo.findOneByOrFail({ id: saved.id }), secret });
}

export function listWebhooks(ctx: RequestContext): Promise<WebhookEndpoint[]> {
  return ctx.db.getRepository(WebhookEndpoint).find({ order: { createdAt: "ASC", id: "ASC" } });
}

async function requireWebhook(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
  const found = isUuid(id) ? await ctx.db.getRepository(WebhookEndpoint).findOneBy({ id }) : null;
  if (!found) throw new NotFoundError("Webhook", id);
  return found;
}

/** Removes an endpoint and its deliveries. */
export async function deleteWebhook(ctx: RequestContext, id: string): Promise<boolean> {
  const webhook = await requireWebhook(ctx, id);
  await ctx.db.getRepository(WebhookEndpoint).delete({ id: webhook.id });
  return true;
}

/** Sends the endpoint's dead deliveries again, from now, with a fresh retry schedule; answers how many. */
export async function replayWebhookDeliveries(ctx: RequestContext, id: string): Promise<number> {
  const webhook = await requireWebhook(ctx, id);
  const [{ n }] = await ctx.db.query(
    `WITH replayed AS (UPDATE webhook_delivery SET status = $2, attempts = 0, next_attempt_at = now(), last_error = NULL
                        WHERE endpoint_id = $1 AND status = $3 RETURNING id)
     SELECT count(*)::int AS n FROM replayed`,
    [webhook.id, DeliveryStatus.PENDING, DeliveryStatus.DEAD],
  );
  return n;
}

const MAX_REPLAY_DAYS = 31;

/**
 * Sends an endpoint the events written in [from, to) again (those of its types; delivered or not),
 * from now, in outbox order per customer; answers how many. A receiver de-duplicates by event id.
 */
export async function replayEvents(ctx: RequestContext, id: string, from: Date, to: Date): Promise<number> {
  if (!(from < to) || to.getTime() - from.getTime() > MAX_REPLAY_DAYS * 86_400_000) {
    throw invalidFields([{ field: "to", problems: [`to must be after from, at most ${MAX_REPLAY_DAYS} days later`] }]);
  }
  const webhook = await requireWebhook(ctx, id);
  const [{ n }] = await ctx.db.query(
    `WITH replayed AS (
       INSERT INTO webhook_delivery (endpoint_id, event_id, position, customer_id)
       SELECT $1, e.id, e.position, e.customer_id FROM event_outbox e
        WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND e.published_at IS NOT NULL
          AND (cardinality($4::varchar[]) = 0 OR e.type = ANY($4::varchar[]))
       ON CONFLICT ON CONSTRAINT "UQ_webhook_delivery_event"
         DO UPDATE SET status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL, delivered_at = NULL
       RETURNING 1)
     SELECT count(*)::int AS n FROM replayed`,
    [webhook.id, from, to, webhook.eventTypes],
  );
  return n;
}

/** A fresh Standard Webhooks secret. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

const MAX_ROTATION_GRACE_HOURS = 7 * 24;

/**
 * A new secret for an endpoint, returned once. Until the grace ends, requests carry a signature
 * with each secret, so the receiver can switch to the new one without refusing a request.
 */
export async function rotateWebhookSecret(ctx: RequestContext, id: string, graceHours: number): Promise<CreatedWebhook> {
  if (!Number.isInteger(graceHours) || graceHours < 0 || graceHours > MAX_ROTATION_GRACE_HOURS) {
    throw invalidFields([{ field: "graceHours", problems: [`graceHours must be an integer from 0 to ${MAX_ROTATION_GRACE_HOURS}`] }]);
  }
  const webhook = await requireWebhook(ctx, id);
  const secret = newSecret();
  const repo = ctx.db.getRepository(WebhookEndpoint);
  await repo.update(
    { id: webhook.id },
    { secretSealed: secret, previousSecretSealed: graceHours > 0 ? webhook.secretSealed : null, previousSecretUntil: graceHours > 0 ? new Date(Date.now() + graceHours * 3_600_000) : null },
  );
  return Object.assign(new CreatedWebhook(), { webhook: await repo.findOneByOrFail({ id: webhook.id }), secret });
}

/** Sends to an endpoint again after it was disabled for failing (or stays as it is); its waiting deliveries are due now. */
export async function enableWebhook(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
  const webhook = await requireWebhook(ctx, id);
  await ctx.db.transaction(async (manager) => {
    await manager.update(WebhookEndpoint, { id: webhook.id }, { active: true, disabledAt: null, failingSince: null });
    await manager.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE endpoint_id = $1 AND status = 'PENDING'`, [webhook.id]);
  });
  return ctx.db.getRepository(WebhookEndpoint).findOneByOrFail({ id: webhook.id });
}
