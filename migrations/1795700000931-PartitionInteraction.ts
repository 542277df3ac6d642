import type { MigrationInterface, QueryRunner } from "typeorm";
import { addReferenceTriggers, createReferenceFunctions, dropReferenceTriggers, INTERACTION_PARTITIONS, PARTITION_REFERENCES, partitionTable, unpartitionTable } from "../src/db/partitions";

/** The foreign keys to interaction(id) that triggers replace (the idempotency claims have no foreign key before). */
const REFERENCES = PARTITION_REFERENCES.filter((ref) => ref.parent === "interaction" && ref.checked);

/**
 * `interaction` partitioned by month on `occurred_at` (src/db/partitions.ts); the primary key
 * becomes (id, occurred_at). What a partitioned table cannot hold moves out:
 * - the idempotency key's uniqueness (a unique index there must include occurred_at) to
 *   `interaction_idempotency`, one row per key, claimed by a trigger in the inserting transaction
 *   (a second interaction under a taken key fails with unique_violation, as the index did);
 * - the foreign keys to interaction(id) from complaint, service_case and service_task to
 *   triggers with the same ON DELETE (PARTITION_REFERENCES).
 */
export class PartitionInteraction1795700000931 implements MigrationInterface {
  name = "PartitionInteraction1795700000931";

  public async up(q: QueryRunner): Promise<void> {
    await createReferenceFunctions(q);
    for (const ref of REFERENCES) await q.query(`ALTER TABLE "${ref.child}" DROP CONSTRAINT "${ref.name}"`);
    await partitionTable(q, INTERACTION_PARTITIONS, new Date());
    await q.query(`ALTER TABLE "interaction" ADD CONSTRAINT "PK_9204371ccb2c9dab5428b406413" PRIMARY KEY ("id", "occurred_at")`);
    await this.indexesAndKeys(q);
    await q.query(`CREATE TABLE "interaction_idempotency" (
      "idempotency_key" character varying(100) NOT NULL,
      "interaction_id" uuid NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_interaction_idempotency" PRIMARY KEY ("idempotency_key"))`);
    await q.query(`CREATE INDEX "IDX_interaction_idempotency_interaction" ON "interaction_idempotency" ("interaction_id")`);
    await q.query(`INSERT INTO "interaction_idempotency" ("idempotency_key", "interaction_id", "occurred_at")
      SELECT "idempotency_key", "id", "occurred_at" FROM "interaction" WHERE "idempotency_key" IS NOT NULL`);
    // The claim: a key held by another interaction is refused; the inserting service may have claimed it for this one already (insertOnce).
    await q.query(`CREATE FUNCTION interaction_idempotency_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.idempotency_key IS DISTINCT FROM NEW.idempotency_key THEN
          DELETE FROM interaction_idempotency WHERE idempotency_key = OLD.idempotency_key AND interaction_id = OLD.id;
        END IF;
        IF NEW.idempotency_key IS NOT NULL THEN
          INSERT INTO interaction_idempotency AS k (idempotency_key, interaction_id, occurred_at) VALUES (NEW.idempotency_key, NEW.id, NEW.occurred_at)
            ON CONFLICT (idempotency_key) DO UPDATE SET occurred_at = EXCLUDED.occurred_at WHERE k.interaction_id = EXCLUDED.interaction_id;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'duplicate key value violates unique constraint "PK_interaction_idempotency"'
              USING ERRCODE = 'unique_violation', CONSTRAINT = 'PK_interaction_idempotency', TABLE = 'interaction_idempotency',
                    DETAIL = format('Key (idempotency_key)=(%s) already exists.', NEW.idempotency_key);
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER interaction_idempotency_claim BEFORE INSERT OR UPDATE OF idempotency_key, occurred_at ON "interaction" FOR EACH ROW EXECUTE FUNCTION interaction_idempotency_claim()`);
    await addReferenceTriggers(q, "interaction");
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropReferenceTriggers(q, "interaction");
    await q.query(`DROP TABLE "interaction_idempotency"`);
    await unpartitionTable(q, INTERACTION_PARTITIONS); // the claim trigger goes with the partitioned table
    await q.query(`DROP FUNCTION interaction_idempotency_claim()`);
    await q.query(`ALTER TABLE "interaction" ADD CONSTRAINT "PK_9204371ccb2c9dab5428b406413" PRIMARY KEY ("id")`);
    await q.query(`CREATE UNIQUE INDEX "IDX_56c636cace262cb5a02f0456d3" ON "interaction" ("idempotency_key") WHERE idempotency_key IS NOT NULL`);
    await this.indexesAndKeys(q);
    for (const ref of REFERENCES) {
      await q.query(`ALTER TABLE "${ref.child}" ADD CONSTRAINT "${ref.name}" FOREIGN KEY ("${ref.column}") REFERENCES "interaction"("id") ON DELETE ${ref.onDelete} ON UPDATE NO ACTION`);
    }
    await q.query(`DROP FUNCTION partition_reference_check()`);
    await q.query(`DROP FUNCTION partition_reference_release()`);
  }

  private async indexesAndKeys(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_dda93a072f3571c6cbf6cfcdb6" ON "interaction" ("staff_id")`);
    await q.query(`CREATE INDEX "IDX_interaction_time_channel" ON "interaction" ("occurred_at", "channel")`);
    await q.query(`CREATE INDEX "IDX_interaction_customer_time" ON "interaction" ("customer_id", "occurred_at")`);
    await q.query(`ALTER TABLE "interaction" ADD CONSTRAINT "FK_eef24a9f959ed87ca6f639c6d20" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "interaction" ADD CONSTRAINT "FK_dda93a072f3571c6cbf6cfcdb67" FOREIGN KEY ("staff_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }
}
