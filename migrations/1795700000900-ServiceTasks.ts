import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Follow-up tasks (`service_task`) and the rules that raise them (`task_rule`, seeded with the
 * service chapter's five: a visit after a claim is paid or a complaint resolved, a survey after a
 * case closes, a renewal reminder 30 days ahead, a document chase when a case waits on the
 * customer); and partial indexes for the rule sweep's triggers.
 */
export class ServiceTasks1795700000900 implements MigrationInterface {
  name = "ServiceTasks1795700000900";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "task_rule" (
      "code" character varying(40) NOT NULL,
      "description" character varying(200) NOT NULL,
      "trigger" character varying(32) NOT NULL,
      "offset_days" integer NOT NULL,
      "max_age_days" integer NOT NULL,
      "kind" character varying(24) NOT NULL,
      "purpose" character varying(12) NOT NULL,
      "assign_to" character varying(16) NOT NULL,
      "queue" character varying(16) NOT NULL,
      "active" boolean NOT NULL DEFAULT true,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_task_rule" PRIMARY KEY ("code"))`);
    await q.query(`INSERT INTO "task_rule" ("code", "description", "trigger", "offset_days", "max_age_days", "kind", "purpose", "assign_to", "queue") VALUES
      ('FOLLOW_UP_CLAIM_PAID', 'Visit or call the customer a week after their claim was paid', 'CLAIM_PAID', 7, 30, 'FOLLOW_UP_VISIT', 'SERVICE', 'CUSTOMER_AGENT', 'CLAIMS'),
      ('FOLLOW_UP_COMPLAINT_RESOLVED', 'Call the customer three days after their complaint was resolved', 'COMPLAINT_RESOLVED', 3, 30, 'FOLLOW_UP_VISIT', 'SERVICE', 'CUSTOMER_AGENT', 'COMPLAINTS'),
      ('SURVEY_CASE_CLOSED', 'Ask how satisfied the customer was the day after their case closed', 'CASE_CLOSED', 1, 14, 'SATISFACTION_SURVEY', 'SERVICE', 'QUEUE', 'GENERAL'),
      ('RENEWAL_REMINDER', 'Remind the policyholder 30 days before the policy renews', 'POLICY_RENEWAL', -30, 0, 'RENEWAL_REMINDER', 'SERVICE', 'CUSTOMER_AGENT', 'POLICY_SERVICE'),
      ('DOCUMENT_CHASE', 'Chase what the customer owes when a case has waited on them for three days', 'CASE_WAITING_ON_CUSTOMER', 3, 30, 'DOCUMENT_CHASE', 'SERVICE', 'QUEUE', 'GENERAL')`);
    await q.query(`CREATE TABLE "service_task" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "customer_id" uuid NOT NULL,
      "kind" character varying(24) NOT NULL,
      "purpose" character varying(12) NOT NULL,
      "rule_code" character varying(40),
      "source_type" character varying(12),
      "source_id" uuid,
      "trigger_at" TIMESTAMP WITH TIME ZONE,
      "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "subject" character varying(200),
      "queue" character varying(16) NOT NULL,
      "assignee_id" uuid,
      "status" character varying(10) NOT NULL,
      "outcome" character varying(12),
      "outcome_note" text,
      "contact_channel" character varying(12),
      "satisfaction" smallint,
      "interaction_id" uuid,
      "completed_at" TIMESTAMP WITH TIME ZONE,
      "completed_by_id" uuid,
      "version" integer NOT NULL DEFAULT '1',
      "created_by_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_service_task" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_service_task_customer_created" ON "service_task" ("customer_id", "created_at")`);
    await q.query(`CREATE INDEX "IDX_service_task_assignee_status_due" ON "service_task" ("assignee_id", "status", "due_at")`);
    await q.query(`CREATE INDEX "IDX_service_task_queue_status_due" ON "service_task" ("queue", "status", "due_at")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_service_task_rule_source" ON "service_task" ("rule_code", "source_id", "trigger_at")`);
    const foreignKey = (name: string, column: string, table: string, onDelete: string) =>
      q.query(`ALTER TABLE "service_task" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${table}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`);
    await foreignKey("FK_service_task_customer", "customer_id", "customer", "CASCADE");
    await foreignKey("FK_service_task_assignee", "assignee_id", "staff_user", "SET NULL");
    await foreignKey("FK_service_task_interaction", "interaction_id", "interaction", "SET NULL");
    // the rule sweep's triggers, each read over a time window
    await q.query(`CREATE INDEX "IDX_claim_event_paid" ON "claim_event" ("occurred_at") WHERE "to_status" = 'PAID'`);
    await q.query(`CREATE INDEX "IDX_complaint_resolved" ON "complaint" ("resolved_at") WHERE "resolved_at" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_service_case_closed" ON "service_case" ("closed_at") WHERE "status" = 'CLOSED'`);
    await q.query(`CREATE INDEX "IDX_service_case_waiting" ON "service_case" ("opened_at") WHERE "status" = 'WAITING_ON_CUSTOMER'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const index of ["IDX_service_case_waiting", "IDX_service_case_closed", "IDX_complaint_resolved", "IDX_claim_event_paid"]) await q.query(`DROP INDEX "${index}"`);
    await q.query(`DROP TABLE "service_task"`);
    await q.query(`DROP TABLE "task_rule"`);
  }
}
