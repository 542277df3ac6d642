import { ComplaintStatus, Severity } from "../modules/interaction/complaint.entity";
import { atSecond, DAY, HOUR, MINUTE } from "./clock";
import { instantBetween, type SeedContext } from "./context";
import type { ComplaintRow } from "./model";
import type { Weighted } from "./random";
import { COMPLAINT_CATEGORIES, ESCALATION_REASONS, OVERDUE_ESCALATION_REASON, RESOLUTIONS } from "./service-texts";

/** The service target: a complaint is due 24 hours after it was received. */
export const COMPLAINT_RESPONSE_TARGET = 24 * HOUR;

const STATUSES: Weighted<ComplaintStatus> = [
  [ComplaintStatus.RESOLVED, 60], [ComplaintStatus.RECEIVED, 12], [ComplaintStatus.INVESTIGATING, 15], [ComplaintStatus.ESCALATED, 13],
];
const SEVERITIES: Weighted<Severity> = [[Severity.LOW, 30], [Severity.MEDIUM, 45], [Severity.HIGH, 20], [Severity.CRITICAL, 5]];

export interface ComplaintTiming {
  status: ComplaintStatus;
  receivedAt: number;
  resolvedAt: number | null;
}

/**
 * When a complaint came in and, if resolved, when: most are resolved within the target, some
 * later; open ones are either fresh (received in the last hours, not yet due) or overdue.
 */
export function complaintTiming(context: SeedContext, earliest: number): ComplaintTiming {
  const { random, now } = context;
  const status = random.weighted(STATUSES);
  if (status === ComplaintStatus.RESOLVED) {
    const handling = random.chance(0.75) ? random.real(2, 23) * HOUR : random.real(25, 240) * HOUR;
    const receivedAt = instantBetween(context, earliest, Math.max(earliest, now - handling));
    return { status, receivedAt, resolvedAt: Math.min(now, receivedAt + atSecond(handling)) };
  }
  const fresh = random.chance(0.3) || earliest > now - 25 * HOUR;
  const receivedAt = fresh
    ? instantBetween(context, Math.max(earliest, now - 20 * HOUR), now - 30 * MINUTE)
    : instantBetween(context, Math.max(earliest, now - 20 * DAY), now - 25 * HOUR);
  return { status, receivedAt, resolvedAt: null };
}

function escalationReason(context: SeedContext, receivedAt: number): string {
  const overdue = receivedAt + COMPLAINT_RESPONSE_TARGET < context.now;
  return overdue && context.random.chance(0.4) ? OVERDUE_ESCALATION_REASON : context.random.pick(ESCALATION_REASONS);
}

/** The complaint record of a complaint contact, and the subject that contact gets. */
export function makeComplaint(
  context: SeedContext,
  interactionId: string,
  customerId: string,
  timing: ComplaintTiming,
): { complaint: ComplaintRow; subject: string } {
  const { random } = context;
  const { status, receivedAt, resolvedAt } = timing;
  const changes = { RECEIVED: 0, INVESTIGATING: 1, ESCALATED: 2, RESOLVED: 2 }[status];
  const { category, subject } = random.weighted(COMPLAINT_CATEGORIES);
  const complaint: ComplaintRow = {
    id: random.uuid(),
    interactionId,
    customerId,
    category,
    severity: random.weighted(SEVERITIES),
    status,
    receivedAt: new Date(receivedAt),
    dueAt: new Date(receivedAt + COMPLAINT_RESPONSE_TARGET),
    resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
    resolution: status === ComplaintStatus.RESOLVED ? random.pick(RESOLUTIONS) : null,
    escalationReason: status === ComplaintStatus.ESCALATED ? escalationReason(context, receivedAt) : null,
    version: 1 + changes,
    updatedAt: new Date(resolvedAt ?? receivedAt),
    // the deadline clock signals seeded open complaints on the dispatcher's first pass
    dueSoonSignalledAt: null,
    overdueSignalledAt: null,
  };
  return { complaint, subject };
}
