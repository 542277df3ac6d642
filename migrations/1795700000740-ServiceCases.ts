import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Service cases (issue #14, point 1): a customer's request worked from a queue by an assignee
 * through NEW → IN_PROGRESS → WAITING_ON_CUSTOMER → RESOLVED → CLOSED, with its waiting periods on
 * the row (`pauses`, jsonb: always read with the case, never on their own) and the deadlines of
 * its two SLA clocks while they run. The SLA sweep reads the partial indexes on those deadlines
 * (`WHERE status open AND breach_at <= now()`); a complaint has at most one case.
 */
export class ServiceCases1795700000740 implements MigrationInterface {
  name = "ServiceCases1795700000740";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "service_case" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "customer_id" uuid NOT NULL,
      "origin_interaction_id" uuid,
      "complaint_id" uuid,
      "channel" character varying(12) NOT NULL,
      "priority" character varying(8) NOT NULL,
      "queue" character varying(16) NOT NULL,
      "subject" character varying(200) NOT NULL,
      "notes" text,
      "status" character varying(20) NOT NULL,
      "assignee_id" uuid,
      "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "first_responded_at" TIMESTAMP WITH TIME ZONE,
      "resolved_at" TIMESTAMP WITH TIME ZONE,
      "closed_at" TIMESTAMP WITH TIME ZONE,
      "resolution" text,
      "reopened_at" TIMESTAMP WITH TIME ZONE,
      "reopen_reason" text,
      "pauses" jsonb NOT NULL DEFAULT '[]',
      "first_response_breach_at" TIMESTAMP WITH TIME ZONE,
      "resolution_breach_at" TIMESTAMP WITH TIME ZONE,
      "version" integer NOT NULL DEFAULT '1',
      "created_by_id" uuid,
      "updated_by_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_service_case" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_service_case_customer_opened" ON "service_case" ("customer_id", "opened_at")`);
    await q.query(`CREATE INDEX "IDX_service_case_queue_status" ON "service_case" ("queue", "status", "opened_at")`);
    await q.query(`CREATE INDEX "IDX_service_case_assignee_status" ON "service_case" ("assignee_id", "status")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_service_case_complaint" ON "service_case" ("complaint_id") WHERE "complaint_id" IS NOT NULL`);
    const OPEN = `"status" IN ('NEW', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER')`;
    await q.query(`CREATE INDEX "IDX_service_case_first_response_breach" ON "service_case" ("first_response_breach_at") WHERE ${OPEN} AND "first_response_breach_at" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_service_case_resolution_breach" ON "service_case" ("resolution_breach_at") WHERE ${OPEN} AND "resolution_breach_at" IS NOT NULL`);
    const foreignKey = (name: string, column: string, table: string, onDelete: string) =>
      q.query(`ALTER TABLE "service_case" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${table}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`);
    await foreignKey("FK_service_case_customer", "customer_id", "customer", "CASCADE");
    await foreignKey("FK_service_case_origin_interaction", "origin_interaction_id", "interaction", "SET NULL");
    await foreignKey("FK_service_case_complaint", "complaint_id", "complaint", "SET NULL");
    await foreignKey("FK_service_case_assignee", "assignee_id", "staff_user", "SET NULL");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "service_case"`);
  }
}
