import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { Channel } from "../customer/customer.enums";
import { Complaint } from "../interaction/complaint.entity";
import { Interaction } from "../interaction/interaction.entity";
import { StaffUser } from "../staff/staff.entity";
import { CasePriority, casePriorityMeanings } from "./sla-policy";
import { describedValues } from "../../shared/described-values";
import { sqlList } from "../../db/sql-literals";
import type { SlaPause } from "./sla-clock";

registerEnumType(CasePriority, {
  name: "CasePriority",
  description: "How urgent a case is; with its channel it decides the case's service levels.",
  valuesConfig: describedValues(casePriorityMeanings()),
});

export enum CaseStatus {
  NEW = "NEW",
  IN_PROGRESS = "IN_PROGRESS",
  WAITING_ON_CUSTOMER = "WAITING_ON_CUSTOMER",
  RESOLVED = "RESOLVED",
  CLOSED = "CLOSED",
}
registerEnumType(CaseStatus, {
  name: "CaseStatus",
  description: "Handling state of a case; WAITING_ON_CUSTOMER stops its SLA clocks.",
  valuesConfig: {
    NEW: { description: "Opened, not yet responded to: leaving NEW is the first response." },
    IN_PROGRESS: { description: "Being worked on." },
    WAITING_ON_CUSTOMER: { description: "Waiting on the customer (e.g. for documents): the SLA clocks are paused." },
    RESOLVED: { description: "Resolved with a resolution; it can be reopened within 14 days of the resolution." },
    CLOSED: { description: "Closed after resolution; it can still be reopened within 14 days of the resolution." },
  },
});

/** The queues cases are worked from, declared once (the database keeps the values as text). */
export enum CaseQueue {
  GENERAL = "GENERAL",
  CLAIMS = "CLAIMS",
  POLICY_SERVICE = "POLICY_SERVICE",
  COMPLAINTS = "COMPLAINTS",
}
registerEnumType(CaseQueue, {
  name: "CaseQueue",
  description: "The team queue a case is worked from.",
  valuesConfig: {
    GENERAL: { description: "General enquiries: the default queue, and the queue of cases a customer opens." },
    CLAIMS: { description: "Claim matters." },
    POLICY_SERVICE: { description: "Policy servicing: changes to a policy, premiums, renewals." },
    COMPLAINTS: { description: "Complaints." },
  },
});

/** Statuses in which a case still needs work: the SLA sweep and the work lists read these. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CUSTOMER];

/** The same statuses as SQL literals, for `status IN (…)` matched against the partial indexes on open cases. */
export const OPEN_CASE_STATUS_SQL = sqlList(OPEN_CASE_STATUSES);

/** A WAITING_ON_CUSTOMER period as stored (ISO instants in the row's `pauses` array). */
interface StoredPause {
  from: string;
  to: string | null;
}

/** The pauses column: Dates in the entity, ISO strings in jsonb (the clock reads Dates); writers outside TypeORM store through it too. */
export const pausesColumn = {
  to: (pauses: readonly SlaPause[] | undefined) =>
    pauses === undefined ? undefined : pauses.map((p): StoredPause => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
  from: (stored: StoredPause[] | string | null): SlaPause[] => {
    const list: StoredPause[] = typeof stored === "string" ? JSON.parse(stored) : (stored ?? []);
    return list.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));
  },
};

@ObjectType("CasePause", { description: "A period the case waited on the customer: its SLA clocks stood still." })
export class CasePause {
  @Field(() => DateTimeISOResolver, { description: "When the case began to wait." })
  from: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When work resumed (null while it still waits)." })
  to: Date | null;
}

/**
 * A service request of a customer, worked from a queue by an assignee through NEW → IN_PROGRESS →
 * WAITING_ON_CUSTOMER → RESOLVED → CLOSED (case-workflow.ts), with a first-response and a
 * resolution clock. Pauses are kept on the row (jsonb): they are always read with the case, only
 * to compute its clocks, and never queried on their own — so a case and its SLA readings come
 * from one row, in a loader or a compiled read, without a second statement.
 */
@ObjectType("ServiceCase", { description: "A customer's service request (case): queue, assignee, status and SLA clocks." })
@Entity("service_case")
@Index("IDX_service_case_customer_opened", ["customerId", "openedAt"])
@Index("IDX_service_case_queue_status", ["queue", "status", "openedAt"])
@Index("IDX_service_case_assignee_status", ["assigneeId", "status"])
@Index("IDX_service_case_origin_interaction", ["originInteractionId", "openedAt"]) // the figures: contacts by the queue of the case they opened
@Index("UQ_service_case_complaint", { synchronize: false }) // UNIQUE (complaint_id) WHERE complaint_id IS NOT NULL
@Index("IDX_service_case_first_response_breach", { synchronize: false }) // (first_response_breach_at) WHERE open AND NOT NULL
@Index("IDX_service_case_resolution_breach", { synchronize: false }) // (resolution_breach_at) WHERE open AND NOT NULL
@Index("IDX_service_case_first_response_unsignalled", { synchronize: false }) // the sweep's: … AND first_response_breach_signalled_at IS NULL
@Index("IDX_service_case_resolution_unsignalled", { synchronize: false }) // the sweep's: … AND resolution_breach_signalled_at IS NULL
@Index("IDX_service_case_closed", { synchronize: false }) // (closed_at) WHERE status = 'CLOSED': the task rule sweep's CASE_CLOSED
@Index("IDX_service_case_open_opened", { synchronize: false }) // (opened_at) WHERE open: the service figures' live backlog
@Index("IDX_service_case_opened", { synchronize: false }) // (opened_at): the service figures' live days
@Index("IDX_service_case_waiting", { synchronize: false }) // (opened_at) WHERE status = 'WAITING_ON_CUSTOMER': its CASE_WAITING_ON_CUSTOMER
export class ServiceCase {
  @Field(() => ID, { description: "Case id." })
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_service_case" })
  id: string;

