import type { MigrationInterface, QueryRunner } from "typeorm";

/** When the SLA sweep signalled each of a case's breaches (`case.breached`), so that it signals each once. */
export class CaseBreachSignals1795700000780 implements MigrationInterface {
  name = "CaseBreachSignals1795700000780";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_case" ADD "first_response_breach_signalled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "service_case" ADD "resolution_breach_signalled_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_case" DROP COLUMN "resolution_breach_signalled_at"`);
    await q.query(`ALTER TABLE "service_case" DROP COLUMN "first_response_breach_signalled_at"`);
  }
}
