import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { bigintToNumber } from "../../shared/transformers";
import { Money, optionalMoney } from "../../shared/money";
import { ReadsMoney } from "../../db/getter-columns";
import { Customer } from "../customer/customer.entity";
import { Policy } from "./policy.entity";
import { PolicyParticipant } from "./policy-participant.entity";

export enum InsuredObjectKind {
  VEHICLE = "VEHICLE",
  PROPERTY = "PROPERTY",
  PERSON = "PERSON",
}
registerEnumType(InsuredObjectKind, {
  name: "InsuredObjectKind",
  description: "What a policy insures.",
  valuesConfig: {
    VEHICLE: { description: "A vehicle (motor insurance)." },
    PROPERTY: { description: "A property, e.g. a home." },
    PERSON: { description: "A person: a participant of the policy." },
  },
});

/** What a policy insures: a vehicle (motor), a property (home) or a person (a participant of the policy). */
@ObjectType({ description: "An object a policy insures: a vehicle, a property or a person." })
@Entity("insured_object")
export class InsuredObject {
  @Field(() => ID, { description: "Insured object id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The policy." })
  @Index()
  @Column("uuid")
  policyId: string;

  @ManyToOne(() => Policy, { onDelete: "CASCADE" })
  @JoinColumn({ name: "policy_id" })
  policy?: Policy;

  /** The policyholder, as on every policy row (row scope and the access audit go by it). */
  @Field(() => ID, { description: "The policyholder (the policy's customer)." })
  @Index()
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => InsuredObjectKind, { description: "Vehicle, property or person." })
  @Column("varchar", { length: 10 })
  kind: InsuredObjectKind;

  @Field(() => String, { nullable: true, description: "Vehicle: licence plate (personal data: IDENTITY)." })
  @Column("varchar", { length: 16, nullable: true })
  plate: string | null;

  @Field(() => String, { nullable: true, description: "Vehicle: identification number, 17 characters (personal data: IDENTITY)." })
  @Column("varchar", { length: 17, nullable: true })
  vin: string | null;

  @Field(() => String, { nullable: true, description: "Vehicle: make." })
  @Column("varchar", { length: 40, nullable: true })
  make: string | null;

  @Field(() => String, { nullable: true, description: "Vehicle: model." })
  @Column("varchar", { length: 60, nullable: true })
  model: string | null;

  @Field(() => Int, { nullable: true, description: "Vehicle: model year." })
  @Column("smallint", { nullable: true })
  year: number | null;

  @Field(() => String, { nullable: true, description: "Property: street address (personal data: CONTACT)." })
  @Column("varchar", { length: 300, nullable: true })
  address: string | null;

  @Field(() => String, { nullable: true, description: "Property: city." })
  @Column("varchar", { length: 80, nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true, description: "Property: region (province)." })
  @Column("varchar", { length: 80, nullable: true })
  region: string | null;

  @Field(() => Int, { nullable: true, description: "Property: year of construction." })
  @Column("smallint", { nullable: true })
  constructionYear: number | null;

  @Column("bigint", { nullable: true, transformer: bigintToNumber })
  sumInsured: number | null;

  @Field(() => String, { description: "Currency of the sum insured (ISO-4217)." })
  @Column("char", { length: 3, default: "CNY" })
  currency: string;

  @Field(() => ID, { nullable: true, description: "Person: the participant (an insured person of the policy)." })
  @Column("uuid", { nullable: true })
  participantId: string | null;

  @ManyToOne(() => PolicyParticipant, { onDelete: "CASCADE" })
  @JoinColumn({ name: "participant_id" })
  participant?: PolicyParticipant;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Field(() => Money, { name: "sumInsured", nullable: true, description: "Property: sum insured on this object." })
  @ReadsMoney("sumInsured", "currency", { optional: true })
  get sumInsuredMoney(): Money | null {
    return optionalMoney(this.sumInsured, this.currency);
  }
}
