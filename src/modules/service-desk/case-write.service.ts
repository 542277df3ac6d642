import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { Role } from "../../auth/role";
import { assertExpectedVersion, updateAtVersion } from "../../db/write-guards";
import { ConflictError, NotFoundError, invalidFields, type FieldProblem } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { assertTransition } from "../../shared/workflow";
import { requireCustomer } from "../customer/customer.service";
import type { Customer } from "../customer/customer.entity";
import type { Channel } from "../customer/customer.enums";
import { causeOf, changed, recordEvents, type EventCause } from "../events/outbox";
import type { Severity } from "../interaction/complaint.entity";
import { Interaction } from "../interaction/interaction.entity";
import { StaffUser } from "../staff/staff.entity";
import { CASE_WORKER_ROLES } from "./case-roles";
import { STORED_SLA_COLUMNS, breachColumns, slaCalendar } from "./case-sla";
import { CASE_WORKFLOW, PRIORITY_OF_SEVERITY, assertReopenWindow, isReopen } from "./case-workflow";
import type { OpenCaseInput } from "./case.inputs";
import { CASE_BY_ID } from "./case.relations";
import { CasePriority } from "./sla-policy";
import { CaseQueue, CaseStatus, OPEN_CASE_STATUSES, ServiceCase } from "./service-case.entity";

const staffOf = (ctx: RequestContext): string | null => (ctx.viewer.kind === "staff" ? ctx.viewer.id : null);

export async function requireCase(ctx: RequestContext, id: string): Promise<ServiceCase> {
  const found = isUuid(id) ? await ctx.loaders.byId(CASE_BY_ID).load(id) : null;
  if (!found) throw new NotFoundError("Case", id);
  return found;
}

const assertVersion = (found: ServiceCase, expectedVersion: number | null | undefined) => assertExpectedVersion("Case", found, expectedVersion);

/** An assignee must be an active worker of `roles` who can see the customer (an agent only in their own book). */
export async function assigneeProblems(
  manager: EntityManager,
  customer: Pick<Customer, "assignedAgentId">,
  assigneeId: string,
  roles: readonly Role[] = CASE_WORKER_ROLES,
  work = "cases",
): Promise<string[]> {
  const staff = isUuid(assigneeId) ? await manager.findOneBy(StaffUser, { id: assigneeId }) : null;
  if (!staff || !staff.active) return ["no active staff user has this id"];
  if (!roles.includes(staff.role)) return [`a ${staff.role} does not work ${work} (${roles.join(", ")} do)`];
  if (staff.role === Role.AGENT && customer.assignedAgentId !== staff.id) return ["this agent does not serve the customer"];
  return [];
}

/** Inserts a case (NEW) with its SLA deadlines and writes case.opened, in the caller's transaction. */
async function insertCase(manager: EntityManager, ctx: RequestContext, row: Omit<Partial<ServiceCase>, "pauses">): Promise<ServiceCase> {
  const calendar = await slaCalendar(manager);
  const facts = { channel: row.channel!, priority: row.priority!, openedAt: row.openedAt!, pauses: [], firstRespondedAt: null, resolvedAt: null };
  const saved = await manager.save(manager.create(ServiceCase, {
    ...row,
    ...facts,
    status: CaseStatus.NEW,
    ...breachColumns(facts, calendar, new Date()),
    createdById: staffOf(ctx),
    updatedById: staffOf(ctx),
  }));
  await recordEvents(manager, causeOf(ctx), [{ type: "case.opened", data: { customerId: saved.customerId, caseId: saved.id } }]);
  return manager.findOneByOrFail(ServiceCase, { id: saved.id });
}

/** Opens a case (NEW) for a customer in scope; a customer's own request goes to GENERAL at NORMAL priority. */
export async function openCase(ctx: RequestContext, input: OpenCaseInput): Promise<ServiceCase> {
  const now = new Date();
  const openedAt = input.openedAt ?? now;
  const problems: FieldProblem[] = [];
  if (openedAt.getTime() > now.getTime()) problems.push({ field: "openedAt", problems: ["openedAt must not be in the future"] });
  const byCustomer = ctx.viewer.kind === "customer";
  if (byCustomer) {
    for (const field of ["notes", "assigneeId"] as const) {
      if (input[field] !== null && input[field] !== undefined) problems.push({ field, problems: [`${field} is recorded by staff only`] });
    }
  }
  if (problems.length > 0) throw invalidFields(problems);
  const customer = await requireCustomer(ctx, input.customerId);
  return ctx.db.transaction(async (manager) => {
    const origin = input.originInteractionId;
    if (origin && !(isUuid(origin) && (await manager.existsBy(Interaction, { id: origin, customerId: customer.id })))) {
      problems.push({ field: "originInteractionId", problems: ["no service contact of this customer has this id"] });
    }
    if (input.assigneeId) {
      const assignee = await assigneeProblems(manager, customer, input.assigneeId);
      if (assignee.length > 0) problems.push({ field: "assigneeId", problems: assignee });
    }
    if (problems.length > 0) throw invalidFields(problems);
    return insertCase(manager, ctx, {
      customerId: customer.id,
      originInteractionId: origin ?? null,
      channel: input.channel,
      priority: byCustomer ? CasePriority.NORMAL : input.priority,
      queue: byCustomer ? CaseQueue.GENERAL : input.queue,
      subject: input.subject.trim(),
      notes: input.notes ?? null,
      assigneeId: input.assigneeId ?? null,
      openedAt,
    });
  });
}

