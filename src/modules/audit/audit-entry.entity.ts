import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { TIME_ORDERED_UUID } from "../../db/time-ordered-ids";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Role } from "../../auth/role";
import type { AuditRecord } from "../../auth/audit-record";

/**
 * Append-only: a database trigger refuses UPDATE and DELETE (see the initial migration).
 * Partitioned by month on `at` (migrations/…930, src/db/partitions.ts): the primary key is (id, at).
 */
@ObjectType({ description: "A record of one access to a customer's personal data (or of a refused access)." })
@Entity("audit_entry")
// by customer and by actor in the keyset order (migrations/…-AuditFilterKeysets)
@Index("IDX_audit_customer_keyset", { synchronize: false })
@Index("IDX_audit_actor_keyset", { synchronize: false })
@Index("IDX_audit_keyset", { synchronize: false }) // the audit log's order (keysetColumn), migrations/…-KeysetIndexes
export class AuditEntry implements AuditRecord {
  @Field(() => ID, { description: "Entry id." })
  // time-ordered (src/db/time-ordered-ids.ts): new rows append at the primary key's right edge
  @PrimaryColumn("uuid", { default: () => TIME_ORDERED_UUID, primaryKeyConstraintName: "PK_58a130a4b9da189f46ba2a01801" })
  id: string;

  @Field(() => DateTimeISOResolver, { description: "When the access happened." })
  // indexed only as the keyset reads it (IDX_audit_keyset), retention included (migrations/…990)
  @PrimaryColumn("timestamptz", { default: () => "now()", primaryKeyConstraintName: "PK_58a130a4b9da189f46ba2a01801" })
  at: Date;

  @Field(() => ID, { description: "Who accessed (staff user or customer id)." })
  @Column("uuid")
  actorId: string;

  @Field(() => Role, { description: "Role the actor acted in." })
  @Column("varchar", { length: 20 })
  role: Role;

  @Field(() => String, { nullable: true, description: "Declared purpose of the access." })
  @Column("varchar", { length: 80, nullable: true })
  purpose: string | null;

  @Field(() => String, { description: "GraphQL operation name (or 'anonymous')." })
  @Column("varchar", { length: 120 })
  operation: string;

  @Field(() => String, { description: "Request id, to join with logs." })
  @Column("varchar", { length: 64 })
  requestId: string;

  @Field(() => ID, { nullable: true, description: "Customer whose data was accessed." })
  @Column("uuid", { nullable: true })
  customerId: string | null;

  @Field(() => [String], { description: "Fields returned (Type.field)." })
  @Column("varchar", { array: true, default: () => "'{}'" })
  fields: string[];

  @Field(() => String, { description: "ALLOWED, MASKED, DENIED or WITHHELD." })
  @Column("varchar", { length: 12 })
  outcome: string;
}
