import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { ConflictError, invalidFields, NotFoundError, UnauthenticatedError, type FieldProblem } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { AuditEntry } from "../audit/audit-entry.entity";
import type { Customer } from "../customer/customer.entity";
import { requireCustomer } from "../customer/customer.service";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { DuplicateCandidate, DuplicateStatus } from "./duplicate-candidate.entity";
import { linkRecords, membersOf, unlinkRecord } from "./person-links";
import { proposePair } from "./record-matching";
import { piiCipher } from "../customer/customer-identity.service";
import { causeOf } from "../events/outbox";

const MAX_REASON = 200;

function reasonProblems(reason: string): FieldProblem[] {
  const trimmed = reason.trim();
  if (trimmed.length === 0) return [{ field: "reason", problems: ["reason must not be empty"] }];
  if (trimmed.length > MAX_REASON) return [{ field: "reason", problems: [`reason must be at most ${MAX_REASON} characters`] }];
  return [];
}

function requireReason(reason: string): string {
  const problems = reasonProblems(reason);
  if (problems.length > 0) throw invalidFields(problems);
  return reason.trim();
}

function decider(ctx: RequestContext) {
  if (ctx.viewer.kind !== "staff") throw new UnauthenticatedError();
  return ctx.viewer;
}

/** Each decision is audited once per record it touched, with the reviewer's reason. */
async function auditDecision(ctx: RequestContext, manager: EntityManager, operation: string, customerIds: string[], outcome: string, reason: string): Promise<void> {
  const viewer = decider(ctx);
  await manager.insert(
    AuditEntry,
    customerIds.map((customerId) => ({
      actorId: viewer.id, role: viewer.role, purpose: reason.slice(0, 80), operation, requestId: ctx.requestId, customerId, fields: [], outcome,
    })),
  );
}

/** Both records must be in the reviewer's row scope and not erased: a link says they are one person. */
async function linkable(ctx: RequestContext, id: string): Promise<Customer> {
  const customer = await requireCustomer(ctx, id);
  if (customer.erasedAt) throw new ConflictError(`Customer ${id} was erased and cannot be linked`, { reason: "ERASED" });
  return customer;
}

async function pairOf(manager: EntityManager, a: string, b: string): Promise<DuplicateCandidate | null> {
  return manager
    .getRepository(DuplicateCandidate)
    .createQueryBuilder("d")
    .where("(d.customer_id = :a AND d.candidate_customer_id = :b) OR (d.customer_id = :b AND d.candidate_customer_id = :a)", { a, b })
    .orderBy("d.detected_at", "ASC")
    .getOne();
}

async function decide(manager: EntityManager, ctx: RequestContext, candidateId: string, status: DuplicateStatus, reason: string): Promise<void> {
  await manager.update(DuplicateCandidate, { id: candidateId }, { status, decidedAt: new Date(), decidedById: decider(ctx).id, decisionReason: reason });
}

/**
 * Links two customer records into one person (COMPLIANCE, ADMIN). Neither record changes; an open
 * candidate pair between them is confirmed. Returns the person's records the reviewer may see.
 */
export async function linkCustomers(ctx: RequestContext, customerId: string, otherCustomerId: string, reason: string): Promise<Customer[]> {
  const why = requireReason(reason);
  if (customerId === otherCustomerId) throw invalidFields([{ field: "otherCustomerId", problems: ["a customer cannot be linked with itself"] }]);
  const [a, b] = [await linkable(ctx, customerId), await linkable(ctx, otherCustomerId)];
  const members = await ctx.db.transaction(async (manager) => {
    const pair = await pairOf(manager, a.id, b.id);
    await linkRecords(manager, a.id, b.id, decider(ctx).id, pair?.id ?? null, causeOf(ctx));
    if (pair) await decide(manager, ctx, pair.id, DuplicateStatus.CONFIRMED, why);
    await auditDecision(ctx, manager, "linkCustomers", [a.id, b.id], "LINKED", why);
    return membersOf(manager, a.id);
  });
  return visible(ctx, members);
}

