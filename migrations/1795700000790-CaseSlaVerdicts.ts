import type { MigrationInterface, QueryRunner } from "typeorm";
import { breachColumns, slaCalendar } from "../src/modules/service-desk/case-sla";
import type { CasePriority } from "../src/modules/service-desk/sla-policy";
import type { Channel } from "../src/modules/customer/customer.enums";

interface MetCase {
  id: string;
  channel: Channel;
  priority: CasePriority;
  opened_at: Date;
  pauses: { from: string; to: string | null }[];
  first_responded_at: Date | null;
  resolved_at: Date | null;
}

const BATCH = 5_000;

/**
 * Whether each met SLA milestone of a case was met in time (`first_response_breached`,
 * `resolution_breached`; NULL until met), for the figures managers watch (serviceMetrics). The
 * resolution clock counts business hours on a calendar with holidays and pauses, which SQL cannot
 * replay, so the verdict is stored when the milestone is met, computed by the clock itself
 * (readSlaClock through breachColumns, as the services write it). Cases met before this migration
 * are given theirs here by the same function, in batches. An index on the origin contact lets the
 * figures group contacts by the queue of the case they opened.
 */
export class CaseSlaVerdicts1795700000790 implements MigrationInterface {
  name = "CaseSlaVerdicts1795700000790";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_case" ADD "first_response_breached" boolean`);
    await q.query(`ALTER TABLE "service_case" ADD "resolution_breached" boolean`);
    await q.query(`CREATE INDEX "IDX_service_case_origin_interaction" ON "service_case" ("origin_interaction_id", "opened_at")`);
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows: MetCase[] = await q.query(
        `SELECT id, channel, priority, opened_at, pauses, first_responded_at, resolved_at FROM "service_case"
          WHERE (first_responded_at IS NOT NULL OR resolved_at IS NOT NULL) AND id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      const calendar = await slaCalendar(q.manager);
      const verdicts = rows.map((row) =>
        breachColumns({
          channel: row.channel, priority: row.priority, openedAt: row.opened_at, firstRespondedAt: row.first_responded_at, resolvedAt: row.resolved_at,
          pauses: (typeof row.pauses === "string" ? JSON.parse(row.pauses) : row.pauses).map((p: MetCase["pauses"][number]) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
        }, calendar, new Date()),
      );
      await q.query(
        `UPDATE "service_case" k SET first_response_breached = d.first_response, resolution_breached = d.resolution
           FROM unnest($1::uuid[], $2::boolean[], $3::boolean[]) AS d(id, first_response, resolution) WHERE k.id = d.id`,
        [rows.map((row) => row.id), verdicts.map((v) => v.firstResponseBreached), verdicts.map((v) => v.resolutionBreached)],
      );
      after = rows[rows.length - 1].id;
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_service_case_origin_interaction"`);
    await q.query(`ALTER TABLE "service_case" DROP COLUMN "resolution_breached"`);
    await q.query(`ALTER TABLE "service_case" DROP COLUMN "first_response_breached"`);
  }
}
