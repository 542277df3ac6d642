import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A committed outbox write wakes the dispatchers at once (NOTIFY is delivered at commit, and not
 * at all on rollback); one notification per statement, none per row. Polling stays the fallback.
 */
export class OutboxNotify1795700000712 implements MigrationInterface {
  name = "OutboxNotify1795700000712";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE FUNCTION \"outbox_notify\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('customer360_outbox', ''); RETURN NULL; END $$",
    );
    await q.query("CREATE TRIGGER \"outbox_notify\" AFTER INSERT ON \"event_outbox\" FOR EACH STATEMENT EXECUTE FUNCTION \"outbox_notify\"()");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TRIGGER \"outbox_notify\" ON \"event_outbox\"");
    await q.query("DROP FUNCTION \"outbox_notify\"()");
  }
}
