import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, Float, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { sealedJson } from "../../shared/pii-crypto";
import { Customer } from "../customer/customer.entity";

/** What a customer declared about their health. */
export interface HealthDetails {
  smoker: boolean;
  chronicConditions: string[];
  bmi: number | null;
}

/**
 * Health declarations are kept as history; the newest one counts (personal data: HEALTH). The
 * details are one JSON document encrypted at rest (AES-256-GCM); only the dates are plain.
 */
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

  @Column("text", { transformer: sealedJson })
  details: HealthDetails;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the customer declared it (HEALTH)." })
  @Column("timestamptz")
  declaredAt: Date;

  @Field(() => Boolean, { nullable: true, description: "Declared tobacco use (HEALTH)." })
  get smoker(): boolean {
    return this.details.smoker;
  }

  @Field(() => [String], { nullable: true, description: "Declared chronic conditions, e.g. HYPERTENSION, DIABETES (HEALTH)." })
  get chronicConditions(): string[] {
    return this.details.chronicConditions;
  }

  @Field(() => Float, { nullable: true, description: "Body-mass index at the declaration (HEALTH)." })
  get bmi(): number | null {
    return this.details.bmi;
  }
}
