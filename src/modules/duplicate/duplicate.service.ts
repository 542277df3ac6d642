import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { pageRequest, toConnection, type Page, type PageArgs } from "../../shared/pagination";
import type { Customer } from "../customer/customer.entity";
import { keysetColumn } from "../../db/keyset";
import { DuplicateCandidate, DuplicateReason } from "./duplicate-candidate.entity";
import { DuplicateCandidateConnection } from "./duplicate.types";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";

/**
 * Flags every other customer with the same national-id blind index as a duplicate candidate of
 * `customerId`. One statement whether or not a match exists, so the write costs the same either
 * way; a pair already flagged (in either direction) is not flagged again.
 */
export function flagNationalIdDuplicates(manager: EntityManager, customerId: string, nationalIdHash: string): Promise<void> {
  return flagNationalIdDuplicatesOf(manager, [customerId], [nationalIdHash]);
}

/**
 * The same for many written customers in one statement (the bulk import): two of them with the
 * same id are flagged once, from the later id to the earlier. One index probe per written id
 * (LATERAL, kept apart by OFFSET 0): as a join, a generic plan on stale statistics hashed the
 * batch and scanned every customer, once per import batch.
 */
export async function flagNationalIdDuplicatesOf(manager: EntityManager, customerIds: string[], nationalIdHashes: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await manager.query(
    `INSERT INTO duplicate_candidate (customer_id, candidate_customer_id, reason)
     SELECT w.id, c.id, $3::varchar FROM unnest($1::uuid[], $2::varchar[]) AS w(id, hash)
     CROSS JOIN LATERAL (SELECT c1.id FROM customer c1 WHERE c1.national_id_hash = w.hash AND c1.id <> w.id OFFSET 0) c
     WHERE NOT (c.id = ANY($1::uuid[]) AND c.id > w.id)
       AND NOT EXISTS (SELECT 1 FROM duplicate_candidate d
                       WHERE d.customer_id = c.id AND d.candidate_customer_id = w.id AND d.reason = $3::varchar)
     ON CONFLICT DO NOTHING`,
    [customerIds, nationalIdHashes, DuplicateReason.NATIONAL_ID],
  );
}

const DETECTED_AT = keysetColumn("d.detected_at", "timestamptz");

/** Candidate pairs, newest first (keyset pagination); COMPLIANCE and ADMIN only, by the shield. */
export async function listDuplicateCandidates(ctx: RequestContext, args: PageArgs) {
  const page = pageRequest(args, ctx.cursors.list("duplicateCandidates:detectedAt:DESC"));
  const repository = ctx.db.getRepository(DuplicateCandidate);
  const query = repository.createQueryBuilder("d");
  if (page.after) {
    query.where(`(${DETECTED_AT}, d.id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`, { afterAt: page.after.value, afterId: page.after.id });
  }
  const rows = await query.orderBy(DETECTED_AT, "DESC").addOrderBy("d.id", "DESC").limit(page.first + 1).getMany();
  const result: Page<DuplicateCandidate> = {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    cursorOf: (pair) => page.cursors.encode({ value: pair.detectedAt.toISOString(), id: pair.id }),
    count: () => repository.count(),
  };
  return toConnection(result, DuplicateCandidateConnection);
}

export function customerOfPair(ctx: RequestContext, customerId: string): Promise<Customer | null> {
  return ctx.loaders.byId(CUSTOMER_BY_ID).load(customerId);
}
