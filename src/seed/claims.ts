import { ClaimStatus } from "../modules/claim/claim.entity";
import { CustomerKind } from "../modules/customer/customer.enums";
import { PolicyStatus } from "../modules/policy/policy.entity";
import { atSecond, DAY, dayOf, HOUR, isoDate, MINUTE, startOfDay, yearOf } from "./clock";
import { formatCny } from "./format";
import { instantBetween, nextClaimNumber, type SeedContext } from "./context";
import { LINE_PROFILES, type ClaimKind } from "./lines";
import type { ClaimEventRow, ClaimSeed, CustomerSeed, PolicySeed } from "./model";
import type { Weighted } from "./random";

const { REPORTED, UNDER_REVIEW, APPROVED, REJECTED, PAID, CLOSED } = ClaimStatus;

/** Workflow paths the seed uses; a claim's status is the last step. CLOSED without payment = withdrawn. */
const PATHS: Record<ClaimStatus, readonly ClaimStatus[][]> = {
  [REPORTED]: [[REPORTED]],
  [UNDER_REVIEW]: [[REPORTED, UNDER_REVIEW]],
  [APPROVED]: [[REPORTED, UNDER_REVIEW, APPROVED]],
  [REJECTED]: [[REPORTED, UNDER_REVIEW, REJECTED]],
  [PAID]: [[REPORTED, UNDER_REVIEW, APPROVED, PAID]],
  [CLOSED]: [[REPORTED, UNDER_REVIEW, APPROVED, PAID, CLOSED], [REPORTED, UNDER_REVIEW, CLOSED]],
};

/** Hours a step usually takes after the previous one. */
const STEP_HOURS: Record<ClaimStatus, readonly [number, number]> = {
  [REPORTED]: [0, 0],
  [UNDER_REVIEW]: [2, 72],
  [APPROVED]: [48, 480],
  [REJECTED]: [72, 600],
  [PAID]: [24, 168],
  [CLOSED]: [24, 720],
};

const RECENT: Weighted<ClaimStatus> = [[REPORTED, 40], [UNDER_REVIEW, 40], [APPROVED, 10], [REJECTED, 5], [PAID, 5]];
const WEEKS_OLD: Weighted<ClaimStatus> = [[REPORTED, 8], [UNDER_REVIEW, 30], [APPROVED, 20], [REJECTED, 10], [PAID, 25], [CLOSED, 7]];
const SETTLED: Weighted<ClaimStatus> = [[REPORTED, 1], [UNDER_REVIEW, 3], [APPROVED, 4], [REJECTED, 12], [PAID, 25], [CLOSED, 55]];

const REJECTION_REASONS = [
  "Rejected: the loss falls under a policy exclusion.",
  "Rejected: the incident happened during the waiting period.",
  "Rejected: documents still missing after two requests.",
  "Rejected: a pre-existing condition was not disclosed at application.",
];

function pathFor(context: SeedContext, reportedAt: number): ClaimStatus[] {
  const age = context.now - reportedAt;
  const status = context.random.weighted(age < 14 * DAY ? RECENT : age < 60 * DAY ? WEEKS_OLD : SETTLED);
  const path = context.random.pick(PATHS[status]);
  return age < (path.length - 1) * HOUR ? [REPORTED] : path;
}

/** Step times after the report, squeezed when the whole chain would not have happened by now. */
function stepTimes(context: SeedContext, path: readonly ClaimStatus[], reportedAt: number): number[] {
  const gaps = path.slice(1).map((step) => context.random.real(STEP_HOURS[step][0], STEP_HOURS[step][1]) * HOUR);
  const available = context.now - reportedAt - gaps.length * MINUTE;
  const total = gaps.reduce((sum, gap) => sum + gap, 0);
  const scale = total > available ? available / total : 1;
  const times = [reportedAt];
  for (const gap of gaps) times.push(times[times.length - 1] + Math.max(MINUTE, atSecond(gap * scale)));
  return times;
}

