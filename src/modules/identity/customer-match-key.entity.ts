import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type ValueTransformer } from "typeorm";
import { Customer } from "../customer/customer.entity";
import { KEY_KIND_CODES, keyKindOfCode, type StoredKeyKind } from "./matching/key-kinds";

/** The entity reads a kind by its name (a data-subject export lists "phone", not 2); statements use the codes. */
const kindByName: ValueTransformer = {
  to: (name: string | null | undefined) => (name === null || name === undefined ? name : KEY_KIND_CODES[name as StoredKeyKind]),
  from: (code: number | null) => (code === null || code === undefined ? code : keyKindOfCode(Number(code)) ?? String(code)),
};

/**
 * A blocking key of a customer record: the candidates for one person are the customers that
 * share a key. The key's value is a keyed digest (PiiCipher.matchKey), never the name, phone or
 * e-mail it was made from, so this table adds no readable copy of personal data. Both columns are
 * integers (KEY_KIND_CODES in matching/key-kinds.ts, and the digest's first eight bytes): no
 * comparison under a collation, and a third less index per key.
 */
@Entity("customer_match_key")
@Index("IDX_customer_match_key_customer", ["customerId"])
export class CustomerMatchKey {
  /** What the key is made of (national id, phone, e-mail, name and birth date, …): stored as its code, read as its name. */
  @PrimaryColumn("smallint", { primaryKeyConstraintName: "PK_customer_match_key", transformer: kindByName })
  kind: string;

  /** The keyed digest's first eight bytes, signed (a bigint arrives as its decimal text from both backends). */
  @PrimaryColumn("bigint", { primaryKeyConstraintName: "PK_customer_match_key" })
  digest: string;

  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_customer_match_key" })
  customerId: string;

  /** No foreign key (migrations/…1000): derived data, written for live customers only; erasure deletes a customer's keys. */
  @ManyToOne(() => Customer, { createForeignKeyConstraints: false })
  @JoinColumn({ name: "customer_id" })
  customerRow?: Customer;
}
