import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { RiskTier } from "../product/product.entity";

@ObjectType({ description: "One factor of a risk assessment and how much it contributed." })
export class RiskFactor {
  @Field(() => String, { description: "Factor name, e.g. AGE_BAND, OCCUPATION_CLASS, CLAIM_FREQUENCY." })
  name: string;

  @Field(() => String, { description: "The customer's value for the factor, as text." })
  value: string;

  @Field(() => Float, { description: "Weight of the factor in the model." })
  weight: number;

  @Field(() => Float, { description: "Points this factor added to the score." })
  contribution: number;

  @Field(() => String, { description: "Why the factor scored as it did, in a sentence." })
  explanation: string;
}

@ObjectType({ description: "An early risk warning raised by an assessment." })
export class RiskWarning {
  @Field(() => String, { description: "Warning code, e.g. CLAIM_SPIKE, LAPSE_RISK." })
  code: string;

  @Field(() => String, { description: "What was noticed, in a sentence." })
  message: string;

  @Field(() => String, { nullable: true, description: "LOW, MEDIUM, HIGH or CRITICAL (null on assessments made before model risk-2.0)." })
  severity?: string | null;
}

/** Risk assessments are kept as history; the newest row is the customer's current risk profile. */
@ObjectType({ description: "A risk assessment of a customer: likelihood × impact on a risk matrix, with factors." })
@Entity("risk_assessment")
@Index("IDX_risk_customer_time", ["customerId", "assessedAt"])
@Index("IDX_risk_latest", { synchronize: false })
export class RiskAssessment {
  @Field(() => ID, { description: "Assessment id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The assessed customer." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => DateTimeISOResolver, { description: "When the assessment was made." })
  @Column("timestamptz")
  assessedAt: Date;

  @Field(() => String, { description: "Version of the risk model used." })
  @Column("varchar", { length: 20 })
  modelVersion: string;

  @Field(() => Int, { description: "Likelihood 1 (rare) to 5 (almost certain)." })
  @Column("smallint")
  likelihood: number;

  @Field(() => Int, { description: "Impact 1 (negligible) to 5 (severe)." })
  @Column("smallint")
  impact: number;

  @Field(() => Int, { description: "Risk score 0–100." })
  @Column("smallint")
  score: number;

  @Field(() => RiskTier, { description: "Band of the score." })
  @Index()
  @Column("varchar", { length: 10 })
  tier: RiskTier;

  @Field(() => [RiskFactor], { nullable: true, description: "Factors behind the score (INTERNAL)." })
  @Column("jsonb", { default: () => "'[]'" })
  factors: RiskFactor[];

  @Field(() => [RiskWarning], { nullable: true, description: "Early warnings raised (INTERNAL)." })
  @Column("jsonb", { default: () => "'[]'" })
  warnings: RiskWarning[];

  @Column("uuid", { nullable: true })
  assessedBy: string | null;
}
