import type { EntityManager } from "typeorm";
import { storeAssessments } from "./risk-assessor";
import { loadRiskFacts } from "./risk-facts.query";

/** The request id of the assessments a filed claim causes (no actor: the system re-assesses). */
export const CLAIM_REASSESSMENT = "reaction:claim.filed";

/**
 * A filed claim changes the claims-frequency and claim-severity factors: the customers of the
 * batch's claim.filed events are re-assessed at once (one facts statement, one insert, their
 * risk.assessed events), in the caller's transaction — the dispatcher's fan-out, which marks the
 * claim events published in the same commit, so each filed claim re-assesses its customer once.
 * Claims an import wrote are left out: the import job re-assesses every customer it wrote itself.
 */
export async function reassessAfterClaims(manager: EntityManager, eventIds: readonly string[], now: Date): Promise<number> {
  if (eventIds.length === 0) return 0;
  const customers: { customer_id: string }[] = await manager.query(
    `SELECT DISTINCT customer_id FROM event_outbox WHERE id = ANY($1::uuid[]) AND type = 'claim.filed' AND customer_id IS NOT NULL
        AND (request_id IS NULL OR request_id NOT LIKE 'import:%')`,
    [eventIds],
  );
  if (customers.length === 0) return 0;
  const facts = await loadRiskFacts(manager, customers.map((row) => row.customer_id), now);
  const stored = await storeAssessments(manager, facts, now, null, { actorId: null, requestId: CLAIM_REASSESSMENT });
  return stored.length;
}
