import { Field, ID, InputType, Int } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Max, MaxLength, Min, MinLength } from "class-validator";
import { Channel } from "../customer/customer.enums";
import { ContactPurpose } from "../contact-policy/contact-policy.enums";
import { CaseQueue } from "../service-desk/service-case.entity";
import { TaskKind, TaskOutcome } from "./task.enums";

@InputType({ description: "A follow-up task planned by staff." })
export class CreateTaskInput {
  @Field(() => ID, { description: "The customer." })
  customerId: string;

  @Field(() => TaskKind, { description: "What the task asks." })
  kind: TaskKind;

  @Field(() => String, { description: "What to do (1–200 characters; SERVICE)." })
  @MinLength(1, { message: "subject must not be empty" })
  @MaxLength(200, { message: "subject must be at most 200 characters" })
  subject: string;

  @Field(() => DateTimeISOResolver, { description: "When it is due." })
  dueAt: Date;

  @Field(() => ContactPurpose, { defaultValue: ContactPurpose.SERVICE, description: "Why the customer is contacted for it (MARKETING obeys consent, do-not-contact and the cap)." })
  purpose: ContactPurpose;

  @Field(() => CaseQueue, { defaultValue: CaseQueue.GENERAL, description: "The queue it is worked from." })
  queue: CaseQueue;

  @Field(() => ID, { nullable: true, description: "Staff user to work it (default: nobody, it waits in its queue)." })
  assigneeId?: string | null;
}

@InputType({ description: "How a task ended." })
export class CompleteTaskInput {
  @Field(() => ID, { description: "The task." })
  id: string;

  @Field(() => TaskOutcome, { description: "COMPLETED, NO_ANSWER, DECLINED (DONE) or NOT_NEEDED (CANCELLED)." })
  outcome: TaskOutcome;

  @Field(() => Channel, {
    nullable: true,
    description: "The channel the customer was contacted on: required when an attempt was made (COMPLETED, NO_ANSWER, DECLINED); the contact policy must allow it at contactedAt.",
  })
  channel?: Channel | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the customer was contacted (default: now; not in the future, not before the task was raised)." })
  contactedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: "A survey's answer, 1 (poor) to 5 (excellent): required to complete a SATISFACTION_SURVEY, refused otherwise." })
  @Min(1, { message: "satisfaction must be 1–5" })
  @Max(5, { message: "satisfaction must be 1–5" })
  satisfaction?: number | null;

  @Field(() => String, { nullable: true, description: "A note on the outcome (SERVICE), up to 4000 characters." })
  @MaxLength(4000, { message: "note must be at most 4000 characters" })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: "The version you read; when given and stale → CONFLICT." })
  expectedVersion?: number | null;
}

@InputType({ description: "What an administrator changes in a task rule (omitted: unchanged)." })
export class UpdateTaskRuleInput {
  @Field(() => String, { description: "The rule's code." })
  code: string;

  @Field(() => Boolean, { nullable: true, description: "Whether it raises tasks." })
  active?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Days from the trigger to the due time (negative: before it), −365 to 365." })
  @Min(-365, { message: "offsetDays must be −365 to 365" })
  @Max(365, { message: "offsetDays must be −365 to 365" })
  offsetDays?: number | null;

  @Field(() => Int, { nullable: true, description: "A trigger older than this raises nothing, 0–365 days." })
  @Min(0, { message: "maxAgeDays must be 0–365" })
  @Max(365, { message: "maxAgeDays must be 0–365" })
  maxAgeDays?: number | null;

  @Field(() => CaseQueue, { nullable: true, description: "The queue of its tasks." })
  queue?: CaseQueue | null;
}
