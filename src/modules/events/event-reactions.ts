import type { EntityManager } from "typeorm";
import { deriveAlerts } from "../alerts/alert-derivation";
import { reassessAfterClaims } from "../risk/claim-reassessment";

/**
 * What the system itself does with a batch of committed events as the dispatcher hands them out,
 * in the fan-out's transaction (so it happens once per event, with its publication): filed claims
 * re-assess their customers' risk (whose risk.assessed events go out in a later pass), and
 * complaint-deadline and risk events raise service alerts.
 */
export async function reactToEvents(manager: EntityManager, eventIds: readonly string[], now: Date): Promise<void> {
  await reassessAfterClaims(manager, eventIds, now);
  await deriveAlerts(manager, eventIds, now);
}
