import { registerEnumType } from "type-graphql";

/** What a follow-up task asks staff to do. */
export enum TaskKind {
  FOLLOW_UP_VISIT = "FOLLOW_UP_VISIT",
  SATISFACTION_SURVEY = "SATISFACTION_SURVEY",
  RENEWAL_REMINDER = "RENEWAL_REMINDER",
  DOCUMENT_CHASE = "DOCUMENT_CHASE",
  OTHER = "OTHER",
}
registerEnumType(TaskKind, {
  name: "TaskKind",
  description: "What a task asks: a follow-up visit, a satisfaction survey, a renewal reminder, a document chase, or something else.",
  valuesConfig: {
    FOLLOW_UP_VISIT: { description: "A follow-up visit or call after a claim was paid or a complaint resolved (回访)." },
    SATISFACTION_SURVEY: { description: "Ask the customer how satisfied they were; the answer feeds the satisfaction index." },
    RENEWAL_REMINDER: { description: "Remind the policyholder that the policy renews." },
    DOCUMENT_CHASE: { description: "Chase documents the customer owes (a case waits on them)." },
    OTHER: { description: "Anything else staff plan by hand." },
  },
});

export enum TaskStatus {
  OPEN = "OPEN",
  DONE = "DONE",
  CANCELLED = "CANCELLED",
}
registerEnumType(TaskStatus, {
  name: "TaskStatus",
  description: "OPEN until completed: DONE (with an outcome), or CANCELLED when it was not needed.",
  valuesConfig: {
    OPEN: { description: "To be done." },
    DONE: { description: "Done, with outcome COMPLETED, NO_ANSWER or DECLINED." },
    CANCELLED: { description: "Not needed (outcome NOT_NEEDED)." },
  },
});

/** How a task ended; NOT_NEEDED cancels it, the others mark it DONE. */
export enum TaskOutcome {
  COMPLETED = "COMPLETED",
  NO_ANSWER = "NO_ANSWER",
  DECLINED = "DECLINED",
  NOT_NEEDED = "NOT_NEEDED",
}
registerEnumType(TaskOutcome, {
  name: "TaskOutcome",
  description: "How a task ended: COMPLETED, NO_ANSWER, DECLINED (all DONE) or NOT_NEEDED (CANCELLED).",
  valuesConfig: {
    COMPLETED: { description: "The customer was reached and the task done (a survey: they answered)." },
    NO_ANSWER: { description: "Tried, the customer could not be reached." },
    DECLINED: { description: "Reached, the customer declined (the visit, the survey)." },
    NOT_NEEDED: { description: "No longer needed (the matter was settled otherwise): the task is CANCELLED." },
  },
});

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
  valuesConfig: {
    CLAIM_PAID: { description: "A claim was paid, at its payment (the claim may be closed since)." },
    COMPLAINT_RESOLVED: { description: "A complaint was resolved, at its resolution." },
    CASE_CLOSED: { description: "A case was closed, at its closing." },
    CASE_WAITING_ON_CUSTOMER: { description: "A case still waits on the customer, from the start of its current wait." },
    POLICY_RENEWAL: { description: "An ACTIVE policy's renewal date (one task per renewal date)." },
  },
});

/** The record a task is about. */
export enum TaskSource {
  CLAIM = "CLAIM",
  COMPLAINT = "COMPLAINT",
  CASE = "CASE",
  POLICY = "POLICY",
}
registerEnumType(TaskSource, {
  name: "TaskSource",
  description: "The kind of record a task is about.",
  valuesConfig: {
    CLAIM: { description: "A claim." },
    COMPLAINT: { description: "A complaint." },
    CASE: { description: "A service case." },
    POLICY: { description: "A policy." },
  },
});

/** Who a rule's task goes to: the customer's assigned agent (their queue when they have none), or the queue. */
export enum TaskAssignTo {
  CUSTOMER_AGENT = "CUSTOMER_AGENT",
  QUEUE = "QUEUE",
}
registerEnumType(TaskAssignTo, {
  name: "TaskAssignTo",
  description: "Who gets a rule's task: the customer's agent (else the rule's queue), or the rule's queue.",
  valuesConfig: {
    CUSTOMER_AGENT: { description: "The customer's assigned agent; the rule's queue when the customer has none." },
    QUEUE: { description: "The rule's queue, unassigned." },
  },
});