  @Field(() => ID, { description: "The customer." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_service_case_customer" })
  customer?: Customer;

  @Field(() => ID, { nullable: true, description: "The service contact the case was opened from, if any." })
  @Column("uuid", { nullable: true })
  originInteractionId: string | null;

  // a trigger holds this reference, not a foreign key: interaction is partitioned (src/db/partitions.ts, PARTITION_REFERENCES)
  @ManyToOne(() => Interaction, { onDelete: "SET NULL", createForeignKeyConstraints: false })
  @JoinColumn({ name: "origin_interaction_id", referencedColumnName: "id" })
  originInteraction?: Interaction;

  @Field(() => ID, { nullable: true, description: "The complaint the case handles, if any (fileComplaint opens one per complaint)." })
  @Column("uuid", { nullable: true })
  complaintId: string | null;

  @ManyToOne(() => Complaint, { onDelete: "SET NULL" })
  @JoinColumn({ name: "complaint_id", foreignKeyConstraintName: "FK_service_case_complaint" })
  complaint?: Complaint;

  @Field(() => Channel, { description: "The channel the request came in on (decides the SLA with the priority)." })
  @Column("varchar", { length: 12 })
  channel: Channel;

  @Field(() => CasePriority, { description: "Priority." })
  @Column("varchar", { length: 8 })
  priority: CasePriority;

  @Field(() => CaseQueue, { nullable: true, description: "The queue it is worked from (SERVICE)." })
  @Column("varchar", { length: 16 })
  queue: CaseQueue;

  @Field(() => String, { nullable: true, description: "What the customer asked for (SERVICE: staff write it in their words)." })
  @Column("varchar", { length: 200 })
  subject: string;

  @Field(() => String, { nullable: true, description: "Staff notes (SERVICE)." })
  @Column("text", { nullable: true })
  notes: string | null;

  @Field(() => CaseStatus, { description: "Handling state." })
  @Column("varchar", { length: 20 })
  status: CaseStatus;

  @Field(() => ID, { nullable: true, description: "The staff user working the case (SERVICE); null while it waits in its queue." })
  @Column("uuid", { nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: "SET NULL" })
  @JoinColumn({ name: "assignee_id", foreignKeyConstraintName: "FK_service_case_assignee" })
  assignee?: StaffUser;

  @Field(() => DateTimeISOResolver, { description: "When the request was received: both SLA clocks start here." })
  @Column("timestamptz")
  openedAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the case first left NEW (the first response)." })
  @Column("timestamptz", { nullable: true })
  firstRespondedAt: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was last resolved (null while open or reopened)." })
  @Column("timestamptz", { nullable: true })
  resolvedAt: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was closed (null unless CLOSED)." })
  @Column("timestamptz", { nullable: true })
  closedAt: Date | null;

  @Field(() => String, { nullable: true, description: "How it was last resolved: the answer the customer was given." })
  @Column("text", { nullable: true })
  resolution: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was last reopened." })
  @Column("timestamptz", { nullable: true })
  reopenedAt: Date | null;

  @Field(() => String, { nullable: true, description: "Why it was last reopened (SERVICE)." })
  @Column("text", { nullable: true })
  reopenReason: string | null;

  @Field(() => [CasePause], { description: "The periods it waited on the customer, oldest first (the last one open while it waits)." })
  @Column("jsonb", { default: () => "'[]'", transformer: pausesColumn })
  pauses: SlaPause[];

  /** The first-response deadline while that clock runs (NULL when met or paused): the SLA sweep's column. */
  @Column("timestamptz", { nullable: true })
  firstResponseBreachAt: Date | null;

  /** The resolution deadline while that clock runs (NULL when met or paused): the SLA sweep's column. */
  @Column("timestamptz", { nullable: true })
  resolutionBreachAt: Date | null;

  /** Whether the first response was late (readSlaClock's verdict when it was met); NULL until it is met. */
  @Column("boolean", { nullable: true })
  firstResponseBreached: boolean | null;

  /** Whether the resolution was late (readSlaClock's verdict, pauses and calendar counted); NULL while unresolved (a reopen clears it). */
  @Column("boolean", { nullable: true })
  resolutionBreached: boolean | null;

  /** When the SLA sweep signalled the first-response breach (`case.breached`, once per case). */
  @Column("timestamptz", { nullable: true })
  firstResponseBreachSignalledAt: Date | null;

  /** When the SLA sweep signalled the resolution breach (`case.breached`, once per case). */
  @Column("timestamptz", { nullable: true })
  resolutionBreachSignalledAt: Date | null;

  @Field(() => Int, { description: "Optimistic-lock version: pass it as expectedVersion." })
  @VersionColumn({ default: 1 })
  version: number;

  /** The staff user who opened it (null: the customer themself, or a system). */
  @Column("uuid", { nullable: true })
  createdById: string | null;

  /** The staff user who changed it last. */
  @Column("uuid", { nullable: true })
  updatedById: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}
