import { Channel } from "../customer/customer.enums";
import { HOUR_MS } from "./zoned-time";

export enum CasePriority {
  LOW = "LOW",
  NORMAL = "NORMAL",
  HIGH = "HIGH",
  URGENT = "URGENT",
}

/** The two clocks of a case. */
export enum SlaMilestone {
  FIRST_RESPONSE = "FIRST_RESPONSE",
  RESOLUTION = "RESOLUTION",
}

/** How a target's duration is counted. */
export enum SlaMeasure {
  BUSINESS = "BUSINESS",
  ELAPSED = "ELAPSED",
}

/** What each measure counts (the schema describes the values from this). */
export const SLA_MEASURE_MEANING: Record<SlaMeasure, string> = {
  BUSINESS: "Only working hours of the SLA policy's business calendar count.",
  ELAPSED: "Every hour counts, day and night, weekends and holidays (24×7).",
};

export interface SlaTarget {
  readonly measure: SlaMeasure;
  readonly durationMs: number;
}

type MilestoneTargets = Readonly<Record<SlaMilestone, SlaTarget>>;

export interface SlaPolicy {
  /** The `business_calendar` row BUSINESS targets are counted on. */
  readonly calendarCode: string;
  readonly byPriority: Readonly<Record<CasePriority, MilestoneTargets>>;
  /** Exceptions for a channel: they replace the priority's target of that milestone. */
  readonly channelOverrides: Readonly<Partial<Record<Channel, Partial<Record<CasePriority, Partial<MilestoneTargets>>>>>>;
}

const elapsedHours = (hours: number): SlaTarget => ({ measure: SlaMeasure.ELAPSED, durationMs: hours * HOUR_MS });
const businessHours = (hours: number): SlaTarget => ({ measure: SlaMeasure.BUSINESS, durationMs: hours * HOUR_MS });

/** Live voice: the 24×7 hotline answers urgent matters within the hour. */
const LIVE_VOICE = {
  [CasePriority.URGENT]: { [SlaMilestone.FIRST_RESPONSE]: elapsedHours(1) },
  [CasePriority.HIGH]: { [SlaMilestone.FIRST_RESPONSE]: elapsedHours(4) },
};

/**
 * The default service levels — the one place they are declared. First response is the seed's
 * "24-hour response to every enquiry": 24 clock hours (ELAPSED), nights and holidays included, as
 * the customer counts them; sooner for HIGH and URGENT. Resolution is work, counted in business
 * hours on the mainland calendar (a working day is 9 h: 45 h = 5 working days).
 */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  calendarCode: "CN_MAINLAND",
  byPriority: {
    [CasePriority.URGENT]: { [SlaMilestone.FIRST_RESPONSE]: elapsedHours(2), [SlaMilestone.RESOLUTION]: businessHours(9) },
    [CasePriority.HIGH]: { [SlaMilestone.FIRST_RESPONSE]: elapsedHours(8), [SlaMilestone.RESOLUTION]: businessHours(27) },
    [CasePriority.NORMAL]: { [SlaMilestone.FIRST_RESPONSE]: elapsedHours(24), [SlaMilestone.RESOLUTION]: businessHours(45) },
    [CasePriority.LOW]: { [SlaMilestone.FIRST_RESPONSE]: elapsedHours(24), [SlaMilestone.RESOLUTION]: businessHours(90) },
  },
  channelOverrides: {
    [Channel.HOTLINE]: LIVE_VOICE,
    [Channel.PHONE]: LIVE_VOICE,
  },
};

const hours = (target: SlaTarget): string => `${target.durationMs / HOUR_MS} ${target.measure === SlaMeasure.BUSINESS ? "business" : "clock"} hours`;

/**
 * What each priority means in the default policy (the schema describes CasePriority from this): its
 * targets, and the channels that answer sooner. A deployment may change them (CASE_SLA_TARGETS).
 */
export function casePriorityMeanings(policy: SlaPolicy = DEFAULT_SLA_POLICY): Record<CasePriority, string> {
  const meanings = {} as Record<CasePriority, string>;
  for (const priority of Object.values(CasePriority)) {
    const targets = policy.byPriority[priority];
    const sooner = Object.entries(policy.channelOverrides)
      .map(([channel, byPriority]) => [channel, byPriority?.[priority]?.[SlaMilestone.FIRST_RESPONSE]] as const)
      .filter(([, target]) => target !== undefined)
      .map(([channel, target]) => `${channel} ${hours(target!)}`);
    meanings[priority] =
      `By default: first response within ${hours(targets[SlaMilestone.FIRST_RESPONSE])}${sooner.length > 0 ? ` (${sooner.join(", ")})` : ""}, ` +
      `resolution within ${hours(targets[SlaMilestone.RESOLUTION])}.`;
  }
  return meanings;
}

