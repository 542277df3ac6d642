import type { MigrationInterface, QueryRunner } from "typeorm";

export class ClaimIdempotencyKey1795637978916 implements MigrationInterface {
  name = "ClaimIdempotencyKey1795637978916";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"claim\" ADD \"idempotency_key\" character varying(100)");
    await q.query("CREATE UNIQUE INDEX \"IDX_ecf0e36b0416f33c61732cef0d\" ON \"claim\" (\"idempotency_key\") WHERE idempotency_key IS NOT NULL");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"public\".\"IDX_ecf0e36b0416f33c61732cef0d\"");
    await q.query("ALTER TABLE \"claim\" DROP COLUMN \"idempotency_key\"");
  }
}
