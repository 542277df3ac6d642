import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Customer } from "../customer/customer.entity";

/**
 * Groups customer records into one person without changing any of them: unlinking deletes the
 * row and leaves every record, reference and audit row as it was before the link.
 */
@Entity("person_link")
@Index("IDX_person_link_person", ["personId"])
export class PersonLink {
  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_person_link" })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_person_link_customer" })
  customerRow?: Customer;

  /** The person the record belongs to: the same id for every linked record. */
  @Column("uuid")
  personId: string;

  @Column("timestamptz", { default: () => "now()" })
  linkedAt: Date;

  /** The staff user who decided the link; null when the score linked it automatically. */
  @Column("uuid", { nullable: true })
  linkedById: string | null;

  /** The reviewed candidate pair that led to the link, if any. */
  @Column("uuid", { nullable: true })
  candidateId: string | null;
}
