import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The customer timeline (src/modules/timeline) and the per-customer lists it mirrors read each
 * source by customer in time order: (customer_id, time) indexes where a source had none
 * (interaction and offer_response have theirs).
 */
export class TimelineIndexes1795700000760 implements MigrationInterface {
  name = "TimelineIndexes1795700000760";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_complaint_customer_received" ON "complaint" ("customer_id", "received_at")`);
    await q.query(`CREATE INDEX "IDX_claim_event_customer_time" ON "claim_event" ("customer_id", "occurred_at")`);
    await q.query(`CREATE INDEX "IDX_policy_customer_start" ON "policy" ("customer_id", "start_date")`);
    await q.query(`CREATE INDEX "IDX_consent_customer_time" ON "consent" ("customer_id", "recorded_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_consent_customer_time"`);
    await q.query(`DROP INDEX "IDX_policy_customer_start"`);
    await q.query(`DROP INDEX "IDX_claim_event_customer_time"`);
    await q.query(`DROP INDEX "IDX_complaint_customer_received"`);
  }
}
