import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { sealedText } from "../../shared/pii-crypto";
import { OutboxEvent } from "./outbox-event.entity";

/** A receiver of the outbox's events (ADMIN manages them); its secret is shown once, at creation. */
@ObjectType({ description: "A webhook endpoint that receives the outbox's events, signed per Standard Webhooks." })
@Entity("webhook_endpoint")
export class WebhookEndpoint {
  @Field(() => ID, { description: "Webhook endpoint id." })
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_webhook_endpoint" })
  id: string;

  @Field(() => String, { description: "Where events are POSTed." })
  @Column("varchar", { length: 2000 })
  url: string;

  @Field(() => [String], { description: "The event types sent (e.g. customer.updated); empty: every type." })
  @Column("varchar", { length: 40, array: true, default: () => "'{}'" })
  eventTypes: string[];

  /** The Standard Webhooks secret (`whsec_…`), sealed at rest. */
  @Column("text", { transformer: sealedText })
  secretSealed: string;

  @Field(() => Boolean, { description: "Whether events are sent to it." })
  @Column("boolean", { default: true })
  active: boolean;

  /** The secret before the last rotation: it signs too until `previousSecretUntil`, so receivers can switch over. */
  @Column("text", { transformer: sealedText, nullable: true })
  previousSecretSealed: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "Until when requests are also signed with the secret before the last rotation." })
  @Column("timestamptz", { nullable: true })
  previousSecretUntil: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "Since when every attempt failed (null after any success)." })
  @Column("timestamptz", { nullable: true })
  failingSince: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the dispatcher disabled it after failing too long (enableWebhook sends again)." })
  @Column("timestamptz", { nullable: true })
  disabledAt: Date | null;

  @Field(() => DateTimeISOResolver, { description: "When it was subscribed; it receives events written after that." })
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @Column("uuid", { nullable: true })
  createdById: string | null;
}

/** PENDING until the endpoint answers 2xx (DELIVERED) or the retry schedule is spent (DEAD). */
export enum DeliveryStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  DEAD = "DEAD",
}

/** One event for one endpoint: attempts, the next one, and the outcome. */
@Entity("webhook_delivery")
@Unique("UQ_webhook_delivery_event", ["endpointId", "eventId"])
@Index("IDX_webhook_delivery_due", { synchronize: false }) // (next_attempt_at) WHERE status = 'PENDING'
@Index("IDX_webhook_delivery_pending_order", { synchronize: false }) // (endpoint_id, customer_id, position) WHERE status = 'PENDING'
@Index("IDX_webhook_delivery_delivered", { synchronize: false }) // (delivered_at) WHERE status = 'DELIVERED'
export class WebhookDelivery {
  @PrimaryGeneratedColumn("uuid", { primaryKeyConstraintName: "PK_webhook_delivery" })
  id: string;

  @Column("uuid")
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: "CASCADE" })
  @JoinColumn({ name: "endpoint_id", foreignKeyConstraintName: "FK_webhook_delivery_endpoint" })
  endpoint?: WebhookEndpoint;

  @Column("uuid")
  eventId: string;

  // a trigger holds this reference, not a foreign key: event_outbox is partitioned (src/db/partitions.ts, PARTITION_REFERENCES)
  @ManyToOne(() => OutboxEvent, { onDelete: "CASCADE", createForeignKeyConstraints: false })
  @JoinColumn({ name: "event_id", referencedColumnName: "id" })
  event?: OutboxEvent;

  @Column("bigint")
  position: string;

  @Column("uuid", { nullable: true })
  customerId: string | null;

  @Column("varchar", { length: 12, default: DeliveryStatus.PENDING })
  status: DeliveryStatus;

  @Column("int", { default: 0 })
  attempts: number;

  @Column("timestamptz", { default: () => "now()" })
  nextAttemptAt: Date;

  @Column("int", { nullable: true })
  lastStatus: number | null;

  @Column("varchar", { length: 200, nullable: true })
  lastError: string | null;

  @Column("timestamptz", { nullable: true })
  deliveredAt: Date | null;
}

/** One attempt to deliver one event to one endpoint: the endpoint's delivery log. */
@Entity("webhook_attempt")
@Index("IDX_webhook_attempt_endpoint", ["endpointId", "attemptedAt"])
@Index("IDX_webhook_attempt_age", ["attemptedAt"])
export class WebhookAttempt {
  @PrimaryGeneratedColumn("increment", { type: "bigint", primaryKeyConstraintName: "PK_webhook_attempt" })
  id: string;

  @Column("uuid")
  endpointId: string;

  @Column("uuid")
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: "CASCADE" })
  @JoinColumn({ name: "delivery_id", foreignKeyConstraintName: "FK_webhook_attempt_delivery" })
  delivery?: WebhookDelivery;

  @Column("uuid")
  eventId: string;

  @Column("int")
  attempt: number;

  @Column("timestamptz")
  attemptedAt: Date;

  @Column("int", { nullable: true })
  httpStatus: number | null;

  @Column("varchar", { length: 200, nullable: true })
  error: string | null;

  @Column("int")
  durationMs: number;
}
