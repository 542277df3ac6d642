import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The backlog in the daily rollups (src/modules/metrics/metrics-daily.ts, BACKLOG): per day of
 * opening, the cases still open at the refresh, those breached, and the earliest opening among
 * them. The stored rollup has none of these yet: it is dropped, and serviceMetrics is computed live
 * until the next refresh writes it again.
 */
export class ServiceMetricsBacklog1795700000954 implements MigrationInterface {
  name = "ServiceMetricsBacklog1795700000954";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "service_metrics_refresh"`);
    await q.query(`DELETE FROM "service_metrics_day"`);
    await q.query(`ALTER TABLE "service_metrics_day"
      ADD "open_cases" integer NOT NULL DEFAULT 0,
      ADD "breached_open" integer NOT NULL DEFAULT 0,
      ADD "oldest_open_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "service_metrics_refresh"`);
    await q.query(`DELETE FROM "service_metrics_day"`);
    await q.query(`ALTER TABLE "service_metrics_day" DROP COLUMN "oldest_open_at", DROP COLUMN "breached_open", DROP COLUMN "open_cases"`);
  }
}
