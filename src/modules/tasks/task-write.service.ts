import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { assertExpectedVersion, updateAtVersion } from "../../db/write-guards";
import { ConflictError, NotFoundError, invalidFields, type FieldProblem } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { requireCustomer } from "../customer/customer.service";
import type { Channel } from "../customer/customer.enums";
import { contactDecision } from "../contact-policy/contact-decision";
import { contactPolicyLoaders } from "../contact-policy/contact-facts";
import { capWindowDays, contactChannelOf } from "../contact-policy/contact-policy.service";
import { ContactPurpose } from "../contact-policy/contact-policy.enums";
import { causeOf, changed, recordEvents } from "../events/outbox";
import { Direction, InteractionKind, InteractionStatus } from "../interaction/interaction.entity";
import { handlerOf, insertOnce, timeProblems } from "../interaction/interaction-write.service";
import { assertAssignee, assignmentChanges, type WorkAssignment } from "../service-desk/case-write.service";
import { ServiceCase } from "../service-desk/service-case.entity";
import { ServiceTask } from "./service-task.entity";
import { ATTEMPT_OUTCOMES, REACHED_OUTCOMES, TaskKind, TaskOutcome, TaskSource, TaskStatus } from "./task.enums";
import type { CompleteTaskInput, CreateTaskInput } from "./task.inputs";
import { TASK_BY_ID } from "./task.relations";
import { TASK_WORKER_ROLES } from "./task-roles";

const staffOf = (ctx: RequestContext): string | null => (ctx.viewer.kind === "staff" ? ctx.viewer.id : null);

export async function requireTask(ctx: RequestContext, id: string): Promise<ServiceTask> {
  const found = isUuid(id) ? await ctx.loaders.byId(TASK_BY_ID).load(id) : null;
  if (!found) throw new NotFoundError("Task", id);
  return found;
}

function assertOpen(found: ServiceTask): void {
  if (found.status !== TaskStatus.OPEN) {
    throw new ConflictError(`Task ${found.id} is ${found.status}: only open tasks are worked`, { reason: "TASK_NOT_OPEN", status: found.status });
  }
}

const assertTaskAssignee = (manager: EntityManager, customer: { assignedAgentId: string | null }, assigneeId: string | null | undefined) =>
  assertAssignee(manager, customer, assigneeId, TASK_WORKER_ROLES, "tasks");

/** Plans a task for a customer in scope (staff). */
export async function createTask(ctx: RequestContext, input: CreateTaskInput): Promise<ServiceTask> {
  const customer = await requireCustomer(ctx, input.customerId);
  return ctx.db.transaction(async (manager) => {
    await assertTaskAssignee(manager, customer, input.assigneeId);
    const saved = await manager.save(manager.create(ServiceTask, {
      customerId: customer.id,
      kind: input.kind,
      purpose: input.purpose,
      subject: input.subject.trim(),
      dueAt: input.dueAt,
      queue: input.queue,
      assigneeId: input.assigneeId ?? null,
      status: TaskStatus.OPEN,
      createdById: staffOf(ctx),
    }));
    await recordEvents(manager, causeOf(ctx), [{ type: "task.created", data: { customerId: customer.id, taskId: saved.id } }]);
    return manager.findOneByOrFail(ServiceTask, { id: saved.id });
  });
}

/** Gives an open task to a task worker who can see the customer (null: back to its queue) and/or another queue. */
export async function assignTask(ctx: RequestContext, id: string, assignment: WorkAssignment): Promise<ServiceTask> {
  const found = await requireTask(ctx, id);
  assertExpectedVersion("Task", found, assignment.expectedVersion);
  const changes: Partial<ServiceTask> = assignmentChanges(found, assignment);
  assertOpen(found);
  const customer = await requireCustomer(ctx, found.customerId);
  return ctx.db.transaction(async (manager) => {
    await assertTaskAssignee(manager, customer, changes.assigneeId);
    if (Object.keys(changes).length === 0) return found;
    await updateAtVersion(manager, ServiceTask, found.id, found.version, changes as never);
    await recordEvents(manager, causeOf(ctx), [changed("task.assigned", found.customerId, Object.keys(changes), { taskId: found.id })]);
    return manager.findOneByOrFail(ServiceTask, { id: found.id });
  });
}

/** What the outbound contact of a task is recorded as (a MARKETING task's contact is what the marketing cap counts). */
const CONTACT_KIND: Record<TaskKind, InteractionKind> = {
  FOLLOW_UP_VISIT: InteractionKind.FEEDBACK,
  SATISFACTION_SURVEY: InteractionKind.FEEDBACK,
  RENEWAL_REMINDER: InteractionKind.RENEWAL,
  DOCUMENT_CHASE: InteractionKind.INQUIRY,
  OTHER: InteractionKind.INQUIRY,
};

/** The contact's subject is PUBLIC (as every interaction's): a fixed label, never the task's SERVICE text. */
const CONTACT_SUBJECT: Record<TaskKind, string> = {
  FOLLOW_UP_VISIT: "Follow-up visit",
  SATISFACTION_SURVEY: "Satisfaction survey",
  RENEWAL_REMINDER: "Renewal reminder",
  DOCUMENT_CHASE: "Document chase",
  OTHER: "Follow-up",
};

