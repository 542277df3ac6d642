import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Source identity: (entity kind, source system, source id) → record, several keys per record.
 * Customers that exist already were written through the API or the seed: they get their
 * (customer360, id) key here, as createCustomer gives it from now on.
 */
export class SourceKey1795700000300 implements MigrationInterface {
  name = "SourceKey1795700000300";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"source_key\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"entity_kind\" character varying(20) NOT NULL, \"record_id\" uuid NOT NULL, \"source_system\" character varying(40) NOT NULL, \"source_id\" character varying(100) NOT NULL, \"content_digest\" character varying(64), \"first_seen_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_seen_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_source_key_source\" UNIQUE (\"entity_kind\", \"source_system\", \"source_id\"), CONSTRAINT \"PK_a37f1f7364cdb7b729b6d63ccc0\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_source_key_record\" ON \"source_key\" (\"record_id\") ");
    await q.query(`INSERT INTO source_key (entity_kind, record_id, source_system, source_id, first_seen_at, last_seen_at)
      SELECT 'customer', id, 'customer360', id::text, created_at, created_at FROM customer`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"public\".\"IDX_source_key_record\"");
    await q.query("DROP TABLE \"source_key\"");
  }
}
