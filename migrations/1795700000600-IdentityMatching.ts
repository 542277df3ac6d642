import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Identity resolution: blocking keys per customer (keyed digests only), the link table that
 * groups records into one person without changing them, and the score, explanation and decision
 * of each reviewed candidate pair.
 */
export class IdentityMatching1795700000600 implements MigrationInterface {
  name = "IdentityMatching1795700000600";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE \"customer_match_key\" (\"kind\" character varying(16) NOT NULL, \"digest\" character(32) NOT NULL, \"customer_id\" uuid NOT NULL, CONSTRAINT \"PK_customer_match_key\" PRIMARY KEY (\"kind\", \"digest\", \"customer_id\"))",
    );
    await q.query("CREATE INDEX \"IDX_customer_match_key_customer\" ON \"customer_match_key\" (\"customer_id\") ");
    await q.query(
      "ALTER TABLE \"customer_match_key\" ADD CONSTRAINT \"FK_customer_match_key_customer\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION",
    );
    await q.query(
      "CREATE TABLE \"person_link\" (\"customer_id\" uuid NOT NULL, \"person_id\" uuid NOT NULL, \"linked_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"linked_by_id\" uuid, \"candidate_id\" uuid, CONSTRAINT \"PK_person_link\" PRIMARY KEY (\"customer_id\"))",
    );
    await q.query("CREATE INDEX \"IDX_person_link_person\" ON \"person_link\" (\"person_id\") ");
    await q.query(
      "ALTER TABLE \"person_link\" ADD CONSTRAINT \"FK_person_link_customer\" FOREIGN KEY (\"customer_id\") REFERENCES \"customer\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION",
    );
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD \"score\" double precision");
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD \"match_weight\" double precision");
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD \"match_explanation\" jsonb");
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD \"decided_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD \"decided_by_id\" uuid");
    await q.query("ALTER TABLE \"duplicate_candidate\" ADD \"decision_reason\" character varying(200)");
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const column of ["decision_reason", "decided_by_id", "decided_at", "match_explanation", "match_weight", "score"]) {
      await q.query(`ALTER TABLE "duplicate_candidate" DROP COLUMN "${column}"`);
    }
    await q.query("DROP TABLE \"person_link\"");
    await q.query("DROP TABLE \"customer_match_key\"");
  }
}
