import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The match-key table's foreign key to customer goes. The table is derived data (keyed digests the
 * matcher and the re-cluster write for live customers and rebuild at will); customers are never
 * deleted, and erasure deletes a customer's keys itself (src/modules/privacy). The check cost a
 * look-up and a row lock per key: ~40 ms of the ~105 ms that inserting a batch's 11,000 keys took.
 */
export class MatchKeysUnchecked1795700001000 implements MigrationInterface {
  name = "MatchKeysUnchecked1795700001000";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "customer_match_key" DROP CONSTRAINT "FK_customer_match_key_customer"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "customer_match_key" k WHERE NOT EXISTS (SELECT 1 FROM "customer" c WHERE c.id = k.customer_id)`);
    await q.query(
      `ALTER TABLE "customer_match_key" ADD CONSTRAINT "FK_customer_match_key_customer" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
