import { HeldBackReason } from "./contact-policy.enums";

/**
 * Every reason the contact policy gives (Customer.contactPolicy, Offer.heldBackReasons and
 * contactChannel), with the policy fields it is computed from (STYLE 10). All are PUBLIC except the
 * contact values, of which only whether one is on record is used (PRESENCE_ONLY): every form a role
 * may read them in — full or masked — is null exactly when the value is, so the answer depends on
 * nothing a role does not see. The privacy oracle probes these inputs (test/privacy-oracle.spec.ts).
 */
export const CONTACT_POLICY_OUTPUT_INPUTS: Record<HeldBackReason, readonly string[]> = {
  NO_CONSENT: ["Consent.purpose", "Consent.granted", "Consent.contactChannel"],
  CHANNEL_DECLINED: ["Consent.purpose", "Consent.granted", "Consent.contactChannel"],
  DO_NOT_CONTACT: ["ContactPolicy.doNotContact"],
  QUIET_HOURS: [],
  FREQUENCY_CAP: ["Interaction.kind", "Interaction.direction", "Interaction.occurredAt"],
  NO_CONTACT_POINT: ["Customer.phone", "Customer.email", "Customer.address", "Interaction.channel"],
};

/** Inputs used only as "on record or not". */
export const PRESENCE_ONLY: readonly string[] = ["Customer.phone", "Customer.email", "Customer.address"];
