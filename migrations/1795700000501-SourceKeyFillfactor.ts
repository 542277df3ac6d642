import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every re-import moves each known key's last-seen time. With full pages that UPDATE wrote a new
 * row version elsewhere and a new entry in all three of the table's indexes (~100 µs a key here);
 * room left on each page lets it stay on the page without touching an index (a HOT update: no
 * indexed column changes).
 */
export class SourceKeyFillfactor1795700000501 implements MigrationInterface {
  name = "SourceKeyFillfactor1795700000501";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "source_key" SET (fillfactor = 70)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "source_key" RESET (fillfactor)`);
  }
}