function noteFor(step: ClaimStatus, path: readonly ClaimStatus[], approved: number | null, context: SeedContext): string {
  switch (step) {
    case REPORTED:
      return "Claim registered; acknowledgement sent to the policyholder.";
    case UNDER_REVIEW:
      return "Documents received; assessment started.";
    case APPROVED:
      return `Approved for ${formatCny(approved ?? 0)} after assessment.`;
    case REJECTED:
      return context.random.pick(REJECTION_REASONS);
    case PAID:
      return `${formatCny(approved ?? 0)} transferred to the policyholder's bank account.`;
    case CLOSED:
      return path.includes(PAID) ? "File closed after payment." : "Claim withdrawn by the policyholder; file closed.";
  }
}

function makeClaim(context: SeedContext, customer: CustomerSeed, policy: PolicySeed, kind: ClaimKind): ClaimSeed | null {
  const { random } = context;
  const lastIncident = Math.min(policy.coverTo, context.today - 1);
  if (lastIncident < policy.coverFrom) return null;
  const incidentDay = random.int(policy.coverFrom, lastIncident);
  const reportedAt = instantBetween(context, startOfDay(incidentDay) + 2 * HOUR, Math.min(startOfDay(incidentDay) + 30 * DAY, context.now));
  const path = pathFor(context, reportedAt);
  const times = stepTimes(context, path, reportedAt);
  const status = path[path.length - 1];
  const sumInsured = policy.row.sumInsured;
  const claimed = Math.min(sumInsured, Math.max(20_000, Math.round((sumInsured * random.real(kind.share[0], kind.share[1])) / 1_000) * 1_000));
  const approved = path.includes(APPROVED) ? Math.round((claimed * random.real(0.6, 1)) / 100) * 100 : null;
  const adjuster = random.pick(context.staff.adjusters);
  const closedAt = status === CLOSED || status === REJECTED ? times[times.length - 1] : null;
  const id = random.uuid();
  const events: ClaimEventRow[] = path.map((step, i) => ({
    id: random.uuid(),
    claimId: id,
    customerId: customer.row.id,
    fromStatus: i === 0 ? null : path[i - 1],
    toStatus: step,
    actorId: adjuster,
    note: noteFor(step, path, approved, context),
    occurredAt: new Date(times[i]),
  }));
  const fraudScore = status === REJECTED ? random.real(0.3, 1) : Math.pow(random.next(), 3) * 0.6;
  return {
    events,
    row: {
      id,
      claimNumber: nextClaimNumber(context, yearOf(dayOf(reportedAt))),
      policyId: policy.row.id,
      customerId: customer.row.id,
      kind: kind.kind,
      incidentDate: isoDate(incidentDay),
      reportedAt: new Date(reportedAt),
      status,
      claimedAmount: claimed,
      approvedAmount: approved,
      paidAmount: path.includes(PAID) ? approved : null,
      currency: "CNY",
      fraudScore: Math.round(fraudScore * 1000) / 1000,
      description: kind.description,
      assignedAdjusterId: adjuster,
      closedAt: closedAt === null ? null : new Date(closedAt),
      idempotencyKey: null,
      version: events.length,
      createdAt: new Date(reportedAt),
      updatedAt: new Date(times[times.length - 1]),
    },
  };
}

/** Claims under a policy that has been in force: most have none, a few have one or two. */
export function makeClaims(context: SeedContext, customer: CustomerSeed, policy: PolicySeed): ClaimSeed[] {
  const { random } = context;
  if (policy.row.status === PolicyStatus.QUOTED) return [];
  const profile = LINE_PROFILES[policy.product.line];
  const kinds = profile.claimKinds.filter((kind) => !kind.organisationOnly || customer.kind !== CustomerKind.INDIVIDUAL);
  if (kinds.length === 0 || !random.chance(profile.claimRate)) return [];
  const choices = kinds.map((kind) => [kind, kind.weight] as const);
  const claims: ClaimSeed[] = [];
  for (let i = random.chance(0.15) ? 2 : 1; i > 0; i--) {
    const claim = makeClaim(context, customer, policy, random.weighted(choices));
    if (claim) claims.push(claim);
  }
  return claims;
}
