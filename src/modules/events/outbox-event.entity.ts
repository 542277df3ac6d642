import { Column, Entity, Generated, Index, PrimaryGeneratedColumn, Unique } from "typeorm";
import type { EventData, EventType } from "./event-types";

/**
 * One event of the transactional outbox (migrations/…700-EventOutbox): written in the change's
 * transaction by outbox.ts, ordered by `position`, published by a dispatcher.
 */
@Entity("event_outbox")
@Unique("UQ_event_outbox_position", ["position"])
@Index("IDX_event_outbox_pending", { synchronize: false }) // (position) WHERE published_at IS NULL
@Index("IDX_event_outbox_unstreamed", { synchronize: false }) // (position) WHERE streamed_at IS NULL
@Index("IDX_event_outbox_customer", ["customerId", "position"])
@Index("IDX_event_outbox_policy_changed", { synchronize: false }) // (customer_id, occurred_at) WHERE type = 'policy.changed': the policy_change view's reads
export class OutboxEvent {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_event_outbox" })
  id: string;

  @Column("bigint")
  @Generated("increment")
  position: string;

  @Column("varchar", { length: 40 })
  type: EventType;

  /** The customer the event is about (its CloudEvents `subject`). */
  @Column("uuid", { nullable: true })
  customerId: string | null;

  @Column("timestamptz", { default: () => "now()" })
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
