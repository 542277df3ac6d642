import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Running webhooks: a log of every delivery attempt, an endpoint disabled after days of nothing but
 * failures, and secret rotation (the previous secret still signs until its grace ends). The
 * order of one customer's deliveries is read from the pending ones only (delivered rows pile up).
 */
export class WebhookOperations1795700000711 implements MigrationInterface {
  name = "WebhookOperations1795700000711";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE \"webhook_endpoint\" ADD \"failing_since\" TIMESTAMP WITH TIME ZONE, ADD \"disabled_at\" TIMESTAMP WITH TIME ZONE, ADD \"previous_secret_sealed\" text, ADD \"previous_secret_until\" TIMESTAMP WITH TIME ZONE",
    );
    await q.query(
      "CREATE TABLE \"webhook_attempt\" (\"id\" BIGSERIAL NOT NULL, \"endpoint_id\" uuid NOT NULL, \"delivery_id\" uuid NOT NULL, \"event_id\" uuid NOT NULL, \"attempt\" integer NOT NULL, \"attempted_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"http_status\" integer, \"error\" character varying(200), \"duration_ms\" integer NOT NULL, CONSTRAINT \"PK_webhook_attempt\" PRIMARY KEY (\"id\"))",
    );
    await q.query("CREATE INDEX \"IDX_webhook_attempt_endpoint\" ON \"webhook_attempt\" (\"endpoint_id\", \"attempted_at\")");
    await q.query("CREATE INDEX \"IDX_webhook_attempt_age\" ON \"webhook_attempt\" (\"attempted_at\")");
    await q.query("DROP INDEX \"IDX_webhook_delivery_order\"");
    await q.query(
      "CREATE INDEX \"IDX_webhook_delivery_pending_order\" ON \"webhook_delivery\" (\"endpoint_id\", \"customer_id\", \"position\") WHERE \"status\" = 'PENDING'",
    );
    await q.query("CREATE INDEX \"IDX_webhook_delivery_delivered\" ON \"webhook_delivery\" (\"delivered_at\") WHERE \"status\" = 'DELIVERED'");
    await q.query(
      "ALTER TABLE \"webhook_attempt\" ADD CONSTRAINT \"FK_webhook_attempt_delivery\" FOREIGN KEY (\"delivery_id\") REFERENCES \"webhook_delivery\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION",
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"webhook_attempt\"");
    await q.query("DROP INDEX \"IDX_webhook_delivery_delivered\"");
    await q.query("DROP INDEX \"IDX_webhook_delivery_pending_order\"");
    await q.query("CREATE INDEX \"IDX_webhook_delivery_order\" ON \"webhook_delivery\" (\"endpoint_id\", \"customer_id\", \"position\")");
    await q.query(
      "ALTER TABLE \"webhook_endpoint\" DROP COLUMN \"previous_secret_until\", DROP COLUMN \"previous_secret_sealed\", DROP COLUMN \"disabled_at\", DROP COLUMN \"failing_since\"",
    );
  }
}
