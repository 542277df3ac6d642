import type { MigrationInterface, QueryRunner } from "typeorm";

const OPEN = `"status" IN ('NEW', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER')`;

/**
 * When the SLA sweep signalled each of a case's breaches (`case.breached`), so that it signals each
 * once; and the sweep's own partial indexes: the open cases whose running deadline is not yet
 * signalled (the work list's breach indexes also hold the signalled ones, which a sweep would
 * read again on every run).
 */
export class CaseBreachSignals1795700000780 implements MigrationInterface {
  name = "CaseBreachSignals1795700000780";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_case" ADD "first_response_breach_signalled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "service_case" ADD "resolution_breach_signalled_at" TIMESTAMP WITH TIME ZONE`);
    for (const milestone of ["first_response", "resolution"]) {
      await q.query(
        `CREATE INDEX "IDX_service_case_${milestone}_unsignalled" ON "service_case" ("${milestone}_breach_at")
          WHERE ${OPEN} AND "${milestone}_breach_at" IS NOT NULL AND "${milestone}_breach_signalled_at" IS NULL`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_service_case_resolution_unsignalled"`);
    await q.query(`DROP INDEX "IDX_service_case_first_response_unsignalled"`);
    await q.query(`ALTER TABLE "service_case" DROP COLUMN "resolution_breach_signalled_at"`);
    await q.query(`ALTER TABLE "service_case" DROP COLUMN "first_response_breach_signalled_at"`);
  }
}
