import type { MigrationInterface, QueryRunner } from "typeorm";
import { AUDIT_ENTRY_PARTITIONS, partitionTable, unpartitionTable } from "../src/db/partitions";

/**
 * `audit_entry` partitioned by month on `at` (src/db/partitions.ts): a history partition, a
 * partition per month from 24 months ago to 3 ahead, a default one. The primary key becomes
 * (id, at); the append-only triggers are on the partitioned table (a row trigger reaches every
 * partition; TRUNCATE is refused on each partition by name too).
 */
export class PartitionAuditEntry1795700000930 implements MigrationInterface {
  name = "PartitionAuditEntry1795700000930";

  public async up(q: QueryRunner): Promise<void> {
    await partitionTable(q, AUDIT_ENTRY_PARTITIONS, new Date());
    await q.query(`ALTER TABLE "audit_entry" ADD CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id", "at")`);
    await this.indexesAndTriggers(q);
  }

  public async down(q: QueryRunner): Promise<void> {
    await unpartitionTable(q, AUDIT_ENTRY_PARTITIONS);
    await q.query(`ALTER TABLE "audit_entry" ADD CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id")`);
    await this.indexesAndTriggers(q);
  }

  private async indexesAndTriggers(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_9d18bd4a32fc0cd8ff82b12037" ON "audit_entry" ("at")`);
    await q.query(`CREATE INDEX "IDX_audit_actor_time" ON "audit_entry" ("actor_id", "at")`);
    await q.query(`CREATE INDEX "IDX_audit_customer_time" ON "audit_entry" ("customer_id", "at")`);
    await q.query(`CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }
}
