import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Service alerts derived from outbox events (complaint deadlines, risk tier raised), each for a
 * staff member or a role, at most one per event and recipient; and the marks the complaint
 * deadline sweep leaves so that each complaint signals "due soon" and "overdue" once.
 */
export class ServiceAlerts1795700000720 implements MigrationInterface {
  name = "ServiceAlerts1795700000720";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "service_alert" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "kind" character varying(24) NOT NULL,
      "recipient_staff_id" uuid,
      "recipient_role" character varying(20),
      "customer_id" uuid NOT NULL,
      "complaint_id" uuid,
      "risk_assessment_id" uuid,
      "event_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "read_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "CHK_service_alert_recipient" CHECK (("recipient_staff_id" IS NULL) <> ("recipient_role" IS NULL)),
      CONSTRAINT "PK_service_alert" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "UQ_service_alert_event_staff" ON "service_alert" ("event_id", "recipient_staff_id") WHERE "recipient_staff_id" IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "UQ_service_alert_event_role" ON "service_alert" ("event_id", "recipient_role") WHERE "recipient_role" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_service_alert_staff" ON "service_alert" ("recipient_staff_id", "created_at")`);
    await q.query(`CREATE INDEX "IDX_service_alert_role" ON "service_alert" ("recipient_role", "created_at")`);
    await q.query(`CREATE INDEX "IDX_service_alert_customer" ON "service_alert" ("customer_id")`);
    await q.query(
      `ALTER TABLE "service_alert" ADD CONSTRAINT "FK_service_alert_customer" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "service_alert" ADD CONSTRAINT "FK_service_alert_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaint"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "service_alert" ADD CONSTRAINT "FK_service_alert_risk_assessment" FOREIGN KEY ("risk_assessment_id") REFERENCES "risk_assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "complaint" ADD "due_soon_signalled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "complaint" ADD "overdue_signalled_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "complaint" DROP COLUMN "overdue_signalled_at"`);
    await q.query(`ALTER TABLE "complaint" DROP COLUMN "due_soon_signalled_at"`);
    await q.query(`DROP TABLE "service_alert"`);
  }
}
