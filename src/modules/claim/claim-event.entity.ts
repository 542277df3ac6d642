import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { Claim, ClaimStatus } from "./claim.entity";

@ObjectType({ description: "One step of a claim's workflow: a status change with who made it and why." })
@Entity("claim_event")
@Index("IDX_claim_event_claim_time", ["claimId", "occurredAt"])
@Index("IDX_claim_event_customer_time", ["customerId", "occurredAt"])
@Index("IDX_claim_event_paid", { synchronize: false }) // (occurred_at) WHERE to_status = 'PAID': the task rule sweep's CLAIM_PAID
export class ClaimEvent {
  @Field(() => ID, { description: "Event id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The claim." })
  @Column("uuid")
  claimId: string;

  @ManyToOne(() => Claim, { onDelete: "CASCADE" })
  @JoinColumn({ name: "claim_id" })
  claim?: Claim;

  @Index()
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => ClaimStatus, { nullable: true, description: "State before the change (none when the claim was reported)." })
  @Column("varchar", { length: 14, nullable: true })
  fromStatus: ClaimStatus | null;

  @Field(() => ClaimStatus, { description: "State after the change." })
  @Column("varchar", { length: 14 })
  toStatus: ClaimStatus;

  @Field(() => ID, { nullable: true, description: "Staff user who made the change (none for the customer or the system)." })
  @Column("uuid", { nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: "Why the change was made (INTERNAL)." })
  @Column("text", { nullable: true })
  note: string | null;

  @Field(() => DateTimeISOResolver, { description: "When the change happened." })
  @Column("timestamptz", { default: () => "now()" })
  occurredAt: Date;
}
