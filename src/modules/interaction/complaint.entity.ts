import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { Interaction } from "./interaction.entity";
import { Reads } from "../../db/getter-columns";

export enum ComplaintStatus {
  RECEIVED = "RECEIVED",
  INVESTIGATING = "INVESTIGATING",
  RESOLVED = "RESOLVED",
  ESCALATED = "ESCALATED",
}
registerEnumType(ComplaintStatus, {
  name: "ComplaintStatus",
  description: "Handling state of a complaint.",
  valuesConfig: {
    RECEIVED: { description: "Filed, not yet investigated (open)." },
    INVESTIGATING: { description: "Under investigation (open); starting it is the first response." },
    RESOLVED: { description: "Resolved with a resolution; its contact is resolved too." },
    ESCALATED: { description: "Escalated with a reason (open) until resolved." },
  },
});

export enum Severity {
  LOW = "LOW",
  MEDIUM = "MEDIUM",
  HIGH = "HIGH",
  CRITICAL = "CRITICAL",
}
registerEnumType(Severity, {
  name: "Severity",
  description: "How serious a complaint is.",
  valuesConfig: {
    LOW: { description: "Minor; due COMPLAINT_DUE_HOURS_LOW hours after receipt (24 by default)." },
    MEDIUM: { description: "Moderate (the default); due COMPLAINT_DUE_HOURS_MEDIUM hours after receipt (24 by default)." },
    HIGH: { description: "Serious; due COMPLAINT_DUE_HOURS_HIGH hours after receipt (24 by default)." },
    CRITICAL: { description: "Most serious; due COMPLAINT_DUE_HOURS_CRITICAL hours after receipt (24 by default)." },
  },
});

export const OPEN_COMPLAINT_STATUSES = [ComplaintStatus.RECEIVED, ComplaintStatus.INVESTIGATING, ComplaintStatus.ESCALATED];

@ObjectType({ description: "A complaint, handled to a deadline (24 hours after receipt by default)." })
@Entity("complaint")
@Index("IDX_complaint_customer_status", ["customerId", "status"])
@Index("IDX_complaint_status_due", ["status", "dueAt"])
@Unique("REL_f95627ac1d0d678cf31cbb3866", ["interactionId"]) // one complaint per contact (the one-to-one relation declared it while it had a foreign key)
@Index("IDX_complaint_customer_received", ["customerId", "receivedAt"])
@Index("IDX_complaint_received", { synchronize: false }) // (received_at): the service figures' live days
@Index("IDX_complaint_resolved", { synchronize: false }) // (resolved_at) WHERE resolved_at IS NOT NULL: the task rule sweep's COMPLAINT_RESOLVED
export class Complaint {
  @Field(() => ID, { description: "Complaint id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The interaction in which the complaint was received." })
  @Column("uuid")
  interactionId: string;

  // a trigger holds this reference, not a foreign key: interaction is partitioned (src/db/partitions.ts, PARTITION_REFERENCES)
  @OneToOne(() => Interaction, { onDelete: "CASCADE", createForeignKeyConstraints: false })
  @JoinColumn({ name: "interaction_id", referencedColumnName: "id" })
  interaction?: Interaction;

  @Field(() => ID, { description: "The complaining customer." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => String, { description: "Category, e.g. CLAIM_HANDLING, SERVICE_ATTITUDE, BILLING, MIS_SELLING." })
  @Column("varchar", { length: 40 })
  category: string;

  @Field(() => Severity, { description: "Severity." })
  @Column("varchar", { length: 10 })
  severity: Severity;

  @Field(() => ComplaintStatus, { description: "Handling state." })
  @Column("varchar", { length: 14 })
  status: ComplaintStatus;

  @Field(() => DateTimeISOResolver, { description: "When the complaint was received." })
  @Column("timestamptz")
  receivedAt: Date;

  @Field(() => DateTimeISOResolver, { description: "Deadline for resolution." })
  @Column("timestamptz")
  dueAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was resolved." })
  @Column("timestamptz", { nullable: true })
  resolvedAt: Date | null;

  @Field(() => String, { nullable: true, description: "How it was resolved (INTERNAL)." })
  @Column("text", { nullable: true })
  resolution: string | null;

  @Field(() => String, { nullable: true, description: "Why it was escalated (INTERNAL)." })
  @Column("text", { nullable: true })
  escalationReason: string | null;

  @Field(() => Int, { description: "Optimistic-lock version." })
  @VersionColumn({ default: 1 })
  version: number;

  /** When the complaint last changed: an import job re-assesses the risk of the customers whose complaints it wrote by it. */
  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  /** When the deadline sweep wrote complaint.due_soon (complaint-deadlines.ts): once per complaint. */
  @Column("timestamptz", { nullable: true })
  dueSoonSignalledAt: Date | null;

  /** When the deadline sweep wrote complaint.overdue: once per complaint. */
  @Column("timestamptz", { nullable: true })
  overdueSignalledAt: Date | null;

  @Field(() => Boolean, { description: "True when still open past its deadline, or resolved after it." })
  @Reads("resolvedAt", "dueAt")
  get overdue(): boolean {
    const end = this.resolvedAt ?? new Date();
    return end.getTime() > this.dueAt.getTime();
  }
}