/**
 * Takes a record out of its person (COMPLIANCE, ADMIN): the link row goes, nothing else changes.
 * The pairs that joined it are marked DISMISSED so that matching does not link it again.
 */
export async function unlinkCustomer(ctx: RequestContext, customerId: string, reason: string): Promise<Customer> {
  const why = requireReason(reason);
  const customer = await requireCustomer(ctx, customerId);
  await ctx.db.transaction(async (manager) => {
    const formerMembers = await unlinkRecord(manager, customer.id, causeOf(ctx));
    if (formerMembers.length === 0) throw new ConflictError(`Customer ${customer.id} is not linked`, { reason: "NOT_LINKED" });
    await manager.query(
      `UPDATE duplicate_candidate SET status = $4, decided_at = now(), decided_by_id = $3, decision_reason = $5
        WHERE status = 'CONFIRMED' AND ((customer_id = $1 AND candidate_customer_id = ANY($2::uuid[])) OR (candidate_customer_id = $1 AND customer_id = ANY($2::uuid[])))`,
      [customer.id, formerMembers, decider(ctx).id, DuplicateStatus.DISMISSED, why],
    );
    await auditDecision(ctx, manager, "unlinkCustomer", [customer.id], "UNLINKED", why);
  });
  return customer;
}

/**
 * An agent proposes that two customers of their own book are one person (AGENT; COMPLIANCE and
 * ADMIN too). The pair joins the review queue with its score; the answer is `true` whether the
 * pair was new or already known (or decided), so a proposal reveals nothing about the review.
 */
export async function proposeDuplicate(ctx: RequestContext, customerId: string, otherCustomerId: string, reason: string): Promise<boolean> {
  const why = requireReason(reason);
  if (customerId === otherCustomerId) throw invalidFields([{ field: "otherCustomerId", problems: ["a customer cannot be proposed with itself"] }]);
  const [a, b] = [await linkable(ctx, customerId), await linkable(ctx, otherCustomerId)];
  await ctx.db.transaction(async (manager) => {
    await proposePair(manager, piiCipher(ctx), a.id, b.id);
    await auditDecision(ctx, manager, "proposeDuplicate", [a.id, b.id], "PROPOSED", why);
  });
  return true;
}

/** Two people after all (COMPLIANCE, ADMIN): the pair is dismissed and never proposed again. */
export async function rejectCandidate(ctx: RequestContext, candidateId: string, reason: string): Promise<DuplicateCandidate> {
  const why = requireReason(reason);
  const repository = ctx.db.getRepository(DuplicateCandidate);
  const pair = isUuid(candidateId) ? await repository.findOneBy({ id: candidateId }) : null;
  if (!pair) throw new NotFoundError("DuplicateCandidate", candidateId);
  if (pair.status !== DuplicateStatus.OPEN) throw new ConflictError(`Candidate ${candidateId} was already decided (${pair.status})`, { reason: "ALREADY_DECIDED" });
  await ctx.db.transaction(async (manager) => {
    await decide(manager, ctx, pair.id, DuplicateStatus.DISMISSED, why);
    await auditDecision(ctx, manager, "rejectCandidate", [pair.customerId, pair.candidateCustomerId], "REJECTED", why);
  });
  return repository.findOneByOrFail({ id: pair.id });
}

/** The records of a person through the reviewer's own row scope: a link never widens it. */
async function visible(ctx: RequestContext, ids: string[]): Promise<Customer[]> {
  const loader = ctx.loaders.byId(CUSTOMER_BY_ID);
  ids.forEach((id) => loader.clear(id));
  const rows = await loader.loadMany(ids);
  return rows.filter((row): row is Customer => row !== null && !(row instanceof Error));
}

/** The records linked with a customer into one person, through the viewer's row scope (itself included). */
export async function personMembers(ctx: RequestContext, customerId: string): Promise<Customer[]> {
  return visible(ctx, await membersOf(ctx.reader.manager, customerId));
}
