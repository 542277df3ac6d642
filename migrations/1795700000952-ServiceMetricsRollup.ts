import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Daily rollups of the service figures (src/modules/metrics/metrics-rollup.ts): one row per UTC day,
 * book (the customer's assigned agent; all_books: every book together, for the roles that see all),
 * grouping and group key, holding additive counts and log-bucket histograms (jsonb {bucket: count})
 * of the two medians; no personal value. The one-row service_metrics_refresh says when they were
 * computed. The live edges of a request read items by their start time (indexes on each source's
 * time), and the backlog the open cases alone (a partial index).
 */
export class ServiceMetricsRollup1795700000952 implements MigrationInterface {
  name = "ServiceMetricsRollup1795700000952";

  public async up(q: QueryRunner): Promise<void> {
    const count = (name: string) => `"${name}" integer NOT NULL DEFAULT 0`;
    await q.query(`CREATE TABLE "service_metrics_day" (
      "day" date NOT NULL,
      "all_books" boolean NOT NULL,
      "book" uuid,
      "group_by" character varying(10) NOT NULL,
      "k" text,
      ${["interactions", "rated", "rating_sum", "due", "answered", "complaints", "settled", "on_time", "claims_filed", "claims_approved", "claims_rejected",
         "cases", "first_response_in_time", "first_response_due", "resolution_in_time", "resolution_due", "customers"].map(count).join(",\n      ")},
      "resolution_hours" jsonb NOT NULL DEFAULT '{}',
      "cycle_days" jsonb NOT NULL DEFAULT '{}')`);
    await q.query(`CREATE INDEX "IDX_service_metrics_day" ON "service_metrics_day" ("group_by", "all_books", "book", "day")`);
    await q.query(`CREATE TABLE "service_metrics_refresh" (
      "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
      "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
      "row_count" integer NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_complaint_received" ON "complaint" ("received_at")`);
    await q.query(`CREATE INDEX "IDX_claim_reported" ON "claim" ("reported_at")`);
    await q.query(`CREATE INDEX "IDX_service_case_opened" ON "service_case" ("opened_at")`);
    // covering: the backlog figures read every open case of the period, from the index alone where the heap page is all-visible
    await q.query(`CREATE INDEX "IDX_service_case_open_opened" ON "service_case" ("opened_at")
      INCLUDE ("first_response_breach_at", "resolution_breach_at", "status", "customer_id", "channel", "assignee_id", "queue")
      WHERE "status" IN ('NEW', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_service_case_open_opened"`);
    await q.query(`DROP INDEX "IDX_service_case_opened"`);
    await q.query(`DROP INDEX "IDX_claim_reported"`);
    await q.query(`DROP INDEX "IDX_complaint_received"`);
    await q.query(`DROP TABLE "service_metrics_refresh"`);
    await q.query(`DROP TABLE "service_metrics_day"`);
  }
}
