import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Customer } from "../customer/customer.entity";
import { bigintToText } from "../../shared/transformers";

/**
 * A blocking key of a customer record: the candidates for one person are the customers that
 * share a key. The key's value is a keyed digest (PiiCipher.matchKey), never the name, phone or
 * e-mail it was made from, so this table adds no readable copy of personal data. Both columns are
 * integers (KEY_KIND_CODES in record-matching.ts, and the digest's first eight bytes): no
 * comparison under a collation, and a third less index per key.
 */
@Entity("customer_match_key")
@Index("IDX_customer_match_key_customer", ["customerId"])
export class CustomerMatchKey {
  /** What the key is made of (national id, phone, e-mail, name and birth date, …), as its code. */
  @PrimaryColumn("smallint", { primaryKeyConstraintName: "PK_customer_match_key" })
  kind: number;

  /** The keyed digest's first eight bytes, signed (a bigint arrives as a decimal string). */
  @PrimaryColumn("bigint", { primaryKeyConstraintName: "PK_customer_match_key", transformer: bigintToText })
  digest: string;

  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_customer_match_key" })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_customer_match_key_customer" })
  customerRow?: Customer;
}
