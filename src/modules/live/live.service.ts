import { randomUUID } from "node:crypto";
import { FIELD_CLASSES, roleVerdict } from "../../auth/field-policy";
import { renewForPush, type RequestContext } from "../../auth/request-context";
import type { Role } from "../../auth/role";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { ALERTING_EVENT_TYPES, COMPLAINT_ALERT_KINDS } from "../alerts/alert-derivation";
import { alertsOfEvent } from "../alerts/alert.service";
import type { ServiceAlert } from "../alerts/service-alert.entity";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { liveEventsFor, type LiveEvent } from "../events/live-events";
import type { Complaint } from "../interaction/complaint.entity";
import { complaintLoaders } from "../interaction/complaint.loaders";
import { LIVE_ROLES } from "./live.permissions";
import { CustomerChange } from "./live.types";

/** graphql-shield does not run on a subscription's subscribe step: the role is checked here, from the same declaration. */
function requireRole(ctx: RequestContext, subscription: keyof typeof LIVE_ROLES): void {
  if (ctx.viewer.kind === "anonymous") throw new UnauthenticatedError("Sign in to subscribe");
  if (!(LIVE_ROLES[subscription] as readonly Role[]).includes(ctx.viewer.role)) throw new ForbiddenError(`Your role may not subscribe to ${subscription}`);
}

/**
 * The pushes of one subscription: for each event the feed takes, a fresh request (loaders, audit,
 * request id) re-reads what the push shows; `toPushes` answers nothing when the viewer may no longer
 * see it. After the token's expiry nothing is pushed (the socket is closed as well). Ending the
 * subscription closes the feed at once, even while it waits for an event (an async generator's own
 * `return` would wait for that event first).
 */
function pushes<T>(ctx: RequestContext, accept: (event: LiveEvent) => boolean, toPushes: (event: LiveEvent) => Promise<T[]>): AsyncIterableIterator<T> {
  const feed = liveEventsFor(ctx.db).feed(accept);
  const generator = (async function* () {
    try {
      for await (const event of feed) {
        if (ctx.expiresAt !== undefined && Date.now() >= ctx.expiresAt) throw new UnauthenticatedError("Token expired");
        renewForPush(ctx, `ws:${randomUUID()}`);
        for (const push of await toPushes(event)) yield push;
      }
    } finally {
      feed.close();
    }
  })();
  const iterator: AsyncIterableIterator<T> = {
    next: () => generator.next(),
    return: () => {
      feed.close();
      return generator.return() as Promise<IteratorResult<T>>;
    },
    throw: (err?: unknown) => {
      feed.close();
      return generator.throw(err);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** The profile fields a role reads in full (a masked, banded, consent-bound or refused one is not named in a change). */
function readableChanges(role: Role, fields: readonly string[] | undefined): string[] {
  const classes = FIELD_CLASSES.Customer;
  return (fields ?? []).filter((field) => {
    const dataClass = classes[field];
    if (dataClass === undefined) return false;
    const verdict = roleVerdict(role, "Customer", field, dataClass);
    return verdict.kind === "read" && verdict.reduce === null;
  });
}

/** customerChanged(id): the customer must be in the viewer's scope now (else NOT_FOUND, as a read by id) and at every push (else no push). */
export async function customerChanges(ctx: RequestContext, id: string): Promise<AsyncIterable<CustomerChange>> {
  requireRole(ctx, "customerChanged");
  const visible = isUuid(id) ? await ctx.loaders.byId(CUSTOMER_BY_ID).load(id) : null;
  if (!visible) throw new NotFoundError("Customer", id);
  renewForPush(ctx, ctx.requestId); // an idle subscription keeps no loaded record (each push reads afresh anyway)
  const role = ctx.viewer.kind === "anonymous" ? null : ctx.viewer.role;
  return pushes(ctx, (event) => event.customerId === id, async (event) => {
    const customer = await ctx.loaders.byId(CUSTOMER_BY_ID).load(id);
    if (!customer || role === null) return [];
    return [Object.assign(new CustomerChange(), {
      eventId: event.id,
      eventType: event.type,
      changedFields: event.type === "customer.updated" ? readableChanges(role, event.data.changedFields) : [],
      occurredAt: new Date(event.occurredAt),
      customer,
    })];
  });
}

/** myAlerts: each alert addressed to the viewer (or their role) as the event that raised it is handed out. */
export function alertPushes(ctx: RequestContext): AsyncIterable<ServiceAlert> {
  requireRole(ctx, "myAlerts");
  return pushes(ctx, (event) => ALERTING_EVENT_TYPES.includes(event.type), (event) => alertsOfEvent(ctx, event.id));
}

/** complaintDeadlines: complaints in the viewer's scope as they come due (within 4 hours) or pass their deadline. */
export function complaintDeadlinePushes(ctx: RequestContext): AsyncIterable<Complaint> {
  requireRole(ctx, "complaintDeadlines");
  return pushes(ctx, (event) => event.type in COMPLAINT_ALERT_KINDS && !!event.data.complaintId, async (event) => {
    const complaint = await ctx.loaders.get(complaintLoaders).complaintById.load(String(event.data.complaintId));
    return complaint ? [complaint] : [];
  });
}
