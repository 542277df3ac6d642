import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";
import { StaffUser } from "../staff/staff.entity";

/** How the caller named themself before the knowledge checks. */
export enum CallerIdentifier {
  CUSTOMER_NUMBER = "CUSTOMER_NUMBER",
  POLICY_NUMBER = "POLICY_NUMBER",
  PHONE = "PHONE",
}
registerEnumType(CallerIdentifier, {
  name: "CallerIdentifier",
  description: "How the caller named themself: customer number, policy number or the phone they call from.",
  valuesConfig: {
    CUSTOMER_NUMBER: { description: "The caller gave their customer number." },
    POLICY_NUMBER: { description: "The caller gave the number of a policy; it names the policy's policyholder." },
    PHONE: { description: "The caller was identified by the phone number they call from, compared with the phone numbers on record." },
  },
});

/** A fact the caller was asked and the system compared with the record (never shown to the representative). */
export enum CallerFact {
  DATE_OF_BIRTH = "DATE_OF_BIRTH",
  NATIONAL_ID_LAST4 = "NATIONAL_ID_LAST4",
}
registerEnumType(CallerFact, {
  name: "CallerFact",
  description: "A fact the caller gave and the system compared with the record: date of birth, last four characters of the national id.",
  valuesConfig: {
    DATE_OF_BIRTH: { description: "The caller's date of birth, compared with the recorded date of birth." },
    NATIONAL_ID_LAST4: { description: "The last four characters of the caller's national id, compared with the recorded national id." },
  },
});

/**
 * One caller verification by a contact-centre representative (SERVICE_REP): how the caller named
 * themself, which facts were checked, whether they all matched. A passed one opens the customer to
 * that representative (row scope) until `expires_at`. Failed attempts are kept too: they count
 * against the representative's look-up budget and lock the customer's verification after three in
 * an hour. The customer is recorded only when the identifier named exactly one; the answer to the
 * representative does not say whether it did.
 */
@ObjectType("CallerVerification", { description: "The outcome of verifying a caller (verifyCaller)." })
@Entity("caller_verification")
@Index("IDX_caller_verification_scope", ["staffId", "customerId", "expiresAt"])
@Index("IDX_caller_verification_customer", ["customerId", "verifiedAt"])
@Index("IDX_caller_verification_staff", ["staffId", "verifiedAt"])
export class CallerVerification {
  @Field(() => ID, { description: "Verification id." })
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_caller_verification" })
  id: string;

  @Column("uuid")
  staffId: string;

  @ManyToOne(() => StaffUser, { onDelete: "CASCADE" })
  @JoinColumn({ name: "staff_id", foreignKeyConstraintName: "FK_caller_verification_staff" })
  staff?: StaffUser;

  /** The customer the identifier named (null when it named none or several). */
  @Column("uuid", { nullable: true })
  customerId: string | null;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  @JoinColumn({ name: "customer_id", foreignKeyConstraintName: "FK_caller_verification_customer" })
  customer?: Customer;

  @Field(() => CallerIdentifier, { description: "How the caller named themself." })
  @Column("varchar", { length: 20 })
  identifiedBy: CallerIdentifier;

  @Field(() => [CallerFact], { description: "The facts compared with the record." })
  @Column("varchar", { length: 20, array: true })
  checkedFacts: CallerFact[];

  @Field(() => Boolean, { description: "Whether the identifier named one customer and every fact matched." })
  @Column("boolean")
  passed: boolean;

  @Field(() => DateTimeISOResolver, { description: "When it was checked." })
  @Column("timestamptz")
  verifiedAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "Until when you may serve this caller (null when not passed)." })
  @Column("timestamptz", { nullable: true })
  expiresAt: Date | null;

  @Column("varchar", { length: 64, nullable: true })
  requestId: string | null;
}
