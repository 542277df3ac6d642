import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from "typeorm";
import { Node } from "../node/node.type";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, LocalDateResolver } from "graphql-scalars";
import { bigintToNumber } from "../../shared/transformers";
import { Money, money } from "../../shared/money";
import { Customer } from "../customer/customer.entity";
import { Channel } from "../customer/customer.enums";
import { Product } from "../product/product.entity";
import { Reads, ReadsMoney } from "../../db/getter-columns";

export enum PolicyStatus {
  QUOTED = "QUOTED",
  ACTIVE = "ACTIVE",
  LAPSED = "LAPSED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
}
registerEnumType(PolicyStatus, {
  name: "PolicyStatus",
  description: "Life-cycle state of a policy.",
  valuesConfig: {
    QUOTED: { description: "Quoted, not (yet) in force." },
    ACTIVE: { description: "In force: claims can be filed under it; it counts in the customer's active policies and premiums." },
    LAPSED: { description: "No longer in force because premium went unpaid past the grace period." },
    CANCELLED: { description: "Ended before the end of its term." },
    EXPIRED: { description: "Ended at the end of its term." },
  },
});

export enum PremiumFrequency {
  MONTHLY = "MONTHLY",
  QUARTERLY = "QUARTERLY",
  ANNUAL = "ANNUAL",
  SINGLE = "SINGLE",
}
registerEnumType(PremiumFrequency, {
  name: "PremiumFrequency",
  description: "How often the premium is paid.",
  valuesConfig: {
    MONTHLY: { description: "Twelve instalments a year." },
    QUARTERLY: { description: "Four instalments a year." },
    ANNUAL: { description: "One instalment a year." },
    SINGLE: { description: "One premium for the whole term (counted once in annual premium figures)." },
  },
});

/** Number of instalments a year, to turn a premium into an annual premium. */
export const INSTALMENTS_PER_YEAR: Record<PremiumFrequency, number> = {
  MONTHLY: 12,
  QUARTERLY: 4,
  ANNUAL: 1,
  SINGLE: 1,
};

@ObjectType({ implements: Node, description: "An insurance policy held by a customer (the policyholder)." })
@Entity("policy")
@Index("IDX_policy_number_serial", { synchronize: false }) // the import's next policy serial, migrations/…-GeneratedNumberSerials
@Index("IDX_policy_customer_status", ["customerId", "status"])
@Index("IDX_policy_status_renewal", ["status", "renewalDate"])
@Index("IDX_policy_customer_start", ["customerId", "startDate"])
export class Policy {
  @Field(() => ID, { description: "Policy id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Policy number, unique (e.g. P2026000123)." })
  @Index({ unique: true })
  @Column("varchar", { length: 24 })
  policyNumber: string;

  @Field(() => ID, { description: "The policyholder." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => String, { description: "Code of the product this policy is of." })
  @Index()
  @Column("varchar", { length: 32 })
  productCode: string;

  @ManyToOne(() => Product, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "product_code" })
  product?: Product;

  @Field(() => PolicyStatus, { description: "Life-cycle state." })
  @Column("varchar", { length: 12 })
  status: PolicyStatus;

  @Column("bigint", { transformer: bigintToNumber })
  premium: number;

  @Field(() => String, { description: "Currency of premium and sums (ISO-4217)." })
  @Column("char", { length: 3, default: "CNY" })
  currency: string;

  @Field(() => PremiumFrequency, { description: "How often the premium is paid." })
  @Column("varchar", { length: 12 })
  premiumFrequency: PremiumFrequency;

  @Column("bigint", { transformer: bigintToNumber })
  sumInsured: number;

  @Field(() => LocalDateResolver, { description: "First day of cover." })
  @Column("date")
  startDate: string;

  @Field(() => LocalDateResolver, { description: "Last day of cover." })
  @Column("date")
  endDate: string;

  @Field(() => LocalDateResolver, { nullable: true, description: "Date the policy comes up for renewal." })
  @Column("date", { nullable: true })
  renewalDate: string | null;

  @Field(() => Channel, { nullable: true, description: "Channel the policy was sold through." })
  @Column("varchar", { length: 12, nullable: true })
  salesChannel: Channel | null;

  @Field(() => DateTimeISOResolver, { description: "When the policy was recorded." })
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @Field(() => Money, { name: "premium", description: "Premium per instalment." })
  @ReadsMoney("premium", "currency")
  get premiumMoney(): Money {
    return money(this.premium, this.currency);
  }

  @Field(() => Money, { name: "annualPremium", description: "Premium per year (instalment × instalments a year)." })
  @Reads("premium", "premiumFrequency", "currency")
  get annualPremiumMoney(): Money {
    return money(this.premium * INSTALMENTS_PER_YEAR[this.premiumFrequency], this.currency);
  }

  @Field(() => Money, { name: "sumInsured", description: "Sum insured." })
  @ReadsMoney("sumInsured", "currency")
  get sumInsuredMoney(): Money {
    return money(this.sumInsured, this.currency);
  }
}
