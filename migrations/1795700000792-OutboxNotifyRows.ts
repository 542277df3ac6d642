import type { MigrationInterface, QueryRunner } from "typeorm";

const NOTIFY = "PERFORM pg_notify('customer360_outbox', '');";

/**
 * The outbox's wake-up (…712) notifies only for a statement that inserted rows. An AFTER INSERT
 * statement trigger fires for every INSERT, also one that inserted nothing — the clocks' INSERT …
 * SELECT at the start of every dispatcher pass — so an idle dispatcher was woken for an empty pass
 * after each clock reading. The trigger now sees the statement's rows (a transition table) and
 * notifies only when there are any: still one notification per statement, none per row.
 */
export class OutboxNotifyRows1795700000792 implements MigrationInterface {
  name = "OutboxNotifyRows1795700000792";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "outbox_notify" ON "event_outbox"`);
    await q.query(
      `CREATE OR REPLACE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM inserted) THEN ${NOTIFY} END IF; RETURN NULL; END $$`,
    );
    await q.query(`CREATE TRIGGER "outbox_notify" AFTER INSERT ON "event_outbox" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "outbox_notify" ON "event_outbox"`);
    await q.query(`CREATE OR REPLACE FUNCTION "outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${NOTIFY} RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER "outbox_notify" AFTER INSERT ON "event_outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()`);
  }
}
