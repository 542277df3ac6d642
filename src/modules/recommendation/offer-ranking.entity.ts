import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Customer } from "../customer/customer.entity";
import type { ScoredProduct } from "./recommendation-engine";

/**
 * A customer's offers as last computed for a role (src/modules/recommendation/offer-rankings.ts):
 * written and read by the offers statement; the entity serves the data-subject export.
 */
@Entity("offer_ranking")
export class OfferRanking {
  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_offer_ranking" })
  customerId: string;

  @PrimaryColumn("varchar", { length: 20, primaryKeyConstraintName: "PK_offer_ranking" })
  role: string;

  /** The deciding code, catalogue and segment definitions it was computed on (a digest). */
  @Column("varchar", { length: 64 })
  basis: string;

  /** The snapshot (pg_snapshot as text) the facts were read under. */
  @Column("text")
  snapshot: string;

  @Column("timestamptz")
  validUntil: Date;

  @Column("uuid", { array: true })
  segments: string[];

  @Column("varchar", { length: 20, nullable: true })
  channel: string | null;

  @Column("jsonb")
  ranking: ScoredProduct[];

  /** The contact policy's facts read with the ranking (contactFactsJsonSql's object; null: stored before they were kept). */
  @Column("jsonb", { nullable: true })
  contact: Record<string, unknown> | null;

  @Column("timestamptz", { default: () => "now()" })
  computedAt: Date;

  @ManyToOne(() => Customer, { createForeignKeyConstraints: false })
  @JoinColumn({ name: "customer_id" })
  customerRow?: Customer;
}

/** That a writing transaction changed a fact an offer ranking reads (appended by the statement triggers of migrations/…1100). */
@Entity("offer_fact_change")
export class OfferFactChange {
  @PrimaryColumn("uuid", { primaryKeyConstraintName: "PK_offer_fact_change" })
  customerId: string;

  /** The writer's pg_current_xact_id(), as bigint. */
  @PrimaryColumn("bigint", { primaryKeyConstraintName: "PK_offer_fact_change" })
  xid: string;

  @Column("timestamptz", { default: () => "now()" })
  changedAt: Date;

  @ManyToOne(() => Customer, { createForeignKeyConstraints: false })
  @JoinColumn({ name: "customer_id" })
  customerRow?: Customer;
}
