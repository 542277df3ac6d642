import { recordApiSourceKey } from "../source/source-key.service";
import { causeOf, changed, recordEvents } from "../events/outbox";
import { SourceEntityKind } from "../source/source-key.entity";
import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { ConflictError, NotFoundError, invalidFields, type FieldProblem } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { idempotencyAuthor, scopedIdempotencyKey } from "../../shared/idempotency";
import { lockRegister, updateAtVersion } from "../../db/write-guards";
import { assertTransition } from "../../shared/workflow";
import { PolicyStatus } from "../policy/policy.entity";
import { Role } from "../../auth/role";
import { Claim, ClaimStatus } from "./claim.entity";
import { ClaimEvent } from "./claim-event.entity";
import { CLAIM_WORKFLOW, FINAL_CLAIM_STATUSES } from "./claim-workflow";
import type { FileClaimInput } from "./claim-write.inputs";
import { CLAIM_BY_ID } from "./claim.relations";
import { POLICY_BY_ID } from "../policy/policy.relations";

export interface ClaimTransition {
  to: ClaimStatus;
  note?: string | null;
  approvedAmount?: number | null;
  expectedVersion?: number | null;
}

function staffActor(ctx: RequestContext): string | null {
  return ctx.viewer.kind === "staff" ? ctx.viewer.id : null;
}

/** Numbers this API gives claims: CL, the year reported, a 7-digit serial shared by all years. */
export const GENERATED_CLAIM_NUMBER = "^CL[0-9]{11}$";

/** A generated claim number: the bulk import numbers the claims of a batch the same way, from one serial. */
export function claimNumber(year: number, serial: number): string {
  return `CL${year}${String(serial).padStart(7, "0")}`;
}

/** The next serial of generated claim numbers (the caller holds the claim register's lock). */
export async function nextClaimSerial(manager: EntityManager): Promise<number> {
  const [row]: { n: number }[] = await manager.query(
    `SELECT coalesce(max(substring(claim_number FROM 7)::int), 0) + 1 AS n FROM claim WHERE claim_number ~ $1`,
    [GENERATED_CLAIM_NUMBER],
  );
  return Number(row.n);
}

async function nextClaimNumber(manager: EntityManager, year: number): Promise<string> {
  return claimNumber(year, await nextClaimSerial(manager));
}

/** Opens a claim (REPORTED) under an ACTIVE policy of a customer in scope, with its first event. */
export async function fileClaim(ctx: RequestContext, input: FileClaimInput): Promise<Claim> {
  const policy = isUuid(input.policyId) ? await ctx.loaders.byId(POLICY_BY_ID).load(input.policyId) : null;
  if (!policy) throw new NotFoundError("Policy", input.policyId);
  const problems: FieldProblem[] = [];
  if (policy.status !== PolicyStatus.ACTIVE) {
    problems.push({ field: "policyId", problems: [`the policy is ${policy.status}; claims are filed under an ACTIVE policy`] });
  }
  const today = new Date().toISOString().slice(0, 10);
  if (input.incidentDate < policy.startDate || input.incidentDate > policy.endDate) {
    problems.push({ field: "incidentDate", problems: [`the incident date lies outside the policy period ${policy.startDate} – ${policy.endDate}`] });
  } else if (input.incidentDate > today) {
    problems.push({ field: "incidentDate", problems: ["the incident date is in the future"] });
  }
  if (input.claimedAmount > policy.sumInsured) {
    problems.push({ field: "claimedAmount", problems: [`the amount claimed exceeds the sum insured (${policy.sumInsured})`] });
  }
  if (problems.length > 0) throw invalidFields(problems);
  const reportedAt = new Date();
  const actorId = staffActor(ctx);
  // scoped to its author: another user's identical key is a fresh filing (shared/idempotency.ts)
  const idempotencyKey = scopedIdempotencyKey("fileClaim", idempotencyAuthor(ctx.viewer), input.idempotencyKey);
  return ctx.db.transaction(async (manager) => {
    await lockRegister(manager, "claim"); // claims are filed one at a time: the key check below cannot race
    if (idempotencyKey) {
      const earlier = await manager.findOneBy(Claim, { idempotencyKey });
      if (earlier) return sameClaimRequest(earlier, input);
    }
    const claim = manager.create(Claim, {
      claimNumber: await nextClaimNumber(manager, reportedAt.getUTCFullYear()),
      policyId: policy.id,
      customerId: policy.customerId,
      kind: input.kind,
      incidentDate: input.incidentDate,
      reportedAt,
      status: ClaimStatus.REPORTED,
      claimedAmount: input.claimedAmount,
      currency: policy.currency,
      description: input.description ?? null,
      assignedAdjusterId: ctx.viewer.kind === "staff" && ctx.viewer.role === Role.CLAIMS_ADJUSTER ? ctx.viewer.id : null,
      idempotencyKey,
    });
    const { id } = await manager.save(claim);
    await recordApiSourceKey(manager, SourceEntityKind.CLAIM, id);
    await manager.insert(ClaimEvent, {
      claimId: id, customerId: policy.customerId, fromStatus: null, toStatus: ClaimStatus.REPORTED, actorId, note: "Claim registered.", occurredAt: reportedAt,
    });
    await recordEvents(manager, causeOf(ctx), [{ type: "claim.filed", data: { customerId: policy.customerId, claimId: id } }]);
    return manager.findOneByOrFail(Claim, { id });
  });
}

