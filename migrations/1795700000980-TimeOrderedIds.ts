import type { MigrationInterface, QueryRunner } from "typeorm";

const TABLES = ["audit_entry", "event_outbox"];

/**
 * Ids that grow with time (src/db/time-ordered-ids.ts) for the two append-only logs partitioned by
 * time, `audit_entry` and `event_outbox`. Their primary keys are (id, time): a random id put every
 * new row on a random leaf page of that index (a read of 100 customers writes 100 audit rows, an
 * import batch 1,000 events); a time-ordered one appends at its right edge. Existing ids stay.
 *
 * The function is plain SQL (PostgreSQL 15 and PGlite have no uuidv7()): a random (version 4) UUID
 * whose first six bytes are replaced by the clock in milliseconds and whose version nibble becomes
 * 7 (bits 52 and 53 set; bytea bit numbering is least significant bit first within each byte).
 */
export class TimeOrderedIds1795700000980 implements MigrationInterface {
  name = "TimeOrderedIds1795700000980";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION time_ordered_uuid() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
      SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
    $$`);
    for (const table of TABLES) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "id" SET DEFAULT time_ordered_uuid()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION time_ordered_uuid()`);
  }
}
