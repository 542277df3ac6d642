import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Import jobs started over HTTP (POST /imports): the account that sent the file (an INTEGRATION
 * account sees its own jobs only) and the spooled file a restarted server resumes from.
 */
export class ImportOwner1795700000503 implements MigrationInterface {
  name = "ImportOwner1795700000503";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"import_job\" ADD \"owner_id\" uuid");
    await q.query("ALTER TABLE \"import_job\" ADD \"spool_file\" character varying(500)");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"import_job\" DROP COLUMN \"spool_file\"");
    await q.query("ALTER TABLE \"import_job\" DROP COLUMN \"owner_id\"");
  }
}
