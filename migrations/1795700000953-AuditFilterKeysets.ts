import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The access audit filtered by customer (auditLog(filter: { customerId }), Customer.accessHistory) or
 * by actor is read in the keyset order (src/db/keyset.ts: the instant at millisecond precision in
 * UTC, then id). The (customer_id, at) and (actor_id, at) indexes found the rows but not in that
 * order, so a page read and sorted every entry of the customer or actor: a customer read often
 * (a 360 in daily use) or an agent gathers thousands, and the page's cost grew with them. These
 * replace them with the same columns in the keyset's order, on every partition.
 */
export class AuditFilterKeysets1795700000953 implements MigrationInterface {
  name = "AuditFilterKeysets1795700000953";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_audit_customer_keyset" ON "audit_entry" ("customer_id", date_trunc('milliseconds', ("at") AT TIME ZONE 'UTC'), "id")`);
    await q.query(`CREATE INDEX "IDX_audit_actor_keyset" ON "audit_entry" ("actor_id", date_trunc('milliseconds', ("at") AT TIME ZONE 'UTC'), "id")`);
    await q.query(`DROP INDEX "IDX_audit_customer_time"`);
    await q.query(`DROP INDEX "IDX_audit_actor_time"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_audit_actor_time" ON "audit_entry" ("actor_id", "at")`);
    await q.query(`CREATE INDEX "IDX_audit_customer_time" ON "audit_entry" ("customer_id", "at")`);
    await q.query(`DROP INDEX "IDX_audit_actor_keyset"`);
    await q.query(`DROP INDEX "IDX_audit_customer_keyset"`);
  }
}
