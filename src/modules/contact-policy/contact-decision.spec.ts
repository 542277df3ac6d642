import type { ContactSettings } from "../../config";
import { contactDecision, contactsInWindow, inQuietHours, localTimeOfDay, type CustomerContactFacts } from "./contact-decision";
import { ContactChannel, ContactPurpose, HeldBackReason } from "./contact-policy.enums";

const { PHONE, SMS, EMAIL, WECHAT, POST } = ContactChannel;
const { MARKETING, SERVICE } = ContactPurpose;
const { NO_CONSENT, CHANNEL_DECLINED, DO_NOT_CONTACT, QUIET_HOURS, FREQUENCY_CAP, NO_CONTACT_POINT } = HeldBackReason;
const ALL = [PHONE, SMS, EMAIL, WECHAT, POST];
const DAY = 86_400_000;

const SETTINGS: ContactSettings = {
  quietHours: { startMs: 21 * 3_600_000, endMs: 8 * 3_600_000, timeZone: "Asia/Shanghai" },
  marketingCap: { contacts: 2, days: 30 },
};
/** 12:00 in Shanghai (04:00 UTC): outside quiet hours. */
const NOON = new Date("2026-11-20T04:00:00.000Z");
/** Shanghai wall time → the instant (UTC+8 all year). */
const shanghai = (wall: string) => new Date(`${wall}+08:00`);

const facts = (over: Partial<CustomerContactFacts> = {}): CustomerContactFacts => ({
  marketingConsent: true,
  marketingRefusedOnLinkedRecord: false,
  channelConsents: {},
  doNotContact: false,
  contactPoints: ALL,
  marketingContactTimes: [],
  ...over,
});

const decide = (over: Partial<CustomerContactFacts>, purpose: ContactPurpose, channel: ContactChannel, now = NOON, settings = SETTINGS) =>
  contactDecision(facts(over), purpose, channel, now, settings);

