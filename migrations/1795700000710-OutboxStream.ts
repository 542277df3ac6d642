import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The outbox's second consumer: NATS JetStream. `streamed_at` is set once the stream acknowledged
 * the event, apart from `published_at` (webhooks and alerts), so neither waits for the other.
 */
export class OutboxStream1795700000710 implements MigrationInterface {
  name = "OutboxStream1795700000710";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"event_outbox\" ADD \"streamed_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("CREATE INDEX \"IDX_event_outbox_unstreamed\" ON \"event_outbox\" (\"position\") WHERE \"streamed_at\" IS NULL");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_event_outbox_unstreamed\"");
    await q.query("ALTER TABLE \"event_outbox\" DROP COLUMN \"streamed_at\"");
  }
}
