import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Insured objects: a vehicle, a property or a person (a participant) per policy.
 */
export class InsuredObject1795700000401 implements MigrationInterface {
  name = "InsuredObject1795700000401";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"insured_object\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"policy_id\" uuid NOT NULL, \"customer_id\" uuid NOT NULL, \"kind\" character varying(10) NOT NULL, \"plate\" character varying(16), \"vin\" character varying(17), \"make\" character varying(40), \"model\" character varying(60), \"year\" smallint, \"address\" character varying(300), \"city\" character varying(80), \"region\" character varying(80), \"construction_year\" smallint, \"sum_insured\" bigint, \"currency\" character(3) NOT NULL DEFAULT 'CNY', \"participant_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9ee0b5df40716b11864ce45c97b\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_82177808be2acd96714f10618a\" ON \"insured_object\" (\"policy_id\") ");
    await q.query("CREATE INDEX \"IDX_8972296c700ef8e60dae9d4331\" ON \"insured_object\" (\"customer_id\") ");
    await q.query("ALTER TABLE \"insured_object\" ADD CONSTRAINT \"FK_82177808be2acd96714f10618a3\" FOREIGN KEY (\"policy_id\") REFERENCES \"policy\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"insured_object\" ADD CONSTRAINT \"FK_8972296c700ef8e60dae9d4331c\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"insured_object\" ADD CONSTRAINT \"FK_f72e4705dc8887758cbf76cacbd\" FOREIGN KEY (\"participant_id\") REFERENCES \"policy_participant\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"insured_object\" DROP CONSTRAINT \"FK_f72e4705dc8887758cbf76cacbd\"");
    await q.query("ALTER TABLE \"insured_object\" DROP CONSTRAINT \"FK_8972296c700ef8e60dae9d4331c\"");
    await q.query("ALTER TABLE \"insured_object\" DROP CONSTRAINT \"FK_82177808be2acd96714f10618a3\"");
    await q.query("DROP INDEX \"public\".\"IDX_8972296c700ef8e60dae9d4331\"");
    await q.query("DROP INDEX \"public\".\"IDX_82177808be2acd96714f10618a\"");
    await q.query("DROP TABLE \"insured_object\"");
  }
}
