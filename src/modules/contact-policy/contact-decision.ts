import { DAY_MS, offsetAt } from "../service-desk/zoned-time";
import type { ContactSettings, FrequencyCap, QuietHours } from "../../config";
import { ContactChannel, ContactPurpose, HeldBackReason } from "./contact-policy.enums";

export type { ContactSettings, FrequencyCap, QuietHours } from "../../config";

/** Real-time channels: a call, a text and a WeChat message reach the customer at once; e-mail and letters wait to be read. */
export const REAL_TIME_CHANNELS: readonly ContactChannel[] = [ContactChannel.PHONE, ContactChannel.SMS, ContactChannel.WECHAT];

/**
 * What one decision needs to know about a customer, loaded in bulk (contact-facts.ts). Consent
 * facts are the decisions in force (refusal wins across records linked as one person).
 */
export interface CustomerContactFacts {
  /** The MARKETING purpose decision in force (no channel): TRUE, FALSE or null when never asked. */
  marketingConsent: boolean | null;
  /** The purpose refusal in force was given on a linked record: no channel grant of this record overrides it. */
  marketingRefusedOnLinkedRecord: boolean;
  /** MARKETING decisions naming a channel, in force (a refusal on a linked record included). */
  channelConsents: Partial<Record<ContactChannel, boolean>>;
  /** The do-not-contact flag in force (this record's newest, or a linked record's). */
  doNotContact: boolean;
  /** The channels something is on record for (phone → PHONE and SMS, e-mail, address → POST, a WeChat contact). */
  contactPoints: readonly ContactChannel[];
  /** Instants (ms) of the outbound MARKETING contacts recorded, at least those of the cap's window. */
  marketingContactTimes: readonly number[];
}

export interface ContactDecision {
  allowed: boolean;
  reasons: HeldBackReason[];
}

/** The zone's local time of day at an instant, in ms after local midnight. */
export function localTimeOfDay(timeZone: string, instant: number): number {
  const wall = instant + offsetAt(timeZone, instant);
  return ((wall % DAY_MS) + DAY_MS) % DAY_MS;
}

export function inQuietHours(quiet: QuietHours, instant: number): boolean {
  if (quiet.startMs === quiet.endMs) return false;
  const t = localTimeOfDay(quiet.timeZone, instant);
  return quiet.startMs < quiet.endMs ? t >= quiet.startMs && t < quiet.endMs : t >= quiet.startMs || t < quiet.endMs;
}

/** Outbound marketing contacts in the cap's window: after `now` − days × 24 h, up to and including `now`. */
export function contactsInWindow(times: readonly number[], now: number, cap: FrequencyCap): number {
  const from = now - cap.days * DAY_MS;
  return times.filter((t) => t > from && t <= now).length;
}

/** Marketing consent for one channel: the channel's own decision overrides the purpose decision, except a refusal on a linked record. */
function marketingConsentReason(facts: CustomerContactFacts, channel: ContactChannel): HeldBackReason | null {
  if (facts.marketingRefusedOnLinkedRecord) return HeldBackReason.NO_CONSENT;
  const channelDecision = facts.channelConsents[channel];
  if (channelDecision === false) return HeldBackReason.CHANNEL_DECLINED;
  if (channelDecision === true) return null;
  return facts.marketingConsent === true ? null : HeldBackReason.NO_CONSENT;
}

/**
 * May we contact this customer for this purpose on this channel now, and if not, every reason
 * why (in HeldBackReason order). Pure: the facts, the clock and the settings decide.
 */
export function contactDecision(
  facts: CustomerContactFacts,
  purpose: ContactPurpose,
  channel: ContactChannel,
  now: Date,
  settings: ContactSettings,
): ContactDecision {
  const reasons: HeldBackReason[] = [];
  const marketing = purpose === ContactPurpose.MARKETING;
  if (marketing) {
    const consent = marketingConsentReason(facts, channel);
    if (consent) reasons.push(consent);
    if (facts.doNotContact) reasons.push(HeldBackReason.DO_NOT_CONTACT);
  }
  const quiet = settings.quietHours;
  if (quiet && REAL_TIME_CHANNELS.includes(channel) && inQuietHours(quiet, now.getTime())) reasons.push(HeldBackReason.QUIET_HOURS);
  const cap = settings.marketingCap;
  if (marketing && cap && contactsInWindow(facts.marketingContactTimes, now.getTime(), cap) >= cap.contacts) reasons.push(HeldBackReason.FREQUENCY_CAP);
  if (!facts.contactPoints.includes(channel)) reasons.push(HeldBackReason.NO_CONTACT_POINT);
  return { allowed: reasons.length === 0, reasons };
}
