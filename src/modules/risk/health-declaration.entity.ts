import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, Float, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";

const numeric = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/** Health declarations are kept as history; the newest one counts (personal data: HEALTH). */
@ObjectType({ description: "A customer's health declaration for underwriting (personal data: HEALTH)." })
@Entity("health_declaration")
@Index("IDX_health_declaration_customer_time", ["customerId", "declaredAt"])
export class HealthDeclaration {
  @Field(() => ID, { description: "Declaration id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The declaring customer." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id" })
  customer?: Customer;

  @Field(() => Boolean, { nullable: true, description: "Declared tobacco use (HEALTH)." })
  @Column("boolean")
  smoker: boolean;

  @Field(() => [String], { nullable: true, description: "Declared chronic conditions, e.g. HYPERTENSION, DIABETES (HEALTH)." })
  @Column("text", { array: true, default: () => "'{}'" })
  chronicConditions: string[];

  @Field(() => Float, { nullable: true, description: "Body-mass index at the declaration (HEALTH)." })
  @Column("numeric", { precision: 4, scale: 1, nullable: true, transformer: numeric })
  bmi: number | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the customer declared it (HEALTH)." })
  @Column("timestamptz")
  declaredAt: Date;
}
