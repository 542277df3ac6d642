import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Segment member counts kept ahead (src/modules/segment/segment-counts.ts): per segment version
 * and role, one row for the role's whole scope (scope_group '') and, for a role whose scope is one
 * group per viewer (an agent's book), one row per group. Served with computed_at instead of
 * counting every member at every read.
 */
export class SegmentMemberCounts1795700000950 implements MigrationInterface {
  name = "SegmentMemberCounts1795700000950";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "segment_member_count" (
      "segment_id" uuid NOT NULL,
      "segment_version" integer NOT NULL,
      "role" character varying(30) NOT NULL,
      "scope_group" character varying(64) NOT NULL DEFAULT '',
      "member_count" integer NOT NULL,
      "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_segment_member_count" PRIMARY KEY ("segment_id", "role", "scope_group"),
      CONSTRAINT "FK_segment_member_count_segment" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "segment_member_count"`);
  }
}
