import { recordApiSourceKey } from "../source/source-key.service";
import type { EventType } from "../events/event-types";
import { causeOf, changed, recordEvents } from "../events/outbox";
import { SourceEntityKind } from "../source/source-key.entity";
import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { NotFoundError, invalidFields } from "../../shared/errors";
import { idempotencyAuthor, scopedIdempotencyKey } from "../../shared/idempotency";
import { isUuid } from "../../shared/ids";
import { requireCustomer } from "../customer/customer.service";
import { updateAtVersion } from "../../db/write-guards";
import { assertTransition } from "../../shared/workflow";
import { Complaint, ComplaintStatus, type Severity } from "./complaint.entity";
import { COMPLAINT_WORKFLOW } from "./complaint-workflow";
import { Direction, Interaction, InteractionKind, InteractionStatus } from "./interaction.entity";
import { handlerOf, insertOnce, timeProblems } from "./interaction-write.service";
import type { FileComplaintInput } from "./interaction-write.inputs";
import { complaintLoaders } from "./complaint.loaders";
import { followComplaint, openComplaintCase } from "../service-desk/case-write.service";
import { CaseStatus } from "../service-desk/service-case.entity";

const HOUR_MS = 3_600_000;

/** When a complaint received at `receivedAt` is due: the hours configured for its severity later (COMPLAINT_DUE_HOURS_*); the API and the import both. */
export function complaintDueAt(receivedAt: Date, severity: Severity, hours: Record<`${Severity}`, number>): Date {
  return new Date(receivedAt.getTime() + hours[severity] * HOUR_MS);
}

async function requireComplaint(ctx: RequestContext, id: string): Promise<Complaint> {
  const complaint = isUuid(id) ? await ctx.loaders.get(complaintLoaders).complaintById.load(id) : null;
  if (!complaint) throw new NotFoundError("Complaint", id);
  return complaint;
}

/** Records the complaint contact and the complaint, due after the hours configured for its severity. */
export async function fileComplaint(ctx: RequestContext, input: FileComplaintInput): Promise<Complaint> {
  const receivedAt = input.receivedAt ?? new Date();
  const problems = timeProblems({ receivedAt }, "receivedAt");
  if (ctx.viewer.kind === "customer" && input.notes) problems.push({ field: "notes", problems: ["notes are recorded by staff only"] });
  if (problems.length > 0) throw invalidFields(problems);
  const customer = await requireCustomer(ctx, input.customerId);
  const dueAt = complaintDueAt(receivedAt, input.severity, ctx.config.complaintDueHours);
  return ctx.db.transaction(async (manager) => {
    const { interaction, created } = await insertOnce(manager, {
      customerId: customer.id,
      channel: input.channel,
      kind: InteractionKind.COMPLAINT,
      direction: Direction.INBOUND,
      subject: input.subject.trim(),
      notes: input.notes ?? null,
      occurredAt: receivedAt,
      staffId: handlerOf(ctx),
      status: InteractionStatus.OPEN,
      idempotencyKey: scopedIdempotencyKey("fileComplaint", idempotencyAuthor(ctx.viewer), input.idempotencyKey),
    });
    if (!created) return manager.findOneByOrFail(Complaint, { interactionId: interaction.id });
    const complaint = manager.create(Complaint, {
      interactionId: interaction.id,
      customerId: customer.id,
      category: input.category,
      severity: input.severity,
      status: ComplaintStatus.RECEIVED,
      receivedAt,
      dueAt,
    });
    const { id } = await manager.save(complaint);
    await recordApiSourceKey(manager, SourceEntityKind.COMPLAINT, id);
    await recordEvents(manager, causeOf(ctx), [{ type: "complaint.filed", data: { customerId: customer.id, complaintId: id, interactionId: interaction.id } }]);
    // the complaint is worked as a case (queue COMPLAINTS, its priority from the severity): queue, assignee and SLA clocks
    await openComplaintCase(manager, ctx, { ...complaint, id, channel: input.channel, subject: interaction.subject });
    return manager.findOneByOrFail(Complaint, { id });
  });
}

/**
 * Moves a complaint along its workflow at the version read (a concurrent change → CONFLICT) and
 * keeps the complaint contact's response and resolution times in step.
 */
/** The event of each status a complaint moves to. */
const COMPLAINT_EVENTS: Partial<Record<ComplaintStatus, EventType>> = {
  [ComplaintStatus.INVESTIGATING]: "complaint.investigating",
  [ComplaintStatus.ESCALATED]: "complaint.escalated",
  [ComplaintStatus.RESOLVED]: "complaint.resolved",
};

async function moveComplaint(
  ctx: RequestContext,
  id: string,
  to: ComplaintStatus,
  changes: Partial<Complaint>,
  contact: (manager: EntityManager, complaint: Complaint, now: Date) => Promise<unknown>,
): Promise<Complaint> {
  const complaint = await requireComplaint(ctx, id);
  assertTransition("Complaint", COMPLAINT_WORKFLOW, complaint.status, to);
  return ctx.db.transaction(async (manager) => {
    const now = new Date();
    await updateAtVersion(manager, Complaint, complaint.id, complaint.version, { ...changes, status: to });
    await contact(manager, complaint, now);
    const type = COMPLAINT_EVENTS[to];
    if (type) await recordEvents(manager, causeOf(ctx), [changed(type, complaint.customerId, ["status", ...Object.keys(changes)], { complaintId: complaint.id })]);
    return manager.findOneByOrFail(Complaint, { id: complaint.id });
  });
}

function respondedBy(manager: EntityManager, complaint: Complaint, now: Date) {
  return manager.query("UPDATE interaction SET first_response_at = coalesce(first_response_at, $2) WHERE id = $1", [complaint.interactionId, now]);
}

function requireText(field: string, text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 4000) throw invalidFields([{ field, problems: [`${field} must have 1–4000 characters`] }]);
  return trimmed;
}

export function investigateComplaint(ctx: RequestContext, id: string): Promise<Complaint> {
  return moveComplaint(ctx, id, ComplaintStatus.INVESTIGATING, {}, async (manager, complaint, now) => {
    await respondedBy(manager, complaint, now);
    await followComplaint(manager, ctx, complaint.id, CaseStatus.IN_PROGRESS);
  });
}

export function resolveComplaint(ctx: RequestContext, id: string, resolution: string): Promise<Complaint> {
  const text = requireText("resolution", resolution);
  const resolvedAt = new Date();
  return moveComplaint(ctx, id, ComplaintStatus.RESOLVED, { resolution: text, resolvedAt }, async (manager, complaint) => {
    await respondedBy(manager, complaint, resolvedAt);
    await manager.update(Interaction, { id: complaint.interactionId }, { resolvedAt, status: InteractionStatus.RESOLVED });
    await followComplaint(manager, ctx, complaint.id, CaseStatus.RESOLVED, text);
  });
}

export function escalateComplaint(ctx: RequestContext, id: string, reason: string): Promise<Complaint> {
  const text = requireText("reason", reason);
  return moveComplaint(ctx, id, ComplaintStatus.ESCALATED, { escalationReason: text }, async () => undefined);
}
