import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Customer } from "../customer/customer.entity";

/**
 * A blocking key of a customer record: the candidates for one person are the customers that
 * share a key. The key's value is a keyed digest (PiiCipher.matchKey), never the name, phone or
 * e-mail it was made from, so this table adds no readable copy of personal data.
 */
@Entity("customer_match_key")
@Index("IDX_customer_match_key_customer", ["customerId"])
export class CustomerMatchKey {
  /** What the key is made of (national id, phone, e-mail, name and birth date, …). */
  @PrimaryColumn("varchar", { length: 16, primaryKeyConstraintName: "PK_customer_match_key" })
  kind: string;

  @PrimaryColumn("char", { length: 32, primaryKeyConstraintName: "PK_customer_match_key" })
  digest: string;

  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_customer_match_key" })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_customer_match_key_customer" })
  customerRow?: Customer;
}
