import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The highest generated customer number and policy serial, read before every created customer,
 * generated policy and import batch, were a scan of the whole table with a regular expression
 * (quadratic over a bulk import: ~1,000 scans of up to a million rows). Partial expression indexes
 * on exactly those expressions and predicates turn each read into one backward index step.
 */
export class GeneratedNumberSerials1795700000500 implements MigrationInterface {
  name = "GeneratedNumberSerials1795700000500";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_customer_number_serial" ON "customer" ((substring(customer_number FROM 2)::int)) WHERE customer_number ~ '^C[0-9]{8}$'`);
    await q.query(`CREATE INDEX "IDX_policy_number_serial" ON "policy" ((substring(policy_number FROM 6)::bigint)) WHERE policy_number ~ '^P[0-9]{4}[0-9]{7,}$'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_policy_number_serial"`);
    await q.query(`DROP INDEX "public"."IDX_customer_number_serial"`);
  }
}
