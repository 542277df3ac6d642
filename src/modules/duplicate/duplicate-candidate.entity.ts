import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";

export enum DuplicateReason {
  NATIONAL_ID = "NATIONAL_ID",
}
registerEnumType(DuplicateReason, { name: "DuplicateReason", description: "Why two customers may be one person." });

export enum DuplicateStatus {
  OPEN = "OPEN",
  CONFIRMED = "CONFIRMED",
  DISMISSED = "DISMISSED",
}
registerEnumType(DuplicateStatus, { name: "DuplicateStatus", description: "Where the review of a candidate pair stands." });

/**
 * Two customer records that may be one person, found when a write met a national id another
 * customer already has. The write itself went through (no uniqueness oracle, DESIGN §5); the pair
 * waits here for review by COMPLIANCE or ADMIN. Identity resolution builds on this table later.
 */
@ObjectType({ description: "A pair of customers that may be one person, for duplicate review (COMPLIANCE, ADMIN)." })
@Entity("duplicate_candidate")
@Unique("UQ_duplicate_candidate_pair", ["customerId", "candidateCustomerId", "reason"])
@Index("IDX_duplicate_candidate_detected", ["detectedAt", "id"])
export class DuplicateCandidate {
  @Field(() => ID, { description: "Id of the candidate pair." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The customer whose write found the match. */
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customerRow?: Customer;

  /** The customer recorded earlier with the same value. */
  @Index()
  @Column("uuid")
  candidateCustomerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "candidate_customer_id" })
  candidateRow?: Customer;

  @Field(() => DuplicateReason, { description: "What the two customers have in common." })
  @Column("varchar", { length: 20 })
  reason: DuplicateReason;

  @Field(() => DateTimeISOResolver, { description: "When the match was found." })
  @Column("timestamptz", { default: () => "now()" })
  detectedAt: Date;

  @Field(() => DuplicateStatus, { description: "Review status (OPEN until reviewed)." })
  @Column("varchar", { length: 12, default: DuplicateStatus.OPEN })
  status: DuplicateStatus;
}
