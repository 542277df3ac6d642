import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from "typeorm";
import { Node } from "../node/node.type";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, LocalDateResolver } from "graphql-scalars";
import { bigintToNumber } from "../../shared/transformers";
import { sealedText } from "../../shared/pii-crypto";
import { Money, money, optionalMoney } from "../../shared/money";
import { Customer } from "../customer/customer.entity";
import { Policy } from "../policy/policy.entity";
import { StaffUser } from "../staff/staff.entity";
import { ReadsMoney } from "../../db/getter-columns";

export enum ClaimStatus {
  REPORTED = "REPORTED",
  UNDER_REVIEW = "UNDER_REVIEW",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
  PAID = "PAID",
  CLOSED = "CLOSED",
}
registerEnumType(ClaimStatus, {
  name: "ClaimStatus",
  description: "Workflow state of a claim.",
  valuesConfig: {
    REPORTED: { description: "Filed and waiting for review (open)." },
    UNDER_REVIEW: { description: "Being assessed by a claims adjuster (open)." },
    APPROVED: { description: "Accepted for an approved amount (at most the amount claimed), not yet paid (open)." },
    REJECTED: { description: "Declined after review; the note says why." },
    PAID: { description: "The approved amount was paid out; the claim can then be CLOSED." },
    CLOSED: { description: "Finished: after payment, or withdrawn while under review." },
  },
});

/** Claim states in which the claim still needs work. */
export const OPEN_CLAIM_STATUSES = [ClaimStatus.REPORTED, ClaimStatus.UNDER_REVIEW, ClaimStatus.APPROVED];

@ObjectType({ implements: Node, description: "A claim made under a policy, with its workflow state and amounts." })
@Entity("claim")
@Index("IDX_claim_customer_status", ["customerId", "status"])
@Index("IDX_claim_customer_incident", ["customerId", "incidentDate"])
@Index("IDX_claim_reported", { synchronize: false }) // (reported_at): the service figures' live days
export class Claim {
  @Field(() => ID, { description: "Claim id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Claim number, unique (e.g. CL2026000042)." })
  @Index({ unique: true })
  @Column("varchar", { length: 24 })
  claimNumber: string;

  @Field(() => ID, { description: "Policy the claim is made under." })
  @Index()
  @Column("uuid")
  policyId: string;

  @ManyToOne(() => Policy, { onDelete: "CASCADE" })
  @JoinColumn({ name: "policy_id" })
  policy?: Policy;

  @Field(() => ID, { description: "The policyholder." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => String, { description: "Kind of loss, e.g. HOSPITALIZATION, COLLISION, THEFT, DEATH." })
  @Column("varchar", { length: 40 })
  kind: string;

  @Field(() => LocalDateResolver, { description: "Day the insured event happened." })
  @Column("date")
  incidentDate: string;

  @Field(() => DateTimeISOResolver, { description: "When the claim was reported." })
  @Column("timestamptz")
  reportedAt: Date;

  @Field(() => ClaimStatus, { description: "Workflow state." })
  @Index()
  @Column("varchar", { length: 14 })
  status: ClaimStatus;

  @Column("bigint", { transformer: bigintToNumber })
  claimedAmount: number;

  @Column("bigint", { nullable: true, transformer: bigintToNumber })
  approvedAmount: number | null;

  @Column("bigint", { nullable: true, transformer: bigintToNumber })
  paidAmount: number | null;

  @Field(() => String, { description: "Currency of the amounts (ISO-4217)." })
  @Column("char", { length: 3, default: "CNY" })
  currency: string;

  @Field(() => Float, { nullable: true, description: "Fraud likelihood 0–1 from screening (INTERNAL)." })
  @Column("double precision", { nullable: true })
  fraudScore: number | null;

  /** Encrypted at rest (AES-256-GCM): it may hold medical details. */
  @Field(() => String, { nullable: true, description: "Loss description; medical details for health claims (HEALTH)." })
  @Column("text", { nullable: true, transformer: sealedText })
  description: string | null;

  @Field(() => ID, { nullable: true, description: "Adjuster handling the claim." })
  @Index()
  @Column("uuid", { nullable: true })
  assignedAdjusterId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: "SET NULL" })
  @JoinColumn({ name: "assigned_adjuster_id" })
  assignedAdjuster?: StaffUser;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the claim reached CLOSED (or REJECTED)." })
  @Column("timestamptz", { nullable: true })
  closedAt: Date | null;

  /** Client-chosen key: filing the same key twice files once (a retry after a lost answer). */
  @Index({ unique: true, where: "idempotency_key IS NOT NULL" })
  @Column("varchar", { length: 100, nullable: true })
  idempotencyKey: string | null;

  @Field(() => Int, { description: "Optimistic-lock version." })
  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @Field(() => Money, { name: "claimedAmount", description: "Amount claimed." })
  @ReadsMoney("claimedAmount", "currency")
  get claimedMoney(): Money {
    return money(this.claimedAmount, this.currency);
  }

  @Field(() => Money, { name: "approvedAmount", nullable: true, description: "Amount approved, once approved." })
  @ReadsMoney("approvedAmount", "currency", { optional: true })
  get approvedMoney(): Money | null {
    return optionalMoney(this.approvedAmount, this.currency);
  }

  @Field(() => Money, { name: "paidAmount", nullable: true, description: "Amount paid, once paid." })
  @ReadsMoney("paidAmount", "currency", { optional: true })
  get paidMoney(): Money | null {
    return optionalMoney(this.paidAmount, this.currency);
  }
}
