import { Channel, CustomerKind } from "../modules/customer/customer.enums";
import { ComplaintStatus } from "../modules/interaction/complaint.entity";
import { Direction, InteractionKind, InteractionStatus } from "../modules/interaction/interaction.entity";
import { atSecond, DAY, HOUR, MINUTE, YEAR_DAYS } from "./clock";
import { instantBetween, type SeedContext } from "./context";
import { complaintTiming, makeComplaint } from "./complaints";
import type { ComplaintRow, CustomerSeed, InteractionRow } from "./model";
import type { Weighted } from "./random";
import { NOTES, SUBJECTS } from "./service-texts";

const COUNTS: Weighted<number> = [
  [0, 8], [1, 8], [2, 9], [3, 9], [4, 9], [5, 9], [6, 8], [7, 8], [8, 7], [9, 6], [10, 5], [11, 4], [12, 3], [13, 2], [14, 2], [15, 2],
];
const KINDS: Weighted<InteractionKind> = [
  [InteractionKind.INQUIRY, 30], [InteractionKind.PURCHASE, 10], [InteractionKind.CLAIM_SUPPORT, 8], [InteractionKind.COMPLAINT, 6],
  [InteractionKind.RENEWAL, 14], [InteractionKind.FEEDBACK, 18], [InteractionKind.RISK_NOTICE, 12],
];
const OUTBOUND_SHARE: Record<InteractionKind, number> = {
  INQUIRY: 0.1, PURCHASE: 0.4, CLAIM_SUPPORT: 0.2, COMPLAINT: 0, RENEWAL: 0.75, FEEDBACK: 0.5, RISK_NOTICE: 1, MARKETING: 1,
};
const INBOUND_CHANNELS: Weighted<Channel> = [
  [Channel.HOTLINE, 20], [Channel.APP, 18], [Channel.WECHAT, 16], [Channel.PHONE, 12], [Channel.BRANCH, 10],
  [Channel.WEB, 10], [Channel.EMAIL, 6], [Channel.AGENT_VISIT, 5], [Channel.SOCIAL, 3],
];
const OUTBOUND_CHANNELS: Weighted<Channel> = [
  [Channel.PHONE, 30], [Channel.WECHAT, 20], [Channel.AGENT_VISIT, 18], [Channel.EMAIL, 14], [Channel.APP, 12], [Channel.SOCIAL, 6],
];
const SATISFACTION: Weighted<number> = [[5, 45], [4, 36], [3, 12], [2, 4], [1, 3]];
const COMPLAINANT_SATISFACTION: Weighted<number> = [[5, 10], [4, 25], [3, 30], [2, 20], [1, 15]];
const SELF_SERVICE = new Set([Channel.APP, Channel.WEB, Channel.SOCIAL]);

export interface ServiceHistory {
  interactions: InteractionRow[];
  complaints: ComplaintRow[];
}

function staffFor(context: SeedContext, customer: CustomerSeed, kind: InteractionKind, channel: Channel, direction: Direction): string | null {
  const { random, staff } = context;
  const agent = customer.row.assignedAgentId;
  if (kind === InteractionKind.COMPLAINT && random.chance(0.4)) return random.pick(staff.compliance);
  if (kind === InteractionKind.CLAIM_SUPPORT && random.chance(0.6)) return random.pick(staff.adjusters);
  if (direction === Direction.INBOUND && SELF_SERVICE.has(channel) && random.chance(0.4)) return null;
  if (channel === Channel.HOTLINE && random.chance(0.5)) return random.pick(staff.agents);
  return agent;
}

/** Inbound contacts get a first response within the 24-hour target nine times out of ten. */
function responseDelay(context: SeedContext, direction: Direction): number {
  const { random } = context;
  if (direction === Direction.OUTBOUND) return 0;
  if (random.chance(0.9)) return Math.min(23 * HOUR, Math.max(2 * MINUTE, random.logNormal(1.5 * HOUR, 1.2)));
  return random.real(25, 96) * HOUR;
}

interface ContactTiming {
  subject: string;
  occurredAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
}