/** The target a case of this channel and priority has for a milestone under a policy. */
export function slaTargetFor(policy: SlaPolicy, channel: Channel, priority: CasePriority, milestone: SlaMilestone): SlaTarget {
  return policy.channelOverrides[channel]?.[priority]?.[milestone] ?? policy.byPriority[priority][milestone];
}

/** A deployment's CASE_SLA_TARGETS that cannot be read: the API refuses to start with the reason. */
export class SlaSettingError extends Error {}

const MAX_TARGET_HOURS = 24 * 366;

/**
 * The default policy with a deployment's targets (`CASE_SLA_TARGETS`): comma-separated entries
 * `PRIORITY.MILESTONE=<hours>h` (ELAPSED, 24×7) or `…=<hours>bh` (BUSINESS hours on the calendar),
 * optionally for one channel: `CHANNEL.PRIORITY.MILESTONE=…` (an override, as the live voice ones).
 * E.g. `NORMAL.FIRST_RESPONSE=12h,HOTLINE.URGENT.FIRST_RESPONSE=0.5h,LOW.RESOLUTION=63bh`.
 * Empty or unset: the defaults. Anything else is refused with the entry and the reason.
 */
export function slaPolicyWith(base: SlaPolicy, setting: string | null | undefined): SlaPolicy {
  const entries = (setting ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return base;
  const byPriority = Object.fromEntries(Object.entries(base.byPriority).map(([priority, targets]) => [priority, { ...targets }])) as Record<CasePriority, Record<SlaMilestone, SlaTarget>>;
  const channelOverrides = Object.fromEntries(Object.entries(base.channelOverrides).map(([channel, byP]) =>
    [channel, Object.fromEntries(Object.entries(byP ?? {}).map(([priority, targets]) => [priority, { ...targets }]))])) as Partial<Record<Channel, Partial<Record<CasePriority, Partial<Record<SlaMilestone, SlaTarget>>>>>>;
  for (const entry of entries) {
    const match = /^(?:([A-Z_]+)\.)?([A-Z]+)\.([A-Z_]+)=(\d+(?:\.\d+)?)(bh|h)$/.exec(entry);
    const refuse = (why: string): never => { throw new SlaSettingError(`CASE_SLA_TARGETS: "${entry}" ${why}`); };
    if (!match) refuse("is not [CHANNEL.]PRIORITY.MILESTONE=<hours>h or <hours>bh (e.g. NORMAL.FIRST_RESPONSE=12h)");
    const [, channel, priority, milestone, hours, unit] = match!;
    if (channel !== undefined && !(Object.values(Channel) as string[]).includes(channel)) refuse(`names no channel (${Object.values(Channel).join(", ")})`);
    if (!(Object.values(CasePriority) as string[]).includes(priority)) refuse(`names no priority (${Object.values(CasePriority).join(", ")})`);
    if (!(Object.values(SlaMilestone) as string[]).includes(milestone)) refuse(`names no milestone (${Object.values(SlaMilestone).join(", ")})`);
    const value = Number(hours);
    if (value <= 0 || value > MAX_TARGET_HOURS) refuse(`must give more than 0 and at most ${MAX_TARGET_HOURS} hours`);
    const target = unit === "bh" ? businessHours(value) : elapsedHours(value);
    if (channel === undefined) byPriority[priority as CasePriority][milestone as SlaMilestone] = target;
    else {
      const forChannel = (channelOverrides[channel as Channel] ??= {});
      forChannel[priority as CasePriority] = { ...forChannel[priority as CasePriority], [milestone]: target };
    }
  }
  return { calendarCode: base.calendarCode, byPriority, channelOverrides };
}

/** A policy's identity: equal for equal targets (keys in a fixed order), whatever object holds them. */
export function slaPolicyFingerprint(policy: SlaPolicy): string {
  const sorted = (value: unknown): unknown =>
    value && typeof value === "object" ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])])) : value;
  return JSON.stringify(sorted(policy));
}
