import type { MigrationInterface, QueryRunner } from "typeorm";

/** Bulk import jobs (progress, counts, who ran them) and the rows they refused. */
export class ImportJob1795700000301 implements MigrationInterface {
  name = "ImportJob1795700000301";

  public async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"import_job\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"source_system\" character varying(40) NOT NULL, \"entity\" character varying(20) NOT NULL, \"file_name\" character varying(255) NOT NULL, \"file_size\" bigint NOT NULL, \"created_by\" character varying(120) NOT NULL, \"status\" character varying(12) NOT NULL DEFAULT 'RUNNING', \"processed\" integer NOT NULL DEFAULT '0', \"inserted\" integer NOT NULL DEFAULT '0', \"updated\" integer NOT NULL DEFAULT '0', \"unchanged\" integer NOT NULL DEFAULT '0', \"failed\" integer NOT NULL DEFAULT '0', \"last_line\" integer NOT NULL DEFAULT '0', \"failure\" character varying(300), \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"finished_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_65b4c7eccb8120972a7b8da7682\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_import_job_started\" ON \"import_job\" (\"started_at\", \"id\") ");
    await q.query("CREATE TABLE \"import_error\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"job_id\" uuid NOT NULL, \"line\" integer NOT NULL, \"source_id\" character varying(100), \"field\" character varying(60), \"problem\" character varying(300) NOT NULL, CONSTRAINT \"PK_428e984c525aaecf89a353e83d2\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"IDX_import_error_job_line\" ON \"import_error\" (\"job_id\", \"line\", \"id\") ");
    await q.query("ALTER TABLE \"import_error\" ADD CONSTRAINT \"FK_11b81fb60808b9dd656776b0cdd\" FOREIGN KEY (\"job_id\") REFERENCES \"import_job\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"import_error\" DROP CONSTRAINT \"FK_11b81fb60808b9dd656776b0cdd\"");
    await q.query("DROP INDEX \"public\".\"IDX_import_error_job_line\"");
    await q.query("DROP TABLE \"import_error\"");
    await q.query("DROP INDEX \"public\".\"IDX_import_job_started\"");
    await q.query("DROP TABLE \"import_job\"");
  }
}
