import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { Channel } from "../customer/customer.enums";
import { ContactChannel } from "../contact-policy/contact-policy.enums";

export enum ConsentPurpose {
  MARKETING = "MARKETING",
  PROFILING = "PROFILING",
  SENSITIVE_DATA = "SENSITIVE_DATA",
  THIRD_PARTY_SHARING = "THIRD_PARTY_SHARING",
}
registerEnumType(ConsentPurpose, {
  name: "ConsentPurpose",
  description: "What the customer consents (or not) to.",
  valuesConfig: {
    MARKETING: { description: "Marketing contacts and offers: MARKETING staff see only customers who granted it, and outbound marketing needs it (a contact channel's own decision overrides it for that channel)." },
    PROFILING: { description: "Profiling for marketing: after a refusal the customer is in no segment for MARKETING and gets no offers." },
    SENSITIVE_DATA: { description: "Processing of sensitive personal data: while granted, the roles with consent-bound access (docs/data-policy.md) read financial and health fields, and risk assessments use health declarations." },
    THIRD_PARTY_SHARING: { description: "Sharing the customer's data with third parties; recorded for the customer's consent history." },
  },
});

/**
 * Consent history: rows are only added; the newest row per purpose (no contact channel) is the
 * purpose decision; a MARKETING row naming a contact channel is that channel's decision, which
 * overrides the purpose decision for that channel only (the contact policy).
 */
@ObjectType({ description: "A consent decision of the customer for one purpose, or for one contact channel of it; the newest per purpose and channel counts." })
@Entity("consent")
@Index("IDX_consent_customer_purpose_time", ["customerId", "purpose", "recordedAt"])
@Index("IDX_consent_customer_channel", { synchronize: false }) // (customer_id, contact_channel, recorded_at) WHERE contact_channel IS NOT NULL
@Index("IDX_consent_customer_time", ["customerId", "recordedAt"])
export class Consent {
  @Field(() => ID, { description: "Consent record id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The customer who decided." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => ConsentPurpose, { description: "Purpose the decision is about." })
  @Column("varchar", { length: 24 })
  purpose: ConsentPurpose;

  @Field(() => Boolean, { description: "True when granted, false when refused or withdrawn." })
  @Column("boolean")
  granted: boolean;

  @Field(() => Channel, { nullable: true, description: "Channel the decision was captured on." })
  @Column("varchar", { length: 12, nullable: true })
  channel: Channel | null;

  @Field(() => ContactChannel, {
    nullable: true,
    description: "The contact channel the decision is about (MARKETING only); null: every channel of the purpose. A channel's decision overrides the purpose decision for that channel.",
  })
  @Column("varchar", { length: 8, nullable: true })
  contactChannel: ContactChannel | null;

  @Field(() => DateTimeISOResolver, { description: "When the decision was recorded." })
  @Column("timestamptz", { default: () => "now()" })
  recordedAt: Date;

  @Column("uuid", { nullable: true })
  recordedBy: string | null;
}
