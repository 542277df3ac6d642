import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { Channel } from "../customer/customer.enums";
import { StaffUser } from "../staff/staff.entity";

export enum InteractionKind {
  INQUIRY = "INQUIRY",
  PURCHASE = "PURCHASE",
  CLAIM_SUPPORT = "CLAIM_SUPPORT",
  COMPLAINT = "COMPLAINT",
  RENEWAL = "RENEWAL",
  FEEDBACK = "FEEDBACK",
  RISK_NOTICE = "RISK_NOTICE",
  MARKETING = "MARKETING",
}
registerEnumType(InteractionKind, {
  name: "InteractionKind",
  description: "What a service contact was about.",
  valuesConfig: {
    INQUIRY: { description: "A question about a product, a policy or the customer's account." },
    PURCHASE: { description: "About buying a product." },
    CLAIM_SUPPORT: { description: "Help with a claim (filing, documents, progress)." },
    COMPLAINT: { description: "A complaint; fileComplaint records the contact with its complaint." },
    RENEWAL: { description: "About renewing a policy (a renewal reminder task's contact)." },
    FEEDBACK: { description: "Feedback from the customer, e.g. a satisfaction survey or a follow-up visit." },
    RISK_NOTICE: { description: "A notice about a risk, e.g. a weather warning or an overdue premium." },
    MARKETING: { description: "An outbound marketing contact (a campaign call, text, e-mail): what the marketing frequency cap counts." },
  },
});

export enum Direction {
  INBOUND = "INBOUND",
  OUTBOUND = "OUTBOUND",
}
registerEnumType(Direction, {
  name: "Direction",
  description: "Who started the contact: the customer (INBOUND) or us (OUTBOUND).",
  valuesConfig: {
    INBOUND: { description: "The customer contacted us (always, when the customer records it)." },
    OUTBOUND: { description: "We contacted the customer." },
  },
});

export enum InteractionStatus {
  OPEN = "OPEN",
  RESOLVED = "RESOLVED",
}
registerEnumType(InteractionStatus, {
  name: "InteractionStatus",
  description: "Whether the contact still needs work.",
  valuesConfig: {
    OPEN: { description: "Not resolved yet (no resolvedAt)." },
    RESOLVED: { description: "Resolved: resolvedAt is set." },
  },
});

@ObjectType({ description: "A service contact with the customer on any channel." })
/** Partitioned by month on occurred_at (migrations/…931, src/db/partitions.ts): the primary key is (id, occurred_at). */
@Entity("interaction")
@Index("IDX_interaction_customer_time", ["customerId", "occurredAt"])
@Index("IDX_interaction_time_channel", ["occurredAt", "channel"])
// the contact policy's WeChat contact point, answered from the index alone (migrations/…1101)
@Index("IDX_interaction_wechat_customer", ["customerId"], { where: `"channel" = 'WECHAT'` })
export class Interaction {
  @Field(() => ID, { description: "Interaction id." })
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_9204371ccb2c9dab5428b406413" })
  id: string;

  @Field(() => ID, { description: "The customer." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => Channel, { description: "Channel of the contact." })
  @Column("varchar", { length: 12 })
  channel: Channel;

  @Field(() => InteractionKind, { description: "What the contact was about." })
  @Column("varchar", { length: 14 })
  kind: InteractionKind;

  @Field(() => Direction, { description: "Inbound or outbound." })
  @Column("varchar", { length: 8 })
  direction: Direction;

  @Field(() => String, { description: "Short subject line." })
  @Column("varchar", { length: 200 })
  subject: string;

  @Field(() => String, { nullable: true, description: "Agent's notes (SERVICE: staff and the contact centre)." })
  @Column("text", { nullable: true })
  notes: string | null;

  @Field(() => DateTimeISOResolver, { description: "When the contact started." })
  @PrimaryColumn("timestamptz", { primaryKeyConstraintName: "PK_9204371ccb2c9dab5428b406413" })
  occurredAt: Date;

  @Field(() => ID, { nullable: true, description: "Staff user who handled the contact." })
  @Index()
  @Column("uuid", { nullable: true })
  staffId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: "SET NULL" })
  @JoinColumn({ name: "staff_id" })
  staff?: StaffUser;

  @Field(() => Int, { nullable: true, description: "Customer satisfaction 1 (poor) to 5 (excellent)." })
  @Column("smallint", { nullable: true })
  satisfaction: number | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When we first responded." })
  @Column("timestamptz", { nullable: true })
  firstResponseAt: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the matter was resolved." })
  @Column("timestamptz", { nullable: true })
  resolvedAt: Date | null;

  @Field(() => InteractionStatus, { description: "Open or resolved." })
  @Column("varchar", { length: 10, default: InteractionStatus.OPEN })
  status: InteractionStatus;

  /** Client-chosen key: recording the same key twice records once. Unique across partitions through `interaction_idempotency` (a trigger claims it there). */
  @Column("varchar", { length: 100, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  /** When the contact last changed (the bulk import updates contacts in place). */
  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;
}
