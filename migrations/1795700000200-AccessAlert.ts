import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Exfiltration alerts (PIPL duty 12): one row per actor and window in which the personal values
 * released to them crossed a threshold. Append-only like audit_entry: evidence is not edited.
 */
export class AccessAlert1795700000200 implements MigrationInterface {
  name = "AccessAlert1795700000200";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "access_alert" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_id" uuid NOT NULL,
      "role" character varying(20) NOT NULL,
      "kind" character varying(24) NOT NULL,
      "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "window_end" TIMESTAMP WITH TIME ZONE NOT NULL,
      "customer_count" integer NOT NULL,
      "value_count" integer NOT NULL,
      "details" text NOT NULL,
      CONSTRAINT "PK_access_alert" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_access_alert_time" ON "access_alert" ("at", "id")`);
    await q.query(`CREATE FUNCTION access_alert_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_alert is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER access_alert_append_only BEFORE UPDATE OR DELETE ON "access_alert" FOR EACH ROW EXECUTE FUNCTION access_alert_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER access_alert_no_truncate BEFORE TRUNCATE ON "access_alert" FOR EACH STATEMENT EXECUTE FUNCTION access_alert_append_only()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "access_alert"`);
    await q.query(`DROP FUNCTION IF EXISTS access_alert_append_only()`);
  }
}
