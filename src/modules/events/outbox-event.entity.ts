import { Column, Entity, Generated, Index, PrimaryColumn } from "typeorm";
import { TIME_ORDERED_UUID } from "../../db/time-ordered-ids";
import type { EventData, EventType } from "./event-types";

/**
 * One event of the transactional outbox (migrations/…700-EventOutbox): written in the change's
 * transaction by outbox.ts, ordered by `position`, published by a dispatcher. Partitioned by month
 * on occurred_at (migrations/…932, src/db/partitions.ts): the primary key is (id, occurred_at), and
 * `position` is unique because only its sequence writes it (no unique index can span partitions).
 */
@Entity("event_outbox")
@Index("IDX_event_outbox_position", ["position"])
@Index("IDX_event_outbox_pending", { synchronize: false }) // (position) WHERE published_at IS NULL
@Index("IDX_event_outbox_unstreamed", { synchronize: false }) // (position) WHERE streamed_at IS NULL
@Index("IDX_event_outbox_customer", ["customerId", "position"])
@Index("IDX_event_outbox_policy_changed", { synchronize: false }) // (customer_id, occurred_at) WHERE type = 'policy.changed': the policy_change view's reads
export class OutboxEvent {
  // time-ordered (src/db/time-ordered-ids.ts): new rows append at the primary key's right edge
  @PrimaryColumn("uuid", { default: () => TIME_ORDERED_UUID, primaryKeyConstraintName: "PK_event_outbox" })
  id: string;

  @Column("bigint")
  @Generated("increment")
  position: string;

  @Column("varchar", { length: 40 })
  type: EventType;

  /** The customer the event is about (its CloudEvents `subject`). */
  @Column("uuid", { nullable: true })
  customerId: string | null;

  @PrimaryColumn("timestamptz", { default: () => "now()", primaryKeyConstraintName: "PK_event_outbox" })
  occurredAt: Date;

  @Column("uuid", { nullable: true })
  actorId: string | null;

  @Column("varchar", { length: 64, nullable: true })
  requestId: string | null;

  @Column("jsonb")
  data: EventData;

  /** Handed to the webhook endpoints and the alerts. */
  @Column("timestamptz", { nullable: true })
  publishedAt: Date | null;

  /** Acknowledged by the NATS JetStream stream (migrations/…710-OutboxStream). */
  @Column("timestamptz", { nullable: true })
  streamedAt: Date | null;
}
