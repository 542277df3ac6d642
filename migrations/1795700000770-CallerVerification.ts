import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The contact centre's caller verifications (SERVICE_REP): each attempt with the facts checked and
 * its outcome; a passed one opens the customer to that representative until it expires.
 */
export class CallerVerification1795700000770 implements MigrationInterface {
  name = "CallerVerification1795700000770";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "caller_verification" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "staff_id" uuid NOT NULL,
      "customer_id" uuid,
      "identified_by" character varying(20) NOT NULL,
      "checked_facts" character varying(20) array NOT NULL,
      "passed" boolean NOT NULL,
      "verified_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE,
      "request_id" character varying(64),
      CONSTRAINT "PK_caller_verification" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_caller_verification_scope" ON "caller_verification" ("staff_id", "customer_id", "expires_at")`);
    await q.query(`CREATE INDEX "IDX_caller_verification_customer" ON "caller_verification" ("customer_id", "verified_at")`);
    await q.query(`CREATE INDEX "IDX_caller_verification_staff" ON "caller_verification" ("staff_id", "verified_at")`);
    await q.query(
      `ALTER TABLE "caller_verification" ADD CONSTRAINT "FK_caller_verification_staff" FOREIGN KEY ("staff_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "caller_verification" ADD CONSTRAINT "FK_caller_verification_customer" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "caller_verification"`);
  }
}
