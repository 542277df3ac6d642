import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import { Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";

export enum DuplicateReason {
  NATIONAL_ID = "NATIONAL_ID",
  SCORED_MATCH = "SCORED_MATCH",
  AGENT_PROPOSAL = "AGENT_PROPOSAL",
}
registerEnumType(DuplicateReason, {
  name: "DuplicateReason",
  description: "Why two customers may be one person.",
  valuesConfig: {
    NATIONAL_ID: { description: "The same national id (blind index)." },
    SCORED_MATCH: { description: "Name, birth date, contact and address compared: the match score lies between the review and the link threshold, or above it." },
    AGENT_PROPOSAL: { description: "Proposed by the servicing agent of both records." },
  },
});

export enum DuplicateStatus {
  OPEN = "OPEN",
  CONFIRMED = "CONFIRMED",
  DISMISSED = "DISMISSED",
}
registerEnumType(DuplicateStatus, {
  name: "DuplicateStatus",
  description: "Where the review of a candidate pair stands.",
  valuesConfig: {
    OPEN: { description: "Waiting for review." },
    CONFIRMED: { description: "One person: the records are linked (by a reviewer, or automatically above the link threshold)." },
    DISMISSED: { description: "Rejected: two people. The pair is never proposed again." },
  },
});

@ObjectType({ description: "One comparison of a match score: its level and the weight it added (no compared value)." })
export class MatchComparison {
  @Field(() => String, { description: "What was compared (NAME, BIRTH_DATE, NATIONAL_ID, PHONE, EMAIL, ADDRESS, …)." })
  comparison: string;

  @Field(() => String, { description: "How alike the two values are (EXACT, CLOSE, DIFFERENT, MISSING, …)." })
  level: string;

  @Field(() => Float, { description: "The match weight this comparison added (log2 of its m/u ratio)." })
  weight: number;
}

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

  @Field(() => Float, { nullable: true, description: "Match probability (0–1) from the Fellegi–Sunter weights; null when not scored." })
  @Column("double precision", { nullable: true })
  score: number | null;

  @Field(() => Float, { nullable: true, description: "Match weight: the sum of the comparisons' weights and the prior (log2)." })
  @Column("double precision", { nullable: true })
  matchWeight: number | null;

  /** Levels and weights only: the explanation never holds a compared value. */
  @Field(() => [MatchComparison], { nullable: true, description: "Why: each comparison with its level and weight." })
  @Column("jsonb", { nullable: true })
  matchExplanation: MatchComparison[] | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the pair was linked or rejected." })
  @Column("timestamptz", { nullable: true })
  decidedAt: Date | null;

  /** Who decided; null for an automatic link or an open pair. */
  @Column("uuid", { nullable: true })
  decidedById: string | null;

  @Field(() => String, { nullable: true, description: "The reviewer's reason for the decision." })
  @Column("varchar", { length: 200, nullable: true })
  decisionReason: string | null;
}
