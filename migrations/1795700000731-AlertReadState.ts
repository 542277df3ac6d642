import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Each recipient reads an alert on their own: acknowledgements move from the alert row (where
 * one COMPLIANCE officer's acknowledgement marked a role alert read for every officer) to one row
 * per alert and staff member. A staff alert's acknowledgement is kept as its recipient's; a role
 * alert's earlier acknowledgement cannot be told apart by who made it and is left unread for each.
 */
export class AlertReadState1795700000731 implements MigrationInterface {
  name = "AlertReadState1795700000731";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "service_alert_read" (
      "alert_id" uuid NOT NULL,
      "staff_id" uuid NOT NULL,
      "read_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_service_alert_read" PRIMARY KEY ("alert_id", "staff_id"))`);
    await q.query(
      `ALTER TABLE "service_alert_read" ADD CONSTRAINT "FK_service_alert_read_alert" FOREIGN KEY ("alert_id") REFERENCES "service_alert"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "service_alert_read" ADD CONSTRAINT "FK_service_alert_read_staff" FOREIGN KEY ("staff_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `INSERT INTO "service_alert_read" ("alert_id", "staff_id", "read_at")
       SELECT a."id", a."recipient_staff_id", a."read_at" FROM "service_alert" a
         JOIN "staff_user" s ON s."id" = a."recipient_staff_id"
        WHERE a."read_at" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "service_alert" DROP COLUMN "read_at"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_alert" ADD "read_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE "service_alert" a SET "read_at" = r."read_at" FROM "service_alert_read" r WHERE r."alert_id" = a."id" AND r."staff_id" = a."recipient_staff_id"`,
    );
    await q.query(`DROP TABLE "service_alert_read"`);
  }
}
