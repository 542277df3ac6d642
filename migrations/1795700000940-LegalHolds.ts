import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Retention (src/modules/retention): legal holds that exempt a customer's records from it, the
 * record of every retention run with its counts, and the one way past the access audit's
 * append-only trigger — a DELETE in a transaction that set `c360.retention = 'on'` (SET LOCAL), which
 * only the retention job does. UPDATE and TRUNCATE stay refused, and a DELETE without it too.
 */
export class LegalHolds1795700000940 implements MigrationInterface {
  name = "LegalHolds1795700000940";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "legal_hold" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "customer_id" uuid NOT NULL,
      "reason" character varying(300) NOT NULL,
      "placed_by" uuid NOT NULL,
      "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "released_by" uuid,
      "released_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_legal_hold" PRIMARY KEY ("id"),
      CONSTRAINT "FK_legal_hold_customer" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "IDX_legal_hold_customer" ON "legal_hold" ("customer_id")`);
    await q.query(`CREATE TABLE "retention_run" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "finished_at" TIMESTAMP WITH TIME ZONE,
      "trigger" character varying(20) NOT NULL,
      "status" character varying(12) NOT NULL DEFAULT 'RUNNING',
      "deleted_rows" bigint NOT NULL DEFAULT 0,
      "dropped_partitions" integer NOT NULL DEFAULT 0,
      "held_rows" bigint NOT NULL DEFAULT 0,
      "tables" jsonb NOT NULL DEFAULT '[]',
      "failure" character varying(300),
      CONSTRAINT "PK_retention_run" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_retention_run_started" ON "retention_run" ("started_at", "id")`);
    await q.query(`CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('c360.retention', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TABLE "retention_run"`);
    await q.query(`DROP TABLE "legal_hold"`);
  }
}
