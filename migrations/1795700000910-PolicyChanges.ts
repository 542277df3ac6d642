import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A policy's changes from the insurer's core systems, as the customer's history shows them: a view
 * of the outbox's `policy.changed` events (an import changed a policy; the event names the fields,
 * never their values), with a partial index for reading one customer's in time order.
 */
export class PolicyChanges1795700000910 implements MigrationInterface {
  name = "PolicyChanges1795700000910";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_event_outbox_policy_changed" ON "event_outbox" ("customer_id", "occurred_at") WHERE "type" = 'policy.changed'`);
    await q.query(`CREATE VIEW "policy_change" AS
      SELECT e.id, e.customer_id, (e.data ->> 'policyId')::uuid AS policy_id, e.occurred_at, coalesce(e.data -> 'changedFields', '[]'::jsonb) AS changed_fields
        FROM event_outbox e WHERE e.type = 'policy.changed'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW "policy_change"`);
    await q.query(`DROP INDEX "IDX_event_outbox_policy_changed"`);
  }
}
