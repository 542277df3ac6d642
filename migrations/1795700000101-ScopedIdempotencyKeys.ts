import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Idempotency keys become scoped to their author and mutation: the stored key is
 * sha256("<mutation>|<author id>|<client key>") in hex (src/shared/idempotency.ts). Keys stored
 * before are rewritten the same way so that a retry of an earlier request still finds its record:
 * a contact's author is its handling staff user, or the customer for their own contact; a claim's
 * author is the actor of its first event, or the customer. The unique indexes stay as they are:
 * uniqueness of the digest is uniqueness per (mutation, author, key).
 */
export class ScopedIdempotencyKeys1795700000101 implements MigrationInterface {
  name = "ScopedIdempotencyKeys1795700000101";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE interaction SET idempotency_key = encode(sha256(convert_to(
         (CASE WHEN kind = 'COMPLAINT' THEN 'fileComplaint' ELSE 'recordInteraction' END) || '|' || coalesce(staff_id, customer_id)::text || '|' || idempotency_key,
         'UTF8')), 'hex')
       WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(
      `UPDATE claim c SET idempotency_key = encode(sha256(convert_to(
         'fileClaim|' || coalesce((SELECT e.actor_id FROM claim_event e WHERE e.claim_id = c.id AND e.from_status IS NULL ORDER BY e.occurred_at LIMIT 1), c.customer_id)::text
           || '|' || c.idempotency_key,
         'UTF8')), 'hex')
       WHERE c.idempotency_key IS NOT NULL`,
    );
  }

  /** A digest cannot be turned back into the client's key: old keys stay scoped (retries after a downgrade write anew). */
  public async down(): Promise<void> {}
}
