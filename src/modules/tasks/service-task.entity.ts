import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from "typeorm";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { Channel } from "../customer/customer.enums";
import { ContactPurpose } from "../contact-policy/contact-policy.enums";
import { Interaction } from "../interaction/interaction.entity";
import { CaseQueue } from "../service-desk/service-case.entity";
import { StaffUser } from "../staff/staff.entity";
import { TaskKind, TaskOutcome, TaskSource, TaskStatus } from "./task.enums";

/**
 * A follow-up task about a customer: raised by a task rule (task_rule: a follow-up visit after a
 * claim was paid, a survey after a case closed, a renewal reminder…) or by staff, due at `dueAt`,
 * worked from a queue or by an assignee, completed with an outcome. A rule's task is unique per
 * (rule, source record, trigger instant), so the rule sweep can run any number of times.
 */
@ObjectType("ServiceTask", { description: "A follow-up task about a customer: what, when it is due, who works it, how it ended." })
@Entity("service_task")
@Index("IDX_service_task_customer_created", ["customerId", "createdAt"])
@Index("IDX_service_task_assignee_status_due", ["assigneeId", "status", "dueAt"])
@Index("IDX_service_task_queue_status_due", ["queue", "status", "dueAt"])
@Index("UQ_service_task_rule_source", ["ruleCode", "sourceId", "triggerAt"], { unique: true })
export class ServiceTask {
  @Field(() => ID, { description: "Task id." })
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_service_task" })
  id: string;

  @Field(() => ID, { description: "The customer." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_service_task_customer" })
  customer?: Customer;

  @Field(() => TaskKind, { description: "What the task asks." })
  @Column("varchar", { length: 24 })
  kind: TaskKind;

  @Field(() => ContactPurpose, { description: "Why the customer is contacted for it: SERVICE (a contract duty) or MARKETING; decides the contact policy it obeys." })
  @Column("varchar", { length: 12 })
  purpose: ContactPurpose;

  @Field(() => String, { nullable: true, description: "The rule that raised it (null: planned by staff)." })
  @Column("varchar", { length: 40, nullable: true })
  ruleCode: string | null;

  @Field(() => TaskSource, { nullable: true, description: "The kind of record it is about, if any." })
  @Column("varchar", { length: 12, nullable: true })
  sourceType: TaskSource | null;

  @Field(() => ID, { nullable: true, description: "The record it is about (a claim, complaint, case or policy of the customer)." })
  @Column("uuid", { nullable: true })
  sourceId: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the rule's trigger happened (the claim paid, the case closed, the renewal date)." })
  @Column("timestamptz", { nullable: true })
  triggerAt: Date | null;

  @Field(() => DateTimeISOResolver, { description: "When it is due; overdue while OPEN after this." })
  @Column("timestamptz")
  dueAt: Date;

  @Field(() => String, { nullable: true, description: "What to do, in staff's words (SERVICE)." })
  @Column("varchar", { length: 200, nullable: true })
  subject: string | null;

  @Field(() => CaseQueue, { nullable: true, description: "The queue it is worked from (SERVICE)." })
  @Column("varchar", { length: 16 })
  queue: CaseQueue;

  @Field(() => ID, { nullable: true, description: "The staff user working it (SERVICE); null while it waits in its queue." })
  @Column("uuid", { nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: "SET NULL" })
  @JoinColumn({ name: "assignee_id", foreignKeyConstraintName: "FK_service_task_assignee" })
  assignee?: StaffUser;

  @Field(() => TaskStatus, { description: "OPEN, DONE or CANCELLED." })
  @Column("varchar", { length: 10 })
  status: TaskStatus;

  @Field(() => TaskOutcome, { nullable: true, description: "How it ended (null while OPEN)." })
  @Column("varchar", { length: 12, nullable: true })
  outcome: TaskOutcome | null;

  @Field(() => String, { nullable: true, description: "Staff's note on the outcome (SERVICE)." })
  @Column("text", { nullable: true })
  outcomeNote: string | null;

  @Field(() => Channel, { nullable: true, description: "The channel the customer was contacted on, when an attempt was made." })
  @Column("varchar", { length: 12, nullable: true })
  contactChannel: Channel | null;

  @Field(() => Int, { nullable: true, description: "A survey's answer: satisfaction 1 (poor) to 5 (excellent); it feeds the satisfaction index." })
  @Column("smallint", { nullable: true })
  satisfaction: number | null;

  @Field(() => ID, { nullable: true, description: "The outbound contact recorded when the customer was reached." })
  @Column("uuid", { nullable: true })
  interactionId: string | null;

  // a trigger holds this reference, not a foreign key: interaction is partitioned (src/db/partitions.ts, PARTITION_REFERENCES)
  @ManyToOne(() => Interaction, { onDelete: "SET NULL", createForeignKeyConstraints: false })
  @JoinColumn({ name: "interaction_id", referencedColumnName: "id" })
  interaction?: Interaction;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was completed or cancelled." })
  @Column("timestamptz", { nullable: true })
  completedAt: Date | null;

  @Field(() => ID, { nullable: true, description: "Who completed it." })
  @Column("uuid", { nullable: true })
  completedById: string | null;

  @Field(() => Int, { description: "Optimistic-lock version: pass it as expectedVersion." })
  @VersionColumn({ default: 1 })
  version: number;

  /** The staff user who planned it (null: a rule). */
  @Column("uuid", { nullable: true })
  createdById: string | null;

  @Field(() => DateTimeISOResolver, { description: "When it was raised." })
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}
