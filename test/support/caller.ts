import type { DataSource } from "typeorm";
import { staffIdFor } from "../../src/modules/staff/staff-id";

/**
 * A passed caller verification of `customerId` by a contact-centre representative, as verifyCaller
 * leaves it (test/caller-verification.spec.ts tests the step itself): the customer is in that
 * representative's row scope for 30 minutes, so generated per-role tests reach the subject as
 * SERVICE_REP the way every other role does.
 */
export async function openToServiceRep(db: DataSource, customerIds: readonly string[], username = "rep1"): Promise<void> {
  await db.query(
    `INSERT INTO caller_verification (staff_id, customer_id, identified_by, checked_facts, passed, verified_at, expires_at)
     SELECT $1, t.id, 'CUSTOMER_NUMBER', ARRAY['DATE_OF_BIRTH', 'NATIONAL_ID_LAST4'], true, now(), now() + interval '30 minutes' FROM unnest($2::uuid[]) t(id)`,
    [staffIdFor(username), customerIds],
  );
}