/** The case of a complaint just filed (queue COMPLAINTS), in fileComplaint's transaction. */
export function openComplaintCase(
  manager: EntityManager,
  ctx: RequestContext,
  complaint: { id: string; customerId: string; interactionId: string; severity: Severity; receivedAt: Date; channel: Channel; subject: string },
): Promise<ServiceCase> {
  return insertCase(manager, ctx, {
    customerId: complaint.customerId,
    originInteractionId: complaint.interactionId,
    complaintId: complaint.id,
    channel: complaint.channel,
    priority: PRIORITY_OF_SEVERITY[complaint.severity],
    queue: CaseQueue.COMPLAINTS,
    subject: complaint.subject,
    openedAt: complaint.receivedAt,
  });
}

export interface CaseTransition {
  to: CaseStatus;
  /** The resolution (to RESOLVED) or the reason (reopen); refused with any other move. */
  note?: string | null;
  expectedVersion?: number | null;
}

/**
 * What one move changes on the case, the workflow and the reopen window checked: the first move
 * out of NEW is the first response; WAITING_ON_CUSTOMER opens a pause and leaving it closes the
 * pause; a reopen counts the time it stood resolved as a pause too (the clock did not run for
 * the office while the customer had the answer) and clears the resolution breach's mark, so the
 * sweep signals the reopened clock's breach once more. The SLA deadlines are recomputed from the result.
 */
async function moveChanges(manager: EntityManager, found: ServiceCase, step: CaseTransition, now: Date): Promise<Partial<ServiceCase>> {
  const { to } = step;
  assertTransition("Case", CASE_WORKFLOW, found.status, to);
  const reopen = isReopen(found.status, to);
  if (reopen) assertReopenWindow(found.resolvedAt, now);
  const note = step.note?.trim() ?? "";
  const needsNote = to === CaseStatus.RESOLVED || reopen;
  if (needsNote && (note.length === 0 || note.length > 4000)) {
    throw invalidFields([{ field: "note", problems: [to === CaseStatus.RESOLVED ? "a resolution (1–4000 characters) is required to resolve a case" : "a reason (1–4000 characters) is required to reopen a case"] }]);
  }
  if (!needsNote && note.length > 0) throw invalidFields([{ field: "note", problems: ["a note is kept only when resolving (the resolution) or reopening (the reason)"] }]);
  const changes: Partial<ServiceCase> = { status: to };
  let pauses = found.pauses;
  if (found.status === CaseStatus.NEW) changes.firstRespondedAt = now;
  if (found.status === CaseStatus.WAITING_ON_CUSTOMER) pauses = pauses.map((pause) => (pause.to === null ? { from: pause.from, to: now } : pause));
  if (to === CaseStatus.WAITING_ON_CUSTOMER) pauses = [...pauses, { from: now, to: null }];
  if (to === CaseStatus.RESOLVED) Object.assign(changes, { resolvedAt: now, resolution: note });
  if (to === CaseStatus.CLOSED) changes.closedAt = now;
  if (reopen) {
    pauses = [...pauses, { from: found.resolvedAt ?? now, to: now }];
    // the resolution clock runs again: its breach is signalled again by the sweep (the first response stays met)
    Object.assign(changes, { resolvedAt: null, closedAt: null, reopenedAt: now, reopenReason: note, resolutionBreachSignalledAt: null });
  }
  if (pauses !== found.pauses) changes.pauses = pauses;
  const calendar = await slaCalendar(manager);
  return { ...changes, ...breachColumns({ ...found, ...changes }, calendar, now) };
}

/** The columns derived for the SLA sweep and the figures: the stored SLA facts and the marks of signalled breaches. */
const SWEEP_COLUMNS: readonly (keyof ServiceCase)[] = [...STORED_SLA_COLUMNS, "firstResponseBreachSignalledAt", "resolutionBreachSignalledAt"];

/** Who writes a case: the event's cause, and the staff user recorded as its last changer (null: the customer, an import). */
export interface CaseWriter {
  cause: EventCause;
  staffId: string | null;
}

const writerOf = (ctx: RequestContext): CaseWriter => ({ cause: causeOf(ctx), staffId: staffOf(ctx) });

