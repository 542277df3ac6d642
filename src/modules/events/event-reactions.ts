import type { EntityManager } from "typeorm";
import { deriveAlerts } from "../alerts/alert-derivation";
import { reassessAfterClaims } from "../risk/claim-reassessment";
import type { EventType } from "./event-types";

/** What a reaction needs of a handed-out event (the fan-out holds these already: no second read of the outbox). */
export interface HandedOutEvent {
  id: string;
  type: EventType;
  customerId: string | null;
  requestId: string | null;
}

/**
 * What the system itself does with a batch of committed events as the dispatcher hands them out,
 * in the fan-out's transaction (so it happens once per event, with its publication): filed claims
 * re-assess their customers' risk (whose risk.assessed events go out in a later pass), and
 * complaint-deadline and risk events raise service alerts. Each reaction picks its event types
 * from the batch and sends no statement when there are none.
 */
export async function reactToEvents(manager: EntityManager, events: readonly HandedOutEvent[], now: Date): Promise<void> {
  await reassessAfterClaims(manager, events, now);
  await deriveAlerts(manager, events, now);
}
