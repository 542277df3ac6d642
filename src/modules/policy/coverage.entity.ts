import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { bigintToNumber } from "../../shared/transformers";
import { Money, money } from "../../shared/money";
import { Customer } from "../customer/customer.entity";
import { Policy } from "./policy.entity";
import { ReadsMoney } from "../../db/getter-columns";

@ObjectType({ description: "One cover within a policy, with its limit and deductible." })
@Entity("coverage")
export class Coverage {
  @Field(() => ID, { description: "Coverage id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The policy this cover belongs to." })
  @Index()
  @Column("uuid")
  policyId: string;

  @ManyToOne(() => Policy, { onDelete: "CASCADE" })
  @JoinColumn({ name: "policy_id" })
  policy?: Policy;

  /** Denormalized policyholder, so every customer-owned table is keyed by customer. */
  @Index()
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => String, { description: "Kind of cover, e.g. DEATH, HOSPITALIZATION, THIRD_PARTY_LIABILITY." })
  @Column("varchar", { length: 40 })
  kind: string;

  @Column("bigint", { transformer: bigintToNumber })
  limitAmount: number;

  @Column("bigint", { transformer: bigintToNumber, default: 0 })
  deductible: number;

  @Column("char", { length: 3, default: "CNY" })
  currency: string;

  @Field(() => Money, { name: "limit", description: "Most the insurer pays under this cover." })
  @ReadsMoney("limitAmount", "currency")
  get limitMoney(): Money {
    return money(this.limitAmount, this.currency);
  }

  @Field(() => Money, { name: "deductible", description: "Amount the policyholder bears per claim." })
  @ReadsMoney("deductible", "currency")
  get deductibleMoney(): Money {
    return money(this.deductible, this.currency);
  }
}
