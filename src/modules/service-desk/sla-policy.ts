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
  /** Only working hours of the policy's business calendar count. */
  BUSINESS = "BUSINESS",
  /** Every hour counts, day and night, weekends and holidays (24×7). */
  ELAPSED = "ELAPSED",
}

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

/** The target a case of this channel and priority has for a milestone under a policy. */
export function slaTargetFor(policy: SlaPolicy, channel: Channel, priority: CasePriority, milestone: SlaMilestone): SlaTarget {
  return policy.channelOverrides[channel]?.[priority]?.[milestone] ?? policy.byPriority[priority][milestone];
}
