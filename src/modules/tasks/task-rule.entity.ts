import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Field, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { ContactPurpose } from "../contact-policy/contact-policy.enums";
import { CaseQueue } from "../service-desk/service-case.entity";
import { TaskAssignTo, TaskKind, TaskTrigger } from "./task.enums";

/**
 * A task rule (data, not code): when `trigger` happens to a record, raise a task of `kind` due
 * `offsetDays` after the trigger's instant (negative: before it — a renewal reminder 30 days ahead),
 * for the customer's agent or the queue. A trigger older than `maxAgeDays` raises nothing (a rule
 * switched on today does not raise last year's follow-ups). Seeded by migration; ADMIN edits them.
 */
@ObjectType("TaskRule", { description: "When a fact happens to a customer's record, raise a follow-up task (rules are data: administrators change them)." })
@Entity("task_rule")
export class TaskRule {
  @Field(() => String, { description: "Rule code." })
  @PrimaryColumn("varchar", { length: 40, primaryKeyConstraintName: "PK_task_rule" })
  code: string;

  @Field(() => String, { description: "What the rule is for." })
  @Column("varchar", { length: 200 })
  description: string;

  @Field(() => TaskTrigger, { description: "The fact that raises the task." })
  @Column("varchar", { length: 32 })
  trigger: TaskTrigger;

  @Field(() => Int, { description: "Days from the trigger's instant to the task's due time (negative: before it)." })
  @Column("integer")
  offsetDays: number;

  @Field(() => Int, { description: "A trigger older than this many days raises nothing (0: only triggers still ahead, as a renewal date)." })
  @Column("integer")
  maxAgeDays: number;

  @Field(() => TaskKind, { description: "The task to raise." })
  @Column("varchar", { length: 24 })
  kind: TaskKind;

  @Field(() => ContactPurpose, { description: "Why the customer is contacted: SERVICE or MARKETING (the contact policy the task obeys)." })
  @Column("varchar", { length: 12 })
  purpose: ContactPurpose;

  @Field(() => TaskAssignTo, { description: "Who gets the task." })
  @Column("varchar", { length: 16 })
  assignTo: TaskAssignTo;

  @Field(() => CaseQueue, { description: "The queue of the task (and the fallback of CUSTOMER_AGENT)." })
  @Column("varchar", { length: 16 })
  queue: CaseQueue;

  @Field(() => Boolean, { description: "Whether the rule raises tasks." })
  @Column("boolean", { default: true })
  active: boolean;

  @Field(() => DateTimeISOResolver, { description: "When the rule last changed." })
  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}
