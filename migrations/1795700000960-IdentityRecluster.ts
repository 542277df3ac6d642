import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The set-based re-cluster's working tables (src/modules/identity/recluster.ts): every live
 * customer's place in the run (`ord`, in id order) with the updated_at it was read at, and the
 * keys its record gives, each as the keyed digest the key table stores (no readable personal
 * value). Unlogged: a run that stops leaves nothing worth keeping, and the next run empties them.
 */
export class IdentityRecluster1795700000960 implements MigrationInterface {
  name = "IdentityRecluster1795700000960";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNLOGGED TABLE "identity_recluster_record" ("ord" integer NOT NULL PRIMARY KEY, "id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL)`);
    await q.query(`CREATE UNLOGGED TABLE "identity_recluster_key" ("kind" character varying(16) NOT NULL, "digest" character(32) NOT NULL, "ord" integer NOT NULL)`);
    // keys are appended in ord order: a block range index finds a range of customers' keys
    await q.query(`CREATE INDEX "IDX_identity_recluster_key_ord" ON "identity_recluster_key" USING brin ("ord")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "identity_recluster_key"`);
    await q.query(`DROP TABLE "identity_recluster_record"`);
  }
}
