import { registerEnumType } from "type-graphql";

/** The channels an outbound contact can take (Salesforce FSC's contact point types). */
export enum ContactChannel {
  PHONE = "PHONE",
  SMS = "SMS",
  EMAIL = "EMAIL",
  WECHAT = "WECHAT",
  POST = "POST",
}
registerEnumType(ContactChannel, {
  name: "ContactChannel",
  description: "A channel an outbound contact can take: a call, a text message, an e-mail, a WeChat message, a letter.",
  valuesConfig: {
    PHONE: { description: "A voice call to the phone number on record (real-time: quiet hours apply)." },
    SMS: { description: "A text message to the phone number on record (real-time: quiet hours apply)." },
    EMAIL: { description: "An e-mail to the e-mail address on record." },
    WECHAT: { description: "A WeChat message; needs a WeChat contact on record (the customer follows our account). Real-time: quiet hours apply." },
    POST: { description: "A letter to the postal address on record." },
  },
});

/**
 * Why we contact the customer. MARKETING needs consent and obeys do-not-contact and the frequency
 * cap; SERVICE is what the contract requires (a claim update, a renewal or lapse notice, a complaint
 * reply) and needs neither consent nor obeys do-not-contact — it still keeps quiet hours.
 */
export enum ContactPurpose {
  MARKETING = "MARKETING",
  SERVICE = "SERVICE",
}
registerEnumType(ContactPurpose, {
  name: "ContactPurpose",
  description: "Why a customer is contacted: MARKETING (consent, do-not-contact, frequency cap) or SERVICE (contract duties: no consent needed, not held by do-not-contact).",
  valuesConfig: {
    MARKETING: { description: "Promotion of products and offers: needs marketing consent, and obeys do-not-contact, the frequency cap and quiet hours." },
    SERVICE: { description: "What the contract requires (a claim update, a renewal or lapse notice, a complaint reply): needs no consent and is not held by do-not-contact; quiet hours still apply." },
  },
});

/** Why a contact is held back; a decision lists every reason that applies, in this order. */
export enum HeldBackReason {
  NO_CONSENT = "NO_CONSENT",
  CHANNEL_DECLINED = "CHANNEL_DECLINED",
  DO_NOT_CONTACT = "DO_NOT_CONTACT",
  QUIET_HOURS = "QUIET_HOURS",
  FREQUENCY_CAP = "FREQUENCY_CAP",
  NO_CONTACT_POINT = "NO_CONTACT_POINT",
}
registerEnumType(HeldBackReason, {
  name: "HeldBackReason",
  description: "Why a contact is held back: no marketing consent, the channel declined, do-not-contact, quiet hours, the marketing frequency cap, or no address for the channel.",
  valuesConfig: {
    NO_CONSENT: { description: "No marketing consent in force for the purpose (never asked or refused) and no grant for this channel." },
    CHANNEL_DECLINED: { description: "The customer declined marketing on this channel (a channel decision overrides the purpose decision)." },
    DO_NOT_CONTACT: { description: "The customer is on the do-not-contact list (marketing only)." },
    QUIET_HOURS: { description: "Now is within the quiet hours and the channel is a real-time one (phone, SMS, WeChat)." },
    FREQUENCY_CAP: { description: "The customer had as many outbound marketing contacts in the cap's window as the cap allows." },
    NO_CONTACT_POINT: { description: "Nothing on record to reach the customer on this channel (no phone, e-mail, address or WeChat contact)." },
  },
});
