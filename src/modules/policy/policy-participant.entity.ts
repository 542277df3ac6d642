import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Customer } from "../customer/customer.entity";
import { Policy } from "./policy.entity";

export enum ParticipantRole {
  POLICYHOLDER = "POLICYHOLDER",
  INSURED = "INSURED",
  BENEFICIARY = "BENEFICIARY",
  PAYER = "PAYER",
}
registerEnumType(ParticipantRole, {
  name: "ParticipantRole",
  description: "The part a person plays in a policy.",
  valuesConfig: {
    POLICYHOLDER: { description: "Owns the policy: the policy's customer." },
    INSURED: { description: "The person whose life, health or body is covered." },
    BENEFICIARY: { description: "Receives the benefit, with a share in percent and an order; the shares of each order add up to 100 %." },
    PAYER: { description: "Pays the premium." },
  },
});

export enum InsuredRelationship {
  SELF = "SELF",
  SPOUSE = "SPOUSE",
  CHILD = "CHILD",
  PARENT = "PARENT",
  EMPLOYER = "EMPLOYER",
  EMPLOYEE = "EMPLOYEE",
  OTHER = "OTHER",
}
registerEnumType(InsuredRelationship, {
  name: "InsuredRelationship",
  description: "How the participant stands to the insured person (CHILD: the participant is the insured's child).",
  valuesConfig: {
    SELF: { description: "The participant is the insured person themself." },
    SPOUSE: { description: "The participant is the insured's spouse." },
    CHILD: { description: "The participant is the insured's child." },
    PARENT: { description: "The participant is the insured's parent." },
    EMPLOYER: { description: "The participant is the insured's employer." },
    EMPLOYEE: { description: "The participant is the insured's employee." },
    OTHER: { description: "Another relationship." },
  },
});

/**
 * A person in a policy: the policyholder, an insured person, a beneficiary (with share and order)
 * or the payer — a customer (`participantCustomerId`) or a named person who is no customer.
 * `customerId` is the policyholder, as on every policy row, so that row scope applies alike.
 * The beneficiaries of each order share 100 %: a deferred constraint trigger checks it at commit.
 */
@ObjectType({ description: "A person in a policy: policyholder, insured, beneficiary or payer." })
@Entity("policy_participant")
@Check("CHK_policy_participant_share", `"share_percent" IS NULL OR "share_percent" BETWEEN 1 AND 100`)
@Check("CHK_policy_participant_identity", `"participant_customer_id" IS NOT NULL OR "name" IS NOT NULL`)
export class PolicyParticipant {
  @Field(() => ID, { description: "Participant id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The policy." })
  @Index()
  @Column("uuid")
  policyId: string;

  @ManyToOne(() => Policy, { onDelete: "CASCADE" })
  @JoinColumn({ name: "policy_id" })
  policy?: Policy;

  /** The policyholder (the policy's customer): row scope and the access audit go by it. */
  @Field(() => ID, { description: "The policyholder (the policy's customer)." })
  @Index()
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  holder?: Customer;

  @Field(() => ParticipantRole, { description: "Part played in the policy." })
  @Column("varchar", { length: 12 })
  role: ParticipantRole;

  @Field(() => ID, { nullable: true, description: "The participant when they are a customer (then `customer` resolves it under your scope)." })
  @Index()
  @Column("uuid", { nullable: true })
  participantCustomerId: string | null;

  @ManyToOne(() => Customer, { onDelete: "SET NULL" })
  @JoinColumn({ name: "participant_customer_id" })
  participantCustomer?: Customer;

  @Field(() => String, { nullable: true, description: "Name of a participant who is no customer (personal data: CONTACT)." })
  @Column("varchar", { length: 200, nullable: true })
  name: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Date of birth of a participant who is no customer, YYYY-MM-DD, or the year where your role sees it masked (personal data: IDENTITY).",
  })
  @Column("date", { nullable: true })
  dateOfBirth: string | null;

  /** AES-256-GCM ciphertext of a named participant's national id (sealed as the customer's). */
  @Column("text", { nullable: true })
  nationalIdEncrypted: string | null;

  /** HMAC-SHA-256 blind index of the national id (same key and normalization as the customer's). */
  @Column("varchar", { length: 64, nullable: true })
  nationalIdHash: string | null;

  @Field(() => InsuredRelationship, { nullable: true, description: "How the participant stands to the insured person." })
  @Column("varchar", { length: 12, nullable: true })
  relationship: InsuredRelationship | null;

  @Field(() => Int, { nullable: true, description: "Beneficiaries: share of the benefit in whole percent; the shares of one order sum to 100." })
  @Column("smallint", { nullable: true })
  sharePercent: number | null;

  @Field(() => Int, { description: "Order within the role (beneficiaries: 1 is paid first; a later order only when no earlier one survives)." })
  @Column("smallint", { name: "ordinal", default: 1 })
  order: number;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;
}
