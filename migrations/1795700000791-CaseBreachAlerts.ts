import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Alerts of a case's missed milestone (`case.breached`): the case, the milestone and the deadline it
 * missed. The kind is text (no CHECK): CASE_BREACHED needs no change of its column.
 */
export class CaseBreachAlerts1795700000791 implements MigrationInterface {
  name = "CaseBreachAlerts1795700000791";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_alert" ADD "case_id" uuid`);
    await q.query(`ALTER TABLE "service_alert" ADD "milestone" character varying(16)`);
    await q.query(`ALTER TABLE "service_alert" ADD "deadline" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "service_alert" ADD CONSTRAINT "FK_service_alert_case" FOREIGN KEY ("case_id") REFERENCES "service_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_alert" DROP CONSTRAINT "FK_service_alert_case"`);
    await q.query(`ALTER TABLE "service_alert" DROP COLUMN "deadline"`);
    await q.query(`ALTER TABLE "service_alert" DROP COLUMN "milestone"`);
    await q.query(`ALTER TABLE "service_alert" DROP COLUMN "case_id"`);
  }
}
