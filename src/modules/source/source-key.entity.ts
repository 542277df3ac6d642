import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from "typeorm";
import { Field, ObjectType } from "type-graphql";

/** The kinds of record a source key may identify (the table names of the records). */
export enum SourceEntityKind {
  CUSTOMER = "customer",
  POLICY = "policy",
  CLAIM = "claim",
  INTERACTION = "interaction",
  COMPLAINT = "complaint",
  CASE = "service_case",
  INSTALMENT = "premium_instalment",
  CONSENT = "consent",
  RELATIONSHIP = "relationship",
}

/** The system of records written through this API (createCustomer, fileClaim, …): their key is (customer360, id). */
export const API_SOURCE_SYSTEM = "customer360";

/**
 * Which system a record came from and under which id: (entity kind, source system, source id) is
 * unique, a record may carry several keys (one per system that sent it). Imports upsert on it; the
 * content digest (a keyed HMAC of the normalized record, never the values) tells an unchanged
 * record from a changed one. Record ids are UUIDs, unique across tables, so `record_id` alone
 * finds a record's keys.
 */
@ObjectType({ description: "A key under which another system (or this API, `customer360`) knows the record." })
@Entity("source_key")
@Unique("UQ_source_key_source", ["entityKind", "sourceSystem", "sourceId"])
@Index("IDX_source_key_record", ["recordId"])
export class SourceKey {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("varchar", { length: 20 })
  entityKind: SourceEntityKind;

  @Column("uuid")
  recordId: string;

  @Field(() => String, { name: "system", description: "The system of record, e.g. CORE_PAS, or customer360 for records created through this API." })
  @Column("varchar", { length: 40 })
  sourceSystem: string;

  @Field(() => String, { name: "id", description: "The record's id in that system." })
  @Column("varchar", { length: 100 })
  sourceId: string;

  /** HMAC-SHA-256 of the record's normalized content as last imported (null for keys written by the API). */
  @Column("varchar", { length: 64, nullable: true })
  contentDigest: string | null;

  @Column("timestamptz", { default: () => "now()" })
  firstSeenAt: Date;

  @Column("timestamptz", { default: () => "now()" })
  lastSeenAt: Date;
}
