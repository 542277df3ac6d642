import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Customer } from "../customer/customer.entity";

/**
 * The do-not-contact list as history: rows are only added, the newest per customer is the flag.
 * It holds back every marketing contact, never a service one (contact-decision.ts).
 */
@Entity("do_not_contact")
@Index("IDX_do_not_contact_customer_time", ["customerId", "setAt"])
export class DoNotContact {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("uuid")
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_do_not_contact_customer" })
  customer?: Customer;

  @Column("boolean")
  doNotContact: boolean;

  /** Why it was set or lifted (free text of the staff member: SERVICE). */
  @Column("varchar", { length: 500, nullable: true })
  reason: string | null;

  /** The staff member who set it; null when the customer did themself. */
  @Column("uuid", { nullable: true })
  setBy: string | null;

  @Column("timestamptz", { default: () => "now()" })
  setAt: Date;
}
