import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The customers a running import job wrote risk facts of (src/modules/importing/import-job-customer.entity.ts):
 * the job's risk pass reads them instead of scanning every customer for recent changes.
 */
export class ImportJobCustomers1795700000961 implements MigrationInterface {
  name = "ImportJobCustomers1795700000961";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "import_job_customer" ("job_id" uuid NOT NULL, "customer_id" uuid NOT NULL, CONSTRAINT "PK_import_job_customer" PRIMARY KEY ("job_id", "customer_id"))`);
    await q.query(
      `ALTER TABLE "import_job_customer" ADD CONSTRAINT "FK_import_job_customer_job" FOREIGN KEY ("job_id") REFERENCES "import_job"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "import_job_customer" ADD CONSTRAINT "FK_import_job_customer_customer" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "import_job_customer"`);
  }
}
