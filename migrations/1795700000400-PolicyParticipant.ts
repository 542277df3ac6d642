import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Policy participants: policyholder, insured persons, beneficiaries (share, order) and payer, each a customer or a named person
 * (national id sealed as the customer's). `customer_id` is the policyholder, as on every policy row.
 */
export class PolicyParticipant1795700000400 implements MigrationInterface {
  name = "PolicyParticipant1795700000400";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"policy_participant\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"policy_id\" uuid NOT NULL, \"customer_id\" uuid NOT NULL, \"role\" character varying(12) NOT NULL, \"participant_customer_id\" uuid, \"name\" character varying(200), \"date_of_birth\" date, \"national_id_encrypted\" text, \"national_id_hash\" character varying(64), \"relationship\" character varying(12), \"share_percent\" smallint, \"ordinal\" smallint NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_30174d343e8a0a6ff7206981450\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_537684458e6dfa0681be74d8e9\" ON \"policy_participant\" (\"policy_id\") ");
    await q.query("CREATE INDEX \"IDX_250a9d5311b992758ff01f57a4\" ON \"policy_participant\" (\"customer_id\") ");
    await q.query("CREATE INDEX \"IDX_34d0f66a9f61f7a0bbcddc2f52\" ON \"policy_participant\" (\"participant_customer_id\") ");
    await q.query("ALTER TABLE \"policy_participant\" ADD CONSTRAINT \"FK_537684458e6dfa0681be74d8e97\" FOREIGN KEY (\"policy_id\") REFERENCES \"policy\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"policy_participant\" ADD CONSTRAINT \"FK_250a9d5311b992758ff01f57a46\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"policy_participant\" ADD CONSTRAINT \"FK_34d0f66a9f61f7a0bbcddc2f520\" FOREIGN KEY (\"participant_customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    // the beneficiaries of each order of a policy share 100 % of the benefit: checked at commit, so that
    // a designation is written as a whole (every writer: the API, imports, the seed)
    await q.query(`CREATE FUNCTION policy_beneficiary_shares_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        checked uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.policy_id ELSE NEW.policy_id END;
        bad record;
      BEGIN
        SELECT ordinal, sum(share_percent) AS total, count(*) FILTER (WHERE share_percent IS NULL) AS missing INTO bad
          FROM policy_participant WHERE policy_id = checked AND role = 'BENEFICIARY'
          GROUP BY ordinal HAVING sum(share_percent) IS DISTINCT FROM 100 OR count(*) FILTER (WHERE share_percent IS NULL) > 0
          ORDER BY ordinal LIMIT 1;
        IF FOUND AND bad.missing > 0 THEN
          RAISE EXCEPTION 'a beneficiary of policy % (order %) has no share', checked, bad.ordinal
            USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_policy_participant_beneficiary_shares';
        ELSIF FOUND THEN
          RAISE EXCEPTION 'beneficiary shares of policy % (order %) sum to %, not 100', checked, bad.ordinal, bad.total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'CHK_policy_participant_beneficiary_shares';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER "TRG_policy_participant_shares_write" AFTER INSERT OR UPDATE ON "policy_participant"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.role = 'BENEFICIARY') EXECUTE FUNCTION policy_beneficiary_shares_check()`);
    await q.query(`CREATE CONSTRAINT TRIGGER "TRG_policy_participant_shares_leave" AFTER UPDATE OR DELETE ON "policy_participant"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.role = 'BENEFICIARY') EXECUTE FUNCTION policy_beneficiary_shares_check()`);
    await q.query(`ALTER TABLE "policy_participant" ADD CONSTRAINT "CHK_policy_participant_share" CHECK ("share_percent" IS NULL OR "share_percent" BETWEEN 1 AND 100)`);
    await q.query(`ALTER TABLE "policy_participant" ADD CONSTRAINT "CHK_policy_participant_identity" CHECK ("participant_customer_id" IS NOT NULL OR "name" IS NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "policy_participant" DROP CONSTRAINT "CHK_policy_participant_identity"`);
    await q.query(`ALTER TABLE "policy_participant" DROP CONSTRAINT "CHK_policy_participant_share"`);
    await q.query(`DROP TRIGGER "TRG_policy_participant_shares_leave" ON "policy_participant"`);
    await q.query(`DROP TRIGGER "TRG_policy_participant_shares_write" ON "policy_participant"`);
    await q.query(`DROP FUNCTION policy_beneficiary_shares_check()`);
    await q.query("ALTER TABLE \"policy_participant\" DROP CONSTRAINT \"FK_34d0f66a9f61f7a0bbcddc2f520\"");
    await q.query("ALTER TABLE \"policy_participant\" DROP CONSTRAINT \"FK_250a9d5311b992758ff01f57a46\"");
    await q.query("ALTER TABLE \"policy_participant\" DROP CONSTRAINT \"FK_537684458e6dfa0681be74d8e97\"");
    await q.query("DROP INDEX \"public\".\"IDX_34d0f66a9f61f7a0bbcddc2f52\"");
    await q.query("DROP INDEX \"public\".\"IDX_250a9d5311b992758ff01f57a4\"");
    await q.query("DROP INDEX \"public\".\"IDX_537684458e6dfa0681be74d8e9\"");
    await q.query("DROP TABLE \"policy_participant\"");
  }
}
