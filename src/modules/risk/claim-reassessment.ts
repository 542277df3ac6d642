import type { EntityManager } from "typeorm";
import type { HandedOutEvent } from "../events/event-reactions";
import { IMPORT_REQUEST } from "../events/outbox";
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
export async function reassessAfterClaims(manager: EntityManager, events: readonly HandedOutEvent[], now: Date): Promise<number> {
  const customers = new Set<string>();
  for (const event of events) {
    if (event.type === "claim.filed" && event.customerId && !event.requestId?.startsWith(IMPORT_REQUEST)) customers.add(event.customerId);
  }
  if (customers.size === 0) return 0;
  const facts = await loadRiskFacts(manager, [...customers], now);
  const stored = await storeAssessments(manager, facts, now, null, { actorId: null, requestId: CLAIM_REASSESSMENT });
  return stored.length;
}
