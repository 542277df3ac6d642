import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Which SLA policy the open cases' stored deadlines were last brought in line with (one row: the
 * policy's fingerprint), so that a deployment that changes CASE_SLA_TARGETS recomputes them once at
 * start (case-sla.ts, useCaseSlaPolicy). No row: the declared defaults.
 */
export class SlaPolicyState1795700000920 implements MigrationInterface {
  name = "SlaPolicyState1795700000920";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sla_policy_state" (
      "id" smallint NOT NULL DEFAULT 1,
      "fingerprint" text NOT NULL,
      "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_sla_policy_state" PRIMARY KEY ("id"),
      CONSTRAINT "CHK_sla_policy_state_one_row" CHECK ("id" = 1))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sla_policy_state"`);
  }
}