/** Writes a case's changes at the version read (a concurrent change → CONFLICT) with the event, in the caller's transaction. */
async function writeCase(manager: EntityManager, writer: CaseWriter, found: ServiceCase, changes: Partial<ServiceCase>, type: "case.transitioned" | "case.assigned"): Promise<ServiceCase> {
  await updateAtVersion(manager, ServiceCase, found.id, found.version, { ...changes, updatedById: writer.staffId } as never);
  // the stored SLA facts and the sweep's marks follow from the other changes: the event names what the caller changed
  const fields = Object.keys(changes).filter((field) => !SWEEP_COLUMNS.includes(field as keyof ServiceCase));
  await recordEvents(manager, writer.cause, [changed(type, found.customerId, fields, { caseId: found.id })]);
  return manager.findOneByOrFail(ServiceCase, { id: found.id });
}

/** One step of the case workflow at the version read; a complaint's case is resolved with resolveComplaint, which resolves both. */
export async function transitionCase(ctx: RequestContext, id: string, step: CaseTransition): Promise<ServiceCase> {
  const found = await requireCase(ctx, id);
  assertVersion(found, step.expectedVersion);
  if (found.complaintId && step.to === CaseStatus.RESOLVED) {
    throw invalidFields([{ field: "to", problems: ["a complaint's case is resolved with resolveComplaint (it resolves the complaint and its case together)"] }]);
  }
  return ctx.db.transaction(async (manager) => writeCase(manager, writerOf(ctx), found, await moveChanges(manager, found, step, new Date()), "case.transitioned"));
}

/**
 * Keeps a complaint's case in step with the complaint, in the complaint's transaction: `to` is
 * applied when the workflow allows it from the case's state (investigating: NEW → IN_PROGRESS, the
 * first response; resolving: any open state → RESOLVED). Complaints without a case are left alone.
 */
export async function followComplaint(manager: EntityManager, who: RequestContext | CaseWriter, complaintId: string, to: CaseStatus, note?: string): Promise<void> {
  const writer = "cause" in who ? who : writerOf(who);
  const found = await manager.findOneBy(ServiceCase, { complaintId });
  if (!found || !CASE_WORKFLOW[found.status].includes(to) || isReopen(found.status, to)) return;
  await writeCase(manager, writer, found, await moveChanges(manager, found, { to, note }, new Date()), "case.transitioned");
}

/** A change of hands of a work item (a case, a task). */
export interface WorkAssignment {
  /** A staff user id, null to put the item back in its queue, undefined to keep the assignee. */
  assigneeId?: string | null;
  queue?: CaseQueue | null;
  expectedVersion?: number | null;
}
export type CaseAssignment = WorkAssignment;

/** What an assignment changes on a work item (nothing when it names what the item has); one that names neither assignee nor queue is BAD_USER_INPUT. */
export function assignmentChanges(found: { assigneeId: string | null; queue: CaseQueue }, assignment: WorkAssignment): { assigneeId?: string | null; queue?: CaseQueue } {
  if (assignment.assigneeId === undefined && !assignment.queue) throw invalidFields([{ field: "assigneeId", problems: ["give an assigneeId (null: unassign) or a queue"] }]);
  const changes: { assigneeId?: string | null; queue?: CaseQueue } = {};
  if (assignment.assigneeId !== undefined && assignment.assigneeId !== found.assigneeId) changes.assigneeId = assignment.assigneeId;
  if (assignment.queue && assignment.queue !== found.queue) changes.queue = assignment.queue;
  return changes;
}

/** A new assignee must be an active worker of `roles` who can see the customer: else BAD_USER_INPUT on assigneeId. */
export async function assertAssignee(manager: EntityManager, customer: Pick<Customer, "assignedAgentId">, assigneeId: string | null | undefined, roles: readonly Role[] = CASE_WORKER_ROLES, work = "cases"): Promise<void> {
  if (!assigneeId) return;
  const problems = await assigneeProblems(manager, customer, assigneeId, roles, work);
  if (problems.length > 0) throw invalidFields([{ field: "assigneeId", problems }]);
}

/** Gives an open case to another assignee and/or queue at the version read. */
export async function assignCase(ctx: RequestContext, id: string, assignment: CaseAssignment): Promise<ServiceCase> {
  const found = await requireCase(ctx, id);
  assertVersion(found, assignment.expectedVersion);
  const changes: Partial<ServiceCase> = assignmentChanges(found, assignment);
  if (!OPEN_CASE_STATUSES.includes(found.status)) {
    throw new ConflictError(`Case ${found.id} is ${found.status}: only open cases are assigned (reopen it first)`, { reason: "CASE_NOT_OPEN", status: found.status });
  }
  const customer = await requireCustomer(ctx, found.customerId);
  return ctx.db.transaction(async (manager) => {
    await assertAssignee(manager, customer, changes.assigneeId);
    if (Object.keys(changes).length === 0) return found;
    return writeCase(manager, writerOf(ctx), found, changes, "case.assigned");
  });
}
