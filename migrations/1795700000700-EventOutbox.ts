import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The transactional outbox: every change to a customer's data writes its events here in the same
 * transaction (thin: ids and changed field names, never values). `position` orders them as they
 * were written; a dispatcher marks each one published once a consumer acknowledged it.
 */
export class EventOutbox1795700000700 implements MigrationInterface {
  name = "EventOutbox1795700000700";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE \"event_outbox\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"position\" bigserial NOT NULL, \"type\" character varying(40) NOT NULL, \"customer_id\" uuid, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"actor_id\" uuid, \"request_id\" character varying(64), \"data\" jsonb NOT NULL, \"published_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_event_outbox\" PRIMARY KEY (\"id\"), CONSTRAINT \"UQ_event_outbox_position\" UNIQUE (\"position\"))",
    );
    await q.query("CREATE INDEX \"IDX_event_outbox_pending\" ON \"event_outbox\" (\"position\") WHERE \"published_at\" IS NULL");
    await q.query("CREATE INDEX \"IDX_event_outbox_customer\" ON \"event_outbox\" (\"customer_id\", \"position\")");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"event_outbox\"");
  }
}
