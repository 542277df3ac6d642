import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Webhook subscriptions (the signing secret sealed at rest) and one delivery row per event and
 * endpoint: its attempts, the next attempt, and DELIVERED or DEAD once the schedule is spent.
 */
export class Webhooks1795700000701 implements MigrationInterface {
  name = "Webhooks1795700000701";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE \"webhook_endpoint\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"url\" character varying(2000) NOT NULL, \"event_types\" character varying(40) array NOT NULL DEFAULT '{}', \"secret_sealed\" text NOT NULL, \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"created_by_id\" uuid, CONSTRAINT \"PK_webhook_endpoint\" PRIMARY KEY (\"id\"))",
    );
    await q.query(
      "CREATE TABLE \"webhook_delivery\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"endpoint_id\" uuid NOT NULL, \"event_id\" uuid NOT NULL, \"position\" bigint NOT NULL, \"customer_id\" uuid, \"status\" character varying(12) NOT NULL DEFAULT 'PENDING', \"attempts\" integer NOT NULL DEFAULT '0', \"next_attempt_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_status\" integer, \"last_error\" character varying(200), \"delivered_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"UQ_webhook_delivery_event\" UNIQUE (\"endpoint_id\", \"event_id\"), CONSTRAINT \"PK_webhook_delivery\" PRIMARY KEY (\"id\"))",
    );
    await q.query("CREATE INDEX \"IDX_webhook_delivery_due\" ON \"webhook_delivery\" (\"next_attempt_at\") WHERE \"status\" = 'PENDING'");
    await q.query("CREATE INDEX \"IDX_webhook_delivery_order\" ON \"webhook_delivery\" (\"endpoint_id\", \"customer_id\", \"position\")");
    await q.query(
      "ALTER TABLE \"webhook_delivery\" ADD CONSTRAINT \"FK_webhook_delivery_endpoint\" FOREIGN KEY (\"endpoint_id\") REFERENCES \"webhook_endpoint\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION",
    );
    await q.query(
      "ALTER TABLE \"webhook_delivery\" ADD CONSTRAINT \"FK_webhook_delivery_event\" FOREIGN KEY (\"event_id\") REFERENCES \"event_outbox\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION",
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"webhook_delivery\"");
    await q.query("DROP TABLE \"webhook_endpoint\"");
  }
}
