import type { MigrationInterface, QueryRunner } from "typeorm";

export class DuplicateCandidate1795700000100 implements MigrationInterface {
  name = "DuplicateCandidate1795700000100";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"duplicate_candidate\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"customer_id\" uuid NOT NULL, \"candidate_customer_id\" uuid NOT NULL, \"reason\" character varying(20) NOT NULL, \"detected_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"status\" character varying(12) NOT NULL DEFAULT 'OPEN', CONSTRAINT \"UQ_duplicate_candidate_pair\" UNIQUE (\"customer_id\", \"candidate_customer_id\", \"reason\"), CONSTRAINT \"PK_c3df4093a8f31b3beaa6f51483b\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_f32778a15cdd895970672fe413\" ON \"duplicate_candidate\" (\"candidate_customer_id\") ");
    await q.query("CREATE INDEX \"IDX_duplicate_candidate_detected\" ON \"duplicate_candidate\" (\"detected_at\", \"id\") ");
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD CONSTRAINT \"FK_88027f01dbb81e8253d1cc790fe\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD CONSTRAINT \"FK_f32778a15cdd895970672fe413b\" FOREIGN KEY (\"candidate_customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"duplicate_candidate\" DROP CONSTRAINT \"FK_f32778a15cdd895970672fe413b\"");
    await q.query("ALTER TABLE \"duplicate_candidate\" DROP CONSTRAINT \"FK_88027f01dbb81e8253d1cc790fe\"");
    await q.query("DROP INDEX \"public\".\"IDX_duplicate_candidate_detected\"");
    await q.query("DROP INDEX \"public\".\"IDX_f32778a15cdd895970672fe413\"");
    await q.query("DROP TABLE \"duplicate_candidate\"");
  }
}
