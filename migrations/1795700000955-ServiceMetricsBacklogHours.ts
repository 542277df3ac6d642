import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The recent backlog by hour of opening (src/modules/metrics/metrics-rollup.ts): for the cases
 * opened in the week before the refresh's day and on that day up to its hour, per UTC hour, book
 * (all_books: every book together), grouping and key, the cases still open at the refresh, those
 * breached, and the earliest opening among them; no personal value. The stored refresh time is
 * dropped, so serviceMetrics is computed live until the next refresh writes these rows too.
 */
export class ServiceMetricsBacklogHours1795700000955 implements MigrationInterface {
  name = "ServiceMetricsBacklogHours1795700000955";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "service_metrics_refresh"`);
    await q.query(`CREATE TABLE "service_metrics_backlog_hour" (
      "hour" TIMESTAMP WITH TIME ZONE NOT NULL,
      "all_books" boolean NOT NULL,
      "book" uuid,
      "group_by" character varying(10) NOT NULL,
      "k" text,
      "open_cases" integer NOT NULL,
      "breached_open" integer NOT NULL,
      "oldest_open_at" TIMESTAMP WITH TIME ZONE)`);
    await q.query(`CREATE INDEX "IDX_service_metrics_backlog_hour" ON "service_metrics_backlog_hour" ("group_by", "all_books", "book", "hour")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "service_metrics_refresh"`);
    await q.query(`DROP TABLE "service_metrics_backlog_hour"`);
  }
}
