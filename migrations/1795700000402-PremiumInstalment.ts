import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Premium instalments per policy: due date, amount, payment.
 */
export class PremiumInstalment1795700000402 implements MigrationInterface {
  name = "PremiumInstalment1795700000402";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"premium_instalment\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"policy_id\" uuid NOT NULL, \"customer_id\" uuid NOT NULL, \"due_date\" date NOT NULL, \"amount\" bigint NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'CNY', \"paid_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ce6925298f5290918577e431d8b\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_d04b0334e513d9df8832595d29\" ON \"premium_instalment\" (\"customer_id\") ");
    await q.query("CREATE INDEX \"IDX_premium_instalment_policy_due\" ON \"premium_instalment\" (\"policy_id\", \"due_date\") ");
    await q.query("ALTER TABLE \"premium_instalment\" ADD CONSTRAINT \"FK_851a3fe261fa8277e855e61f699\" FOREIGN KEY (\"policy_id\") REFERENCES \"policy\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"premium_instalment\" ADD CONSTRAINT \"FK_d04b0334e513d9df8832595d291\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"premium_instalment\" DROP CONSTRAINT \"FK_d04b0334e513d9df8832595d291\"");
    await q.query("ALTER TABLE \"premium_instalment\" DROP CONSTRAINT \"FK_851a3fe261fa8277e855e61f699\"");
    await q.query("DROP INDEX \"public\".\"IDX_premium_instalment_policy_due\"");
    await q.query("DROP INDEX \"public\".\"IDX_d04b0334e513d9df8832595d29\"");
    await q.query("DROP TABLE \"premium_instalment\"");
  }
}
