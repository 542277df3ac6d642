import type { MigrationInterface, QueryRunner } from "typeorm";
import { addReferenceTriggers, dropReferenceTriggers, EVENT_OUTBOX_PARTITIONS, partitionTable, unpartitionTable } from "../src/db/partitions";

const POLICY_CHANGE_VIEW = `CREATE VIEW "policy_change" AS
  SELECT e.id, e.customer_id, (e.data ->> 'policyId')::uuid AS policy_id, e.occurred_at, coalesce(e.data -> 'changedFields', '[]'::jsonb) AS changed_fields
    FROM event_outbox e WHERE e.type = 'policy.changed'`;

/**
 * `event_outbox` partitioned by month on `occurred_at` (when the change happened; the events'
 * creation time) (src/db/partitions.ts). The primary key becomes (id, occurred_at). `position`
 * can hold no unique index across partitions: it stays unique because only its sequence
 * (event_outbox_position_seq, carried over) writes it; a plain index keeps its reads. The foreign
 * key from webhook_delivery becomes triggers (PARTITION_REFERENCES); the policy_change view is
 * recreated over the new table.
 */
export class PartitionEventOutbox1795700000932 implements MigrationInterface {
  name = "PartitionEventOutbox1795700000932";

  public async up(q: QueryRunner): Promise<void> {
    await this.detach(q);
    await q.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_webhook_delivery_event"`);
    await partitionTable(q, EVENT_OUTBOX_PARTITIONS, new Date());
    await q.query(`ALTER TABLE "event_outbox" ADD CONSTRAINT "PK_event_outbox" PRIMARY KEY ("id", "occurred_at")`);
    await q.query(`CREATE INDEX "IDX_event_outbox_position" ON "event_outbox" ("position")`);
    await this.attach(q);
    await addReferenceTriggers(q, "event_outbox");
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropReferenceTriggers(q, "event_outbox");
    await this.detach(q);
    await unpartitionTable(q, EVENT_OUTBOX_PARTITIONS);
    await q.query(`ALTER TABLE "event_outbox" ADD CONSTRAINT "PK_event_outbox" PRIMARY KEY ("id")`);
    await q.query(`ALTER TABLE "event_outbox" ADD CONSTRAINT "UQ_event_outbox_position" UNIQUE ("position")`);
    await this.attach(q);
    await q.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_webhook_delivery_event" FOREIGN KEY ("event_id") REFERENCES "event_outbox"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  /** What depends on the table and does not move with its rows: the view, and the sequence (dropped with the old table unless released). */
  private async detach(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "policy_change"`);
    await q.query(`ALTER SEQUENCE "event_outbox_position_seq" OWNED BY NONE`);
  }

  private async attach(q: QueryRunner): Promise<void> {
    await q.query(`ALTER SEQUENCE "event_outbox_position_seq" OWNED BY "event_outbox"."position"`);
    await q.query(`CREATE INDEX "IDX_event_outbox_pending" ON "event_outbox" ("position") WHERE "published_at" IS NULL`);
    await q.query(`CREATE INDEX "IDX_event_outbox_unstreamed" ON "event_outbox" ("position") WHERE "streamed_at" IS NULL`);
    await q.query(`CREATE INDEX "IDX_event_outbox_customer" ON "event_outbox" ("customer_id", "position")`);
    await q.query(`CREATE INDEX "IDX_event_outbox_policy_changed" ON "event_outbox" ("customer_id", "occurred_at") WHERE "type" = 'policy.changed'`);
    await q.query(`CREATE TRIGGER "outbox_notify" AFTER INSERT ON "event_outbox" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "outbox_notify"()`);
    await q.query(POLICY_CHANGE_VIEW);
  }
}
