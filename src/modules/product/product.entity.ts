import { Column, Entity, PrimaryColumn } from "typeorm";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { bigintToNumber } from "../../shared/transformers";
import { Money, money } from "../../shared/money";
import { CustomerKind, ServiceTier } from "../customer/customer.enums";

export enum ProductLine {
  LIFE = "LIFE",
  HEALTH = "HEALTH",
  CRITICAL_ILLNESS = "CRITICAL_ILLNESS",
  ACCIDENT = "ACCIDENT",
  AUTO = "AUTO",
  PROPERTY = "PROPERTY",
  LIABILITY = "LIABILITY",
  TRAVEL = "TRAVEL",
  ANNUITY = "ANNUITY",
}
registerEnumType(ProductLine, {
  name: "ProductLine",
  description: "Line of business of an insurance product.",
  valuesConfig: {
    LIFE: { description: "Life insurance: pays on the insured's death (term or whole life)." },
    HEALTH: { description: "Health insurance: medical expenses." },
    CRITICAL_ILLNESS: { description: "Critical illness insurance: a lump sum on diagnosis of a covered illness." },
    ACCIDENT: { description: "Personal accident insurance: death or disability caused by an accident." },
    AUTO: { description: "Motor insurance of a vehicle." },
    PROPERTY: { description: "Property insurance, e.g. of a home." },
    LIABILITY: { description: "Liability insurance: claims of third parties against the insured." },
    TRAVEL: { description: "Travel insurance." },
    ANNUITY: { description: "Annuity: regular income payments, e.g. in retirement." },
  },
});

export enum RiskTier {
  LOW = "LOW",
  MEDIUM = "MEDIUM",
  HIGH = "HIGH",
  CRITICAL = "CRITICAL",
}
registerEnumType(RiskTier, {
  name: "RiskTier",
  description: "Band of a risk score: low, medium, high, critical.",
  valuesConfig: {
    LOW: { description: "Risk score 4–24 (likelihood × impact 1–6)." },
    MEDIUM: { description: "Risk score 28–48 (likelihood × impact 7–12)." },
    HIGH: { description: "Risk score 52–72 (likelihood × impact 13–18); raising a customer into it alerts staff." },
    CRITICAL: { description: "Risk score 76–100 (likelihood × impact 19–25); raising a customer into it alerts staff." },
  },
});

@ObjectType({ description: "An insurance product of the catalogue." })
@Entity("product")
export class Product {
  @Field(() => String, { description: "Product code, unique (e.g. LIFE-TERM-20)." })
  @PrimaryColumn("varchar", { length: 32 })
  code: string;

  @Field(() => String, { description: "Product name." })
  @Column("varchar", { length: 120 })
  name: string;

  @Field(() => ProductLine, { description: "Line of business." })
  @Column("varchar", { length: 20 })
  line: ProductLine;

  @Field(() => Int, { nullable: true, description: "Youngest insurable age." })
  @Column("smallint", { nullable: true })
  minAge: number | null;

  @Field(() => Int, { nullable: true, description: "Oldest insurable age." })
  @Column("smallint", { nullable: true })
  maxAge: number | null;

  @Column("bigint", { transformer: bigintToNumber })
  basePremium: number;

  @Field(() => String, { description: "Currency of premiums and sums (ISO-4217)." })
  @Column("char", { length: 3, default: "CNY" })
  currency: string;

  @Field(() => [ServiceTier], { description: "Service tiers the product is aimed at." })
  @Column("varchar", { array: true, default: () => "'{}'" })
  targetTiers: ServiceTier[];

  @Field(() => [CustomerKind], { description: "Customer kinds that may hold the product." })
  @Column("varchar", { array: true, default: () => "'{INDIVIDUAL}'" })
  customerKinds: CustomerKind[];

  @Field(() => RiskTier, { nullable: true, description: "Highest customer risk tier the product accepts (none: any)." })
  @Column("varchar", { length: 12, nullable: true })
  maxRiskTier: RiskTier | null;

  @Field(() => String, { description: "What the product covers, for customers." })
  @Column("text", { default: "" })
  description: string;

  @Field(() => Boolean, { description: "Whether the product is on sale." })
  @Column("boolean", { default: true })
  active: boolean;

  @Field(() => Money, { name: "basePremium", description: "Indicative annual premium for a standard risk." })
  get basePremiumMoney(): Money {
    return money(this.basePremium, this.currency);
  }
}
