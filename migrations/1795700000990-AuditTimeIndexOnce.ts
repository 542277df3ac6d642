import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The access audit's time indexed once: the plain index on `at` goes. Every reader already uses the
 * keyset index on the time at millisecond precision (IDX_audit_keyset, migrations/…951); retention,
 * the plain index's last reader, now compares that expression too (src/modules/retention,
 * `keysetIndexed`). One index fewer for each of the ~100 rows a list of customers writes.
 */
export class AuditTimeIndexOnce1795700000990 implements MigrationInterface {
  name = "AuditTimeIndexOnce1795700000990";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_9d18bd4a32fc0cd8ff82b12037"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_9d18bd4a32fc0cd8ff82b12037" ON "audit_entry" ("at")`);
  }
}