describe("contactDecision", () => {
  it("allows marketing on every channel with consent, a contact point, outside quiet hours and under the cap", () => {
    for (const channel of ALL) expect(decide({}, MARKETING, channel)).toEqual({ allowed: true, reasons: [] });
  });

  it("holds marketing back without a purpose grant: never asked and refused alike", () => {
    expect(decide({ marketingConsent: null }, MARKETING, EMAIL)).toEqual({ allowed: false, reasons: [NO_CONSENT] });
    expect(decide({ marketingConsent: false }, MARKETING, EMAIL)).toEqual({ allowed: false, reasons: [NO_CONSENT] });
  });

  it("lets a channel decision override the purpose decision for that channel only", () => {
    const declinedSms = { channelConsents: { [SMS]: false } };
    expect(decide(declinedSms, MARKETING, SMS)).toEqual({ allowed: false, reasons: [CHANNEL_DECLINED] });
    expect(decide(declinedSms, MARKETING, EMAIL)).toEqual({ allowed: true, reasons: [] });
    const onlyEmail = { marketingConsent: false, channelConsents: { [EMAIL]: true } };
    expect(decide(onlyEmail, MARKETING, EMAIL)).toEqual({ allowed: true, reasons: [] });
    expect(decide(onlyEmail, MARKETING, PHONE)).toEqual({ allowed: false, reasons: [NO_CONSENT] });
    expect(decide({ marketingConsent: null, channelConsents: { [POST]: true } }, MARKETING, POST)).toEqual({ allowed: true, reasons: [] });
  });

  it("lets no channel grant override a refusal given on a linked record (refusal wins for the person)", () => {
    const linked = { marketingConsent: false, marketingRefusedOnLinkedRecord: true, channelConsents: { [EMAIL]: true } };
    expect(decide(linked, MARKETING, EMAIL)).toEqual({ allowed: false, reasons: [NO_CONSENT] });
  });

  it("holds every marketing contact back for do-not-contact, and no service contact", () => {
    for (const channel of ALL) {
      expect(decide({ doNotContact: true }, MARKETING, channel)).toEqual({ allowed: false, reasons: [DO_NOT_CONTACT] });
      expect(decide({ doNotContact: true, marketingConsent: false }, SERVICE, channel)).toEqual({ allowed: true, reasons: [] });
    }
  });

  it("needs no consent for service contact and ignores channel declines and the cap there", () => {
    const over = { marketingConsent: false, channelConsents: { [SMS]: false }, marketingContactTimes: [NOON.getTime() - DAY, NOON.getTime() - 2 * DAY] };
    expect(decide(over, SERVICE, SMS)).toEqual({ allowed: true, reasons: [] });
    expect(decide(over, MARKETING, SMS)).toEqual({ allowed: false, reasons: [CHANNEL_DECLINED, FREQUENCY_CAP] });
  });

  it("keeps quiet hours 21:00–08:00 Shanghai on real-time channels, for both purposes, exactly at the boundaries", () => {
    const cases: [string, boolean][] = [
      ["2026-11-20T20:59:59.999", false], ["2026-11-20T21:00:00.000", true], ["2026-11-20T23:59:59.999", true],
      ["2026-11-21T00:00:00.000", true], ["2026-11-21T07:59:59.999", true], ["2026-11-21T08:00:00.000", false], ["2026-11-21T12:00:00.000", false],
    ];
    for (const [wall, quiet] of cases) {
      for (const purpose of [MARKETING, SERVICE]) {
        for (const channel of [PHONE, SMS, WECHAT]) {
          expect([wall, purpose, channel, decide({}, purpose, channel, shanghai(wall))]).toEqual([wall, purpose, channel, quiet ? { allowed: false, reasons: [QUIET_HOURS] } : { allowed: true, reasons: [] }]);
        }
        // e-mail and letters wait to be read: no quiet hours
        for (const channel of [EMAIL, POST]) expect(decide({}, purpose, channel, shanghai(wall))).toEqual({ allowed: true, reasons: [] });
      }
    }
  });

  it("reads quiet hours in the configured zone, not UTC", () => {
    expect(localTimeOfDay("Asia/Shanghai", Date.parse("2026-11-20T13:00:00Z"))).toBe(21 * 3_600_000);
    expect(inQuietHours({ startMs: 21 * 3_600_000, endMs: 8 * 3_600_000, timeZone: "Asia/Shanghai" }, Date.parse("2026-11-20T13:00:00Z"))).toBe(true);
    expect(inQuietHours({ startMs: 21 * 3_600_000, endMs: 8 * 3_600_000, timeZone: "UTC" }, Date.parse("2026-11-20T13:00:00Z"))).toBe(false);
    // a window that does not wrap midnight, and an empty one
    expect(inQuietHours({ startMs: 12 * 3_600_000, endMs: 14 * 3_600_000, timeZone: "UTC" }, Date.parse("2026-11-20T13:59:59Z"))).toBe(true);
    expect(inQuietHours({ startMs: 12 * 3_600_000, endMs: 14 * 3_600_000, timeZone: "UTC" }, Date.parse("2026-11-20T14:00:00Z"))).toBe(false);
    expect(inQuietHours({ startMs: 0, endMs: 0, timeZone: "UTC" }, Date.parse("2026-11-20T00:00:00Z"))).toBe(false);
  });

  it("caps marketing at 2 outbound contacts in exactly the last 30 days", () => {
    const now = NOON.getTime();
    const window = now - 30 * DAY;
    // one contact exactly 30 days ago (outside), one a millisecond later (inside), one now (inside), one in the future (outside)
    expect(contactsInWindow([window, window + 1, now, now + 1], now, { contacts: 2, days: 30 })).toBe(2);
    expect(decide({ marketingContactTimes: [window + 1] }, MARKETING, EMAIL)).toEqual({ allowed: true, reasons: [] });
    expect(decide({ marketingContactTimes: [window + 1, now] }, MARKETING, EMAIL)).toEqual({ allowed: false, reasons: [FREQUENCY_CAP] });
    expect(decide({ marketingContactTimes: [window, now] }, MARKETING, EMAIL)).toEqual({ allowed: true, reasons: [] });
    // configurable: 1 per 7 days; no cap at all
    expect(decide({ marketingContactTimes: [now - 6 * DAY] }, MARKETING, EMAIL, NOON, { ...SETTINGS, marketingCap: { contacts: 1, days: 7 } }).reasons).toEqual([FREQUENCY_CAP]);
    expect(decide({ marketingContactTimes: [now - 7 * DAY] }, MARKETING, EMAIL, NOON, { ...SETTINGS, marketingCap: { contacts: 1, days: 7 } }).reasons).toEqual([]);
    expect(decide({ marketingContactTimes: [now, now, now] }, MARKETING, EMAIL, NOON, { ...SETTINGS, marketingCap: null }).reasons).toEqual([]);
  });

  it("needs a contact point for the channel, for both purposes", () => {
    const phoneOnly = { contactPoints: [PHONE, SMS] };
    expect(decide(phoneOnly, SERVICE, EMAIL)).toEqual({ allowed: false, reasons: [NO_CONTACT_POINT] });
    expect(decide(phoneOnly, MARKETING, POST)).toEqual({ allowed: false, reasons: [NO_CONTACT_POINT] });
    expect(decide(phoneOnly, MARKETING, SMS)).toEqual({ allowed: true, reasons: [] });
  });

  it("lists every reason that applies, in a fixed order", () => {
    const everything = {
      marketingConsent: true, channelConsents: { [SMS]: false }, doNotContact: true, contactPoints: [],
      marketingContactTimes: [NOON.getTime() - DAY, NOON.getTime() - 2 * DAY],
    };
    expect(decide(everything, MARKETING, SMS, shanghai("2026-11-20T22:30:00"))).toEqual({
      allowed: false, reasons: [CHANNEL_DECLINED, DO_NOT_CONTACT, QUIET_HOURS, FREQUENCY_CAP, NO_CONTACT_POINT],
    });
    expect(decide({ ...everything, channelConsents: {}, marketingConsent: null }, MARKETING, PHONE, shanghai("2026-11-20T22:30:00")).reasons)
      .toEqual([NO_CONSENT, DO_NOT_CONTACT, QUIET_HOURS, FREQUENCY_CAP, NO_CONTACT_POINT]);
    expect(decide(everything, SERVICE, SMS, shanghai("2026-11-20T22:30:00")).reasons).toEqual([QUIET_HOURS, NO_CONTACT_POINT]);
  });

  it("without quiet hours configured, holds nothing back at night", () => {
    expect(decide({}, MARKETING, PHONE, shanghai("2026-11-20T23:00:00"), { ...SETTINGS, quietHours: null })).toEqual({ allowed: true, reasons: [] });
  });
});
