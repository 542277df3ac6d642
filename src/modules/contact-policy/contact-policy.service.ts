import type { RequestContext } from "../../auth/request-context";
import type { Customer } from "../customer/customer.entity";
import { requireCustomer } from "../customer/customer.service";
import { causeOf, changed, recordEvents } from "../events/outbox";
import { contactDecision, contactsInWindow, type ContactSettings } from "./contact-decision";
import { contactPolicyLoaders, type LoadedContactFacts } from "./contact-facts";
import { Channel } from "../customer/customer.enums";
import { ContactChannel, ContactPurpose, HeldBackReason } from "./contact-policy.enums";
import { ContactChannelDecision, ContactPolicy, type SetDoNotContactArgs } from "./contact-policy.types";
import { DoNotContact } from "./do-not-contact.entity";

/** How many days of marketing contacts the facts must hold: the cap's window (none without a cap). */
export const capWindowDays = (settings: ContactSettings): number => settings.marketingCap?.days ?? 0;

/** Every purpose × channel decision of one customer at one instant. */
export function channelDecisions(loaded: LoadedContactFacts, at: Date, settings: ContactSettings): ContactChannelDecision[] {
  return Object.values(ContactPurpose).flatMap((purpose) =>
    Object.values(ContactChannel).map((channel) =>
      Object.assign(new ContactChannelDecision(), { channel, purpose, ...contactDecision(loaded.facts, purpose, channel, at, settings) })));
}

function policyOf(customerId: string, loaded: LoadedContactFacts, at: Date, settings: ContactSettings): ContactPolicy {
  const own = loaded.ownDoNotContact;
  return Object.assign(new ContactPolicy(), {
    customerId,
    doNotContact: loaded.facts.doNotContact,
    doNotContactOnLinkedRecord: loaded.doNotContactOnLinkedRecord,
    doNotContactReason: own?.reason ?? null,
    doNotContactSetAt: own?.setAt ?? null,
    doNotContactSetBy: own?.setBy ?? null,
    evaluatedAt: at,
    marketingContactsInWindow: settings.marketingCap ? contactsInWindow(loaded.facts.marketingContactTimes, at.getTime(), settings.marketingCap) : 0,
    channels: channelDecisions(loaded, at, settings),
  });
}

/** Customer.contactPolicy: the customer (already in the viewer's scope) at `at`, default the request's instant; batched per page. */
export async function contactPolicyOf(ctx: RequestContext, customer: Customer, at?: Date | null): Promise<ContactPolicy> {
  const settings = ctx.config.contactPolicy;
  const loaders = ctx.loaders.get(contactPolicyLoaders);
  const when = at ?? loaders.now;
  const loaded = await loaders.factsAt(when, capWindowDays(settings)).load(customer.id);
  return policyOf(customer.id, loaded, when, settings);
}

/**
 * Puts a customer in the viewer's scope on the do-not-contact list, or lifts it: a new history row
 * (reason, who, when); when the record's flag changes, a customer.updated event naming
 * doNotContact in the same transaction. Concurrent changes of one customer are serialized on its row.
 */
export async function setDoNotContact(ctx: RequestContext, args: SetDoNotContactArgs): Promise<ContactPolicy> {
  const customer = await requireCustomer(ctx, args.customerId);
  await ctx.db.transaction(async (manager) => {
    await manager.query(`SELECT id FROM customer WHERE id = $1 FOR UPDATE`, [customer.id]);
    const repo = manager.getRepository(DoNotContact);
    const previous = await repo.findOne({ where: { customerId: customer.id }, order: { setAt: "DESC", id: "DESC" } });
    await repo.insert({
      customerId: customer.id,
      doNotContact: args.doNotContact,
      reason: args.reason ?? null,
      setBy: ctx.viewer.kind === "staff" ? ctx.viewer.id : null,
      setAt: new Date(),
    });
    if ((previous?.doNotContact ?? false) !== args.doNotContact) {
      await recordEvents(manager, causeOf(ctx), [changed("customer.updated", customer.id, ["doNotContact"])]);
    }
  });
  const loaders = ctx.loaders.get(contactPolicyLoaders);
  const now = new Date();
  const settings = ctx.config.contactPolicy;
  const loader = loaders.factsAt(now, capWindowDays(settings));
  return policyOf(customer.id, await loader.clear(customer.id).load(customer.id), now, settings);
}

/** The contact channel a customer's preferred service channel stands for (none for app, web, branch, visits). */
const PREFERRED: Partial<Record<Channel, ContactChannel>> = {
  [Channel.PHONE]: ContactChannel.PHONE, [Channel.HOTLINE]: ContactChannel.PHONE, [Channel.WECHAT]: ContactChannel.WECHAT, [Channel.EMAIL]: ContactChannel.EMAIL,
};

export interface ContactReach {
  /** The first channel allowed now: the preferred one, then in ContactChannel order; null when held back. */
  contactChannel: ContactChannel | null;
  heldBack: boolean;
  /** Held back: every reason any channel gave, in HeldBackReason order; else empty. */
  reasons: HeldBackReason[];
}

/** Whether we may reach the customer for `purpose` now, on which channel, or why not (offers and tasks obey this). */
export function contactReach(loaded: LoadedContactFacts, purpose: ContactPurpose, preferred: Channel | null, at: Date, settings: ContactSettings): ContactReach {
  const first = preferred ? PREFERRED[preferred] : undefined;
  const order = [...(first ? [first] : []), ...Object.values(ContactChannel).filter((channel) => channel !== first)];
  const reasons = new Set<HeldBackReason>();
  for (const channel of order) {
    const decision = contactDecision(loaded.facts, purpose, channel, at, settings);
    if (decision.allowed) return { contactChannel: channel, heldBack: false, reasons: [] };
    decision.reasons.forEach((reason) => reasons.add(reason));
  }
  return { contactChannel: null, heldBack: true, reasons: Object.values(HeldBackReason).filter((reason) => reasons.has(reason)) };
}

/** The contact channel an interaction channel reaches the customer on (null: in person, or no remote channel). */
export const contactChannelOf = (channel: Channel): ContactChannel | null => PREFERRED[channel] ?? null;
