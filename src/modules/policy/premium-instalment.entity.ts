import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, LocalDateResolver } from "graphql-scalars";
import { bigintToNumber } from "../../shared/transformers";
import { Money, money } from "../../shared/money";
import { Reads, ReadsMoney } from "../../db/getter-columns";
import { Customer } from "../customer/customer.entity";
import { Policy } from "./policy.entity";
import { GRACE_PERIOD_DAYS, INSTALMENT_STATUS_MEANING, InstalmentStatus, instalmentStatus, utcDate } from "./premium-billing";
import { describedValues } from "../../shared/described-values";

registerEnumType(InstalmentStatus, {
  name: "InstalmentStatus",
  description: `DUE: unpaid, not yet ${GRACE_PERIOD_DAYS} days past its due date; PAID; OVERDUE: unpaid past the grace period.`,
  valuesConfig: describedValues(INSTALMENT_STATUS_MEANING),
});

/** One premium instalment of a policy: due on a date, paid (or not). */
@ObjectType({ description: "One premium instalment of a policy." })
@Entity("premium_instalment")
@Index("IDX_premium_instalment_policy_due", ["policyId", "dueDate"])
export class PremiumInstalment {
  @Field(() => ID, { description: "Instalment id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The policy." })
  @Column("uuid")
  policyId: string;

  @ManyToOne(() => Policy, { onDelete: "CASCADE" })
  @JoinColumn({ name: "policy_id" })
  policy?: Policy;

  /** The policyholder, as on every policy row (row scope goes by it). */
  @Field(() => ID, { description: "The policyholder (the policy's customer)." })
  @Index()
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => LocalDateResolver, { description: "Day the instalment falls due." })
  @Column("date")
  dueDate: string;

  @Column("bigint", { transformer: bigintToNumber })
  amount: number;

  @Field(() => String, { description: "Currency of the amount (ISO-4217)." })
  @Column("char", { length: 3, default: "CNY" })
  currency: string;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was paid (null: unpaid)." })
  @Column("timestamptz", { nullable: true })
  paidAt: Date | null;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Field(() => Money, { name: "amount", description: "Amount due." })
  @ReadsMoney("amount", "currency")
  get amountMoney(): Money {
    return money(this.amount, this.currency);
  }

  @Field(() => InstalmentStatus, { description: `Today (UTC): PAID, DUE, or OVERDUE once ${GRACE_PERIOD_DAYS} days of grace after the due date have passed unpaid.` })
  @Reads("dueDate", "paidAt")
  get status(): InstalmentStatus {
    return instalmentStatus(this, utcDate(new Date()));
  }
}