/** The input's rules that need no database: an attempt names its channel and time, a survey's answer only with a completed survey. */
function completionProblems(found: ServiceTask, input: CompleteTaskInput, contactedAt: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const attempt = ATTEMPT_OUTCOMES.includes(input.outcome);
  if (attempt && !input.channel) problems.push({ field: "channel", problems: [`the channel the customer was contacted on is required with ${input.outcome}`] });
  for (const field of ["channel", "contactedAt"] as const) {
    if (!attempt && input[field]) problems.push({ field, problems: ["no contact is recorded when the task was not needed"] });
  }
  problems.push(...timeProblems({ contactedAt }, "contactedAt"));
  if (contactedAt < found.createdAt) problems.push({ field: "contactedAt", problems: ["contactedAt must not be before the task was raised"] });
  const survey = found.kind === TaskKind.SATISFACTION_SURVEY && input.outcome === TaskOutcome.COMPLETED;
  if (survey && (input.satisfaction === null || input.satisfaction === undefined)) problems.push({ field: "satisfaction", problems: ["a completed survey needs the customer's answer (1–5)"] });
  if (!survey && input.satisfaction !== null && input.satisfaction !== undefined) problems.push({ field: "satisfaction", problems: ["an answer is recorded only with a completed SATISFACTION_SURVEY"] });
  return problems;
}

/**
 * A contact attempt must have been allowed by the contact policy, for the task's purpose, on its
 * channel, at its instant: else CONFLICT (CONTACT_HELD_BACK) with every reason. In-person channels
 * (a visit, the branch) have no remote contact point and are not decided.
 */
async function assertContactAllowed(ctx: RequestContext, found: ServiceTask, channel: Channel, at: Date): Promise<void> {
  const contactChannel = contactChannelOf(channel);
  if (!contactChannel) return;
  const settings = ctx.config.contactPolicy;
  const loaded = await ctx.loaders.get(contactPolicyLoaders).factsAt(at, capWindowDays(settings)).load(found.customerId);
  const decision = contactDecision(loaded.facts, found.purpose, contactChannel, at, settings);
  if (!decision.allowed) {
    throw new ConflictError(`The contact policy held ${contactChannel} back for this ${found.purpose} task at ${at.toISOString()}: ${decision.reasons.join(", ")}`, {
      reason: "CONTACT_HELD_BACK", channel: contactChannel, reasons: decision.reasons,
    });
  }
}

/** Who a survey's answer appraises: the staff member who worked the case it asks about, else whoever ran the survey. */
async function appraisedStaff(manager: EntityManager, ctx: RequestContext, found: ServiceTask): Promise<string | null> {
  if (found.kind === TaskKind.SATISFACTION_SURVEY && found.sourceType === TaskSource.CASE && found.sourceId) {
    const worked = await manager.findOne(ServiceCase, { where: { id: found.sourceId }, select: { id: true, assigneeId: true } });
    if (worked?.assigneeId) return worked.assigneeId;
  }
  return handlerOf(ctx);
}

/**
 * Completes an open task with its outcome at the version read. An attempt (COMPLETED, NO_ANSWER,
 * DECLINED) must have been allowed by the contact policy; when the customer was reached, the contact
 * is recorded as an outbound interaction (a survey's answer as its satisfaction, which feeds the
 * satisfaction index) in the same transaction. NOT_NEEDED cancels the task.
 */
export async function completeTask(ctx: RequestContext, input: CompleteTaskInput): Promise<ServiceTask> {
  const found = await requireTask(ctx, input.id);
  assertExpectedVersion("Task", found, input.expectedVersion);
  assertOpen(found);
  const now = new Date();
  const contactedAt = input.contactedAt ?? now;
  const problems = completionProblems(found, input, contactedAt);
  if (problems.length > 0) throw invalidFields(problems);
  if (input.channel) await assertContactAllowed(ctx, found, input.channel, contactedAt);
  return ctx.db.transaction(async (manager) => {
    let interactionId: string | null = null;
    if (REACHED_OUTCOMES.includes(input.outcome)) {
      const { interaction } = await insertOnce(manager, {
        customerId: found.customerId,
        channel: input.channel!,
        kind: found.purpose === ContactPurpose.MARKETING ? InteractionKind.MARKETING : CONTACT_KIND[found.kind],
        direction: Direction.OUTBOUND,
        subject: CONTACT_SUBJECT[found.kind],
        notes: input.note ?? null,
        occurredAt: contactedAt,
        staffId: await appraisedStaff(manager, ctx, found),
        satisfaction: input.satisfaction ?? null,
        status: InteractionStatus.RESOLVED,
        resolvedAt: contactedAt,
      });
      interactionId = interaction.id;
      await recordEvents(manager, causeOf(ctx), [{ type: "interaction.recorded", data: { customerId: found.customerId, interactionId } }]);
    }
    const changes: Partial<ServiceTask> = {
      status: input.outcome === TaskOutcome.NOT_NEEDED ? TaskStatus.CANCELLED : TaskStatus.DONE,
      outcome: input.outcome,
      outcomeNote: input.note ?? null,
      contactChannel: input.channel ?? null,
      satisfaction: input.satisfaction ?? null,
      interactionId,
      completedAt: now,
      completedById: staffOf(ctx),
    };
    await updateAtVersion(manager, ServiceTask, found.id, found.version, changes as never);
    await recordEvents(manager, causeOf(ctx), [changed("task.completed", found.customerId, ["status", "outcome"], { taskId: found.id })]);
    return manager.findOneByOrFail(ServiceTask, { id: found.id });
  });
}