/** A complaint contact takes its times and subject from the complaint record it opens. */
function complaintContact(context: SeedContext, interactionId: string, customerId: string, earliest: number, complaints: ComplaintRow[]): ContactTiming {
  const timing = complaintTiming(context, earliest);
  const { complaint, subject } = makeComplaint(context, interactionId, customerId, timing);
  complaints.push(complaint);
  const untouched = timing.status === ComplaintStatus.RECEIVED && context.random.chance(0.5);
  const responded = Math.min(atSecond(timing.receivedAt + context.random.real(0.2, 6) * HOUR), timing.resolvedAt ?? Infinity);
  return {
    subject,
    occurredAt: timing.receivedAt,
    firstResponseAt: untouched || responded > context.now ? null : responded,
    resolvedAt: timing.resolvedAt,
  };
}

/** Other contacts: answered (mostly within the target) and resolved, except some of the last week's. */
function serviceContact(context: SeedContext, kind: Exclude<InteractionKind, InteractionKind.COMPLAINT>, direction: Direction, earliest: number): ContactTiming {
  const { random, now } = context;
  const occurredAt = instantBetween(context, earliest, now - 10 * MINUTE);
  const responded = atSecond(occurredAt + responseDelay(context, direction));
  const firstResponseAt = responded <= now ? responded : null;
  const leftOpen = firstResponseAt === null || (now - occurredAt < 7 * DAY && random.chance(0.4));
  const resolved = firstResponseAt === null ? null : atSecond(firstResponseAt + random.real(5 / 60, 72) * HOUR);
  return {
    subject: random.pick(SUBJECTS[kind]),
    occurredAt,
    firstResponseAt,
    resolvedAt: leftOpen || resolved === null || resolved > now ? null : resolved,
  };
}

/** Service contacts over the last two years, with a complaint record for every complaint contact. */
export function makeServiceHistory(context: SeedContext, customer: CustomerSeed, productNames: readonly string[], claimCount: number): ServiceHistory {
  const { random, now } = context;
  const history: ServiceHistory = { interactions: [], complaints: [] };
  if (customer.minor || customer.erasedAt !== null) return history;
  const earliest = Math.max(customer.createdAt, now - 2 * YEAR_DAYS * DAY);
  const count = Math.min(15, random.weighted(COUNTS) + (customer.kind === CustomerKind.INDIVIDUAL ? 0 : 2));
  const kinds = claimCount > 0 ? [...KINDS, [InteractionKind.CLAIM_SUPPORT, 20] as const] : KINDS;
  for (let i = 0; i < count; i++) {
    const kind = random.weighted(kinds);
    const direction = random.chance(OUTBOUND_SHARE[kind]) ? Direction.OUTBOUND : Direction.INBOUND;
    const preferred = customer.row.preferredChannel;
    const channel = preferred && random.chance(0.5) ? preferred : random.weighted(direction === Direction.INBOUND ? INBOUND_CHANNELS : OUTBOUND_CHANNELS);
    const id = random.uuid();
    const contact =
      kind === InteractionKind.COMPLAINT
        ? complaintContact(context, id, customer.row.id, earliest, history.complaints)
        : serviceContact(context, kind, direction, earliest);
    const { occurredAt, firstResponseAt, resolvedAt } = contact;
    const satisfaction =
      resolvedAt !== null && random.chance(0.62) ? random.weighted(kind === InteractionKind.COMPLAINT ? COMPLAINANT_SATISFACTION : SATISFACTION) : null;
    history.interactions.push({
      id,
      customerId: customer.row.id,
      channel,
      kind,
      direction,
      subject: contact.subject.replace("{product}", random.pick(productNames)),
      notes: random.pick(NOTES[kind]),
      occurredAt: new Date(occurredAt),
      staffId: staffFor(context, customer, kind, channel, direction),
      satisfaction,
      firstResponseAt: firstResponseAt === null ? null : new Date(firstResponseAt),
      resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
      status: resolvedAt === null ? InteractionStatus.OPEN : InteractionStatus.RESOLVED,
      idempotencyKey: null,
      createdAt: new Date(occurredAt),
      updatedAt: new Date(resolvedAt ?? firstResponseAt ?? occurredAt),
    });
  }
  return history;
}