/** A retried filing must be the same claim (policy, kind, incident day, amount), else the key was reused. */
function sameClaimRequest(earlier: Claim, input: FileClaimInput): Claim {
  const same = earlier.policyId === input.policyId && earlier.kind === input.kind && earlier.incidentDate === input.incidentDate && earlier.claimedAmount === input.claimedAmount;
  if (!same) {
    throw new ConflictError("This idempotencyKey was already used for a different claim", { reason: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" });
  }
  return earlier;
}

function amountChanges(claim: Claim, step: ClaimTransition): Partial<Claim> {
  const problems: FieldProblem[] = [];
  const approved = step.approvedAmount ?? null;
  if (step.to === ClaimStatus.APPROVED) {
    if (approved === null) problems.push({ field: "approvedAmount", problems: ["approvedAmount is required to approve a claim"] });
    else if (!Number.isSafeInteger(approved) || approved < 1 || approved > claim.claimedAmount) {
      problems.push({ field: "approvedAmount", problems: [`approvedAmount must be 1 to the amount claimed (${claim.claimedAmount})`] });
    }
  } else if (approved !== null) {
    problems.push({ field: "approvedAmount", problems: ["approvedAmount is given only when approving"] });
  }
  if (step.to === ClaimStatus.REJECTED && !step.note?.trim()) problems.push({ field: "note", problems: ["a rejection needs a note with the reason"] });
  if ((step.note?.length ?? 0) > 4000) problems.push({ field: "note", problems: ["note must have at most 4000 characters"] });
  if (problems.length > 0) throw invalidFields(problems);
  if (step.to === ClaimStatus.APPROVED) return { approvedAmount: approved };
  if (step.to === ClaimStatus.PAID) return { paidAmount: claim.approvedAmount };
  return {};
}

/**
 * One step of the workflow: the claim moves only from the version read (a concurrent step →
 * CONFLICT, nothing changed) and the step is written as a claim_event in the same transaction.
 */
export async function transitionClaim(ctx: RequestContext, id: string, step: ClaimTransition): Promise<Claim> {
  const claim = isUuid(id) ? await ctx.loaders.byId(CLAIM_BY_ID).load(id) : null;
  if (!claim) throw new NotFoundError("Claim", id);
  if (step.expectedVersion !== null && step.expectedVersion !== undefined && step.expectedVersion !== claim.version) {
    throw new ConflictError(`Claim ${id} is at version ${claim.version}, not ${step.expectedVersion}`, {
      reason: "STALE_VERSION", expectedVersion: step.expectedVersion, currentVersion: claim.version,
    });
  }
  assertTransition("Claim", CLAIM_WORKFLOW, claim.status, step.to);
  const occurredAt = new Date();
  const actorId = staffActor(ctx);
  const changes: Partial<Claim> = {
    ...amountChanges(claim, step),
    status: step.to,
    ...(FINAL_CLAIM_STATUSES.includes(step.to) ? { closedAt: occurredAt } : {}),
    ...(claim.assignedAdjusterId === null && ctx.viewer.kind === "staff" && ctx.viewer.role === Role.CLAIMS_ADJUSTER ? { assignedAdjusterId: ctx.viewer.id } : {}),
  };
  return ctx.db.transaction(async (manager) => {
    await updateAtVersion(manager, Claim, claim.id, claim.version, changes);
    await manager.insert(ClaimEvent, {
      claimId: claim.id, customerId: claim.customerId, fromStatus: claim.status, toStatus: step.to, actorId, note: step.note?.trim() || null, occurredAt,
    });
    await recordEvents(manager, causeOf(ctx), [changed("claim.transitioned", claim.customerId, Object.keys(changes), { claimId: claim.id })]);
    return manager.findOneByOrFail(Claim, { id: claim.id });
  });
}
