import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * When an interaction or a complaint last changed: the bulk import updates them in place, and a
 * job re-assesses the risk of the customers whose complaints it wrote (complaints feed the risk
 * model), which it finds by this time as it finds changed claims and policies.
 */
export class ContactUpdatedAt1795700000502 implements MigrationInterface {
  name = "ContactUpdatedAt1795700000502";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"interaction\" ADD \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()");
    await q.query("ALTER TABLE \"complaint\" ADD \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"complaint\" DROP COLUMN \"updated_at\"");
    await q.query("ALTER TABLE \"interaction\" DROP COLUMN \"updated_at\"");
  }
}
