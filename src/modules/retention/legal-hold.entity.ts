import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";

/**
 * A legal hold: while placed and not released, retention keeps every record of the customer. An
 * entity (not only raw SQL) so that a data export lists it with the customer's other records.
 */
@ObjectType({ description: "A legal hold (litigation, a regulator's inquiry): while it is not released, retention removes nothing of the customer (COMPLIANCE, ADMIN)." })
@Entity("legal_hold")
@Index("IDX_legal_hold_customer", ["customerId"])
export class LegalHold {
  @Field(() => ID, { description: "Hold id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The customer held." })
  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_legal_hold_customer" })
  customer?: Customer;

  @Field(() => String, { description: "Why (e.g. the case reference)." })
  @Column("varchar", { length: 300 })
  reason: string;

  @Field(() => ID, { description: "The staff user who placed it." })
  @Column("uuid")
  placedBy: string;

  @Field(() => DateTimeISOResolver, { description: "When it was placed." })
  @Column("timestamptz", { default: () => "now()" })
  placedAt: Date;

  @Field(() => ID, { nullable: true, description: "The staff user who released it." })
  @Column("uuid", { nullable: true })
  releasedBy: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it was released (null: in force)." })
  @Column("timestamptz", { nullable: true })
  releasedAt: Date | null;
}
