import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  JoinColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from "typeorm";
import { Node } from "../node/node.type";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { bigintToNumber } from "../../shared/transformers";
import { Income, income } from "./income.type";
import { StaffUser } from "../staff/staff.entity";
import { Channel, CustomerKind, Gender, IdType, MaritalStatus, RiskPreference, ServiceTier } from "./customer.enums";

@ObjectType({ implements: Node, description: "A policyholder or prospect: a person, an enterprise or a group scheme." })
@Entity("customer")
@Index("IDX_customer_search_trgm", { synchronize: false })
@Index("IDX_customer_number_serial", { synchronize: false }) // nextCustomerNumber's max, migrations/…-GeneratedNumberSerials
@Index("IDX_customer_agent_name", ["assignedAgentId", "fullName"])
@Index("IDX_customer_created_keyset", { synchronize: false }) // customers by CREATED_AT (keysetColumn), migrations/…-KeysetIndexes
export class Customer {
  @Field(() => ID, { description: "Customer id (UUID)." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Human-readable customer number, unique (e.g. C00001234)." })
  @Index({ unique: true })
  @Column("varchar", { length: 20 })
  customerNumber: string;

  @Field(() => CustomerKind, { description: "Individual, enterprise or group." })
  @Column("varchar", { length: 12 })
  kind: CustomerKind;

  @Field(() => String, { nullable: true, description: "Full legal name (personal data: CONTACT)." })
  @Index()
  @Column("varchar", { length: 200 })
  fullName: string;

  @Field(() => Gender, { nullable: true, description: "Gender (personal data: IDENTITY)." })
  @Column("varchar", { length: 12, nullable: true })
  gender: Gender | null;

  @Field(() => String, {
    nullable: true,
    description: "Date of birth as YYYY-MM-DD, or only the year (YYYY) where your role sees it masked (personal data: IDENTITY).",
  })
  @Column("date", { nullable: true })
  dateOfBirth: string | null;

  @Field(() => IdType, { nullable: true, description: "Kind of identity document." })
  @Column("varchar", { length: 20, nullable: true })
  idType: IdType | null;

  /** AES-256-GCM ciphertext of the national id; never exposed directly. */
  @Column("text", { nullable: true })
  nationalIdEncrypted: string | null;

  /** HMAC-SHA-256 blind index of the normalized national id, for exact look-ups. */
  @Index()
  @Column("varchar", { length: 64, nullable: true })
  nationalIdHash: string | null;

  @Field(() => String, { nullable: true, description: "E-mail address (personal data: CONTACT)." })
  @Column("varchar", { length: 254, nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: "Phone number in E.164 (personal data: CONTACT)." })
  @Column("varchar", { length: 20, nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true, description: "Street address (personal data: CONTACT)." })
  @Column("varchar", { length: 300, nullable: true })
  address: string | null;

  @Field(() => String, { nullable: true, description: "City." })
  @Column("varchar", { length: 80, nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true, description: "Province or region." })
  @Index()
  @Column("varchar", { length: 80, nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true, description: "Occupation or, for enterprises, industry." })
  @Column("varchar", { length: 120, nullable: true })
  occupation: string | null;

  @Field(() => Int, { nullable: true, description: "Occupational risk class 1 (office) to 6 (hazardous)." })
  @Column("smallint", { nullable: true })
  occupationClass: number | null;

  /** Annual income (or revenue for enterprises) in minor units of `currency`. */
  @Column("bigint", { nullable: true, transformer: bigintToNumber })
  annualIncome: number | null;

  @Field(() => String, { description: "Currency of the customer's monetary attributes (ISO-4217)." })
  @Column("char", { length: 3, default: "CNY" })
  currency: string;

  @Field(() => MaritalStatus, { nullable: true, description: "Marital status (personal data: IDENTITY)." })
  @Column("varchar", { length: 12, nullable: true })
  maritalStatus: MaritalStatus | null;

  @Field(() => Int, { nullable: true, description: "Number of financial dependents." })
  @Column("smallint", { default: 0 })
  dependents: number;

  @Field(() => ServiceTier, { description: "Service tier: basic, value-added or premium/VIP." })
  @Column("varchar", { length: 12, default: ServiceTier.BASIC })
  serviceTier: ServiceTier;

  @Field(() => RiskPreference, { nullable: true, description: "Attitude to financial risk." })
  @Column("varchar", { length: 12, nullable: true })
  riskPreference: RiskPreference | null;

  @Field(() => Channel, { nullable: true, description: "Channel the customer prefers to be served on." })
  @Column("varchar", { length: 12, nullable: true })
  preferredChannel: Channel | null;

  @Field(() => ID, { nullable: true, description: "Id of the agent whose book this customer is in." })
  @Index()
  @Column("uuid", { nullable: true })
  assignedAgentId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: "SET NULL" })
  @JoinColumn({ name: "assigned_agent_id" })
  assignedAgent?: StaffUser;

  @Field(() => Int, { description: "Optimistic-lock version; pass it back as expectedVersion when updating." })
  @VersionColumn({ default: 1 })
  version: number;

  @Field(() => DateTimeISOResolver, { description: "When the customer was first recorded (customer since)." })
  @Index()
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Field(() => DateTimeISOResolver, { description: "Last change of the profile." })
  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "Set when the customer's personal data was erased on request." })
  @Column("timestamptz", { nullable: true })
  erasedAt: Date | null;

  @Field(() => Income, { name: "annualIncome", nullable: true, description: "Annual income or revenue (personal data: FINANCIAL)." })
  get annualIncomeInfo(): Income | null {
    return this.annualIncome === null ? null : income(this.annualIncome, this.currency);
  }
}
