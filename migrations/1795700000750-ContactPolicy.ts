import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The contact policy (issue 14, point 4): a consent decision may name the contact channel it is
 * about (NULL: every channel of the purpose, as before — the purpose decision that row scope and
 * every other consent use read); a customer-level do-not-contact flag kept as history (the newest
 * row counts) with its reason, who set it and when. Quiet hours and the marketing frequency cap are
 * settings (config.ts), counted from outbound MARKETING interactions.
 */
export class ContactPolicy1795700000750 implements MigrationInterface {
  name = "ContactPolicy1795700000750";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "consent" ADD "contact_channel" character varying(8)`);
    await q.query(`CREATE INDEX "IDX_consent_customer_channel" ON "consent" ("customer_id", "contact_channel", "recorded_at") WHERE "contact_channel" IS NOT NULL`);
    await q.query(`CREATE TABLE "do_not_contact" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "customer_id" uuid NOT NULL,
      "do_not_contact" boolean NOT NULL,
      "reason" character varying(500),
      "set_by" uuid,
      "set_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_do_not_contact" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_do_not_contact_customer_time" ON "do_not_contact" ("customer_id", "set_at")`);
    await q.query(
      `ALTER TABLE "do_not_contact" ADD CONSTRAINT "FK_do_not_contact_customer" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "do_not_contact"`);
    await q.query(`DROP INDEX "IDX_consent_customer_channel"`);
    await q.query(`ALTER TABLE "consent" DROP COLUMN "contact_channel"`);
  }
}
