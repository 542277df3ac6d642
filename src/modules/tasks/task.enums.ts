import { registerEnumType } from "type-graphql";

/** What a follow-up task asks staff to do. */
export enum TaskKind {
  /** A follow-up visit or call after a claim was paid or a complaint resolved (回访). */
  FOLLOW_UP_VISIT = "FOLLOW_UP_VISIT",
  /** Ask the customer how satisfied they were; the answer feeds the satisfaction index. */
  SATISFACTION_SURVEY = "SATISFACTION_SURVEY",
  /** Remind the policyholder that the policy renews. */
  RENEWAL_REMINDER = "RENEWAL_REMINDER",
  /** Chase documents the customer owes (a case waits on them). */
  DOCUMENT_CHASE = "DOCUMENT_CHASE",
  /** Anything else staff plan by hand. */
  OTHER = "OTHER",
}
registerEnumType(TaskKind, { name: "TaskKind", description: "What a task asks: a follow-up visit, a satisfaction survey, a renewal reminder, a document chase, or something else." });

export enum TaskStatus {
  OPEN = "OPEN",
  DONE = "DONE",
  CANCELLED = "CANCELLED",
}
registerEnumType(TaskStatus, { name: "TaskStatus", description: "OPEN until completed: DONE (with an outcome), or CANCELLED when it was not needed." });

/** How a task ended; NOT_NEEDED cancels it, the others mark it DONE. */
export enum TaskOutcome {
  /** The customer was reached and the task done (a survey: they answered). */
  COMPLETED = "COMPLETED",
  /** Tried, the customer could not be reached. */
  NO_ANSWER = "NO_ANSWER",
  /** Reached, the customer declined (the visit, the survey). */
  DECLINED = "DECLINED",
  /** No longer needed (the matter was settled otherwise): the task is CANCELLED. */
  NOT_NEEDED = "NOT_NEEDED",
}
registerEnumType(TaskOutcome, { name: "TaskOutcome", description: "How a task ended: COMPLETED, NO_ANSWER, DECLINED (all DONE) or NOT_NEEDED (CANCELLED)." });

/** Outcomes of a contact attempt: the contact policy must have allowed it on its channel at its instant. */
export const ATTEMPT_OUTCOMES: readonly TaskOutcome[] = [TaskOutcome.COMPLETED, TaskOutcome.NO_ANSWER, TaskOutcome.DECLINED];

/** Outcomes in which the customer was reached: the contact is recorded as an outbound interaction. */
export const REACHED_OUTCOMES: readonly TaskOutcome[] = [TaskOutcome.COMPLETED, TaskOutcome.DECLINED];

/** What starts a rule's task: each names a fact of a source record and its instant (task-triggers.ts says how it is read). */
export enum TaskTrigger {
  CLAIM_PAID = "CLAIM_PAID",
  COMPLAINT_RESOLVED = "COMPLAINT_RESOLVED",
  CASE_CLOSED = "CASE_CLOSED",
  CASE_WAITING_ON_CUSTOMER = "CASE_WAITING_ON_CUSTOMER",
  POLICY_RENEWAL = "POLICY_RENEWAL",
}
registerEnumType(TaskTrigger, {
  name: "TaskTrigger",
  description: "The fact that starts a rule's task, at its instant: a claim paid, a complaint resolved, a case closed, a case waiting on the customer, a policy's renewal date.",
});

/** The record a task is about. */
export enum TaskSource {
  CLAIM = "CLAIM",
  COMPLAINT = "COMPLAINT",
  CASE = "CASE",
  POLICY = "POLICY",
}
registerEnumType(TaskSource, { name: "TaskSource", description: "The kind of record a task is about." });

/** Who a rule's task goes to: the customer's assigned agent (their queue when they have none), or the queue. */
export enum TaskAssignTo {
  CUSTOMER_AGENT = "CUSTOMER_AGENT",
  QUEUE = "QUEUE",
}
registerEnumType(TaskAssignTo, { name: "TaskAssignTo", description: "Who gets a rule's task: the customer's agent (else the rule's queue), or the rule's queue." });
