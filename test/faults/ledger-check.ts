import type { Client } from "pg";
import type { Ledger } from "./service-load";

/**
 * Compares what the service acknowledged with what the database holds after the drill. Returns
 * every discrepancy in words (empty = consistent) and the counts for the report.
 */

export interface LedgerComparison {
  discrepancies: string[];
  counts: {
    contactsAcknowledged: number;
    contactRowsForAcknowledged: number;
    /** Acknowledged only when sent again with the same key after a failure. */
    contactsAcknowledgedOnRetry: number;
    contactsUnacknowledged: number;
    /** Sent, never acknowledged, yet written (the answer was lost, not the write). */
    contactsWrittenUnacknowledged: number;
    claimsFiledAcknowledged: number;
    claimsCreatedInDrill: number;
    stepsAcknowledged: number;
    stepEventsFound: number;
    stepsUnacknowledged: number;
    stepsWrittenUnacknowledged: number;
  };
}

interface ClaimRow {
  id: string;
  status: string;
  version: number;
  events: { from_status: string | null; to_status: string }[];
}

/** The events of a claim as one chain REPORTED → … → status, or why they are not. */
function chainProblem(claim: ClaimRow): string | undefined {
  let at: string | null = null;
  const left = [...claim.events];
  while (left.length > 0) {
    const index = left.findIndex((event) => event.from_status === at);
    if (index < 0) return `events do not chain from ${at ?? "nothing"}: ${JSON.stringify(left)}`;
    at = left.splice(index, 1)[0].to_status;
  }
  if (at !== claim.status) return `status ${claim.status} but the last event moved it to ${at}`;
  if (claim.version !== claim.events.length) return `version ${claim.version} with ${claim.events.length} events`;
  return undefined;
}

/** Every drill contact's subject: this prefix and its idempotency key (service-load.ts writes it). */
export const CONTACT_SUBJECT_PREFIX = "Restart drill call ";

export async function compareLedger(client: Client, ledger: Ledger, keyPrefix: string, claimsBefore: Set<string>): Promise<LedgerComparison> {
  const discrepancies: string[] = [];
  // stored keys are digests scoped to their author (src/shared/idempotency.ts): the drill's key is read back from the subject it wrote
  const { rows: contactRows } = await client.query<{ id: string; subject: string; customer_id: string }>(
    `SELECT id, subject, customer_id FROM interaction WHERE subject LIKE $1`,
    [`${CONTACT_SUBJECT_PREFIX}${keyPrefix}-%`],
  );
  const rowsByKey = new Map<string, typeof contactRows>();
  for (const row of contactRows) {
    const key = row.subject.slice(CONTACT_SUBJECT_PREFIX.length);
    rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row]);
  }

  let contactsAcknowledged = 0;
  let contactRowsForAcknowledged = 0;
  let contactsWrittenUnacknowledged = 0;
  for (const [key, contact] of ledger.contacts) {
    const rows = rowsByKey.get(key) ?? [];
    if (contact.acknowledgedId) {
      contactsAcknowledged += 1;
      contactRowsForAcknowledged += rows.length;
      const row = rows[0];
      if (rows.length !== 1) discrepancies.push(`contact ${key}: acknowledged, ${rows.length} rows`);
      else if (row.id !== contact.acknowledgedId || row.subject !== contact.subject || row.customer_id !== contact.customerId) {
        discrepancies.push(`contact ${key}: the row differs from the acknowledged contact`);
      }
    } else {
      if (rows.length > 1) discrepancies.push(`contact ${key}: unacknowledged, ${rows.length} rows`);
      contactsWrittenUnacknowledged += rows.length;
    }
  }
  for (const key of rowsByKey.keys()) if (!ledger.contacts.has(key)) discrepancies.push(`contact ${key}: a row nobody sent`);

  const { rows: claimRows } = await client.query<ClaimRow>(
    `SELECT c.id, c.status, c.version,
            coalesce(json_agg(json_build_object('from_status', e.from_status, 'to_status', e.to_status)) FILTER (WHERE e.id IS NOT NULL), '[]') AS events
     FROM claim c LEFT JOIN claim_event e ON e.claim_id = c.id
     GROUP BY c.id`,
  );
  const claims = new Map(claimRows.filter((claim) => !claimsBefore.has(claim.id)).map((claim) => [claim.id, claim]));
  // atomicity: every claim written during the drill has exactly the events of its status and version
  for (const claim of claims.values()) {
    const problem = chainProblem(claim);
    if (problem) discrepancies.push(`claim ${claim.id}: ${problem}`);
  }
  for (const filed of ledger.filedClaims) {
    if (!claims.has(filed.claimId)) discrepancies.push(`claim ${filed.claimId}: filing acknowledged, no such claim`);
  }

  let stepEventsFound = 0;
  const lastAcknowledged = new Map<string, { to: string; version: number }>();
  for (const step of ledger.acknowledgedSteps) {
    const claim = claims.get(step.claimId);
    const events = claim?.events.filter((event) => event.from_status === step.from && event.to_status === step.to) ?? [];
    stepEventsFound += events.length;
    if (events.length !== 1) discrepancies.push(`claim ${step.claimId}: step ${step.from} → ${step.to} acknowledged, ${events.length} events`);
    if (claim && claim.version < step.version) discrepancies.push(`claim ${step.claimId}: at version ${claim.version}, acknowledged ${step.version}`);
    lastAcknowledged.set(step.claimId, { to: step.to, version: step.version });
  }
  const unsure = new Set(ledger.unacknowledgedSteps.map((step) => step.claimId));
  for (const [claimId, last] of lastAcknowledged) {
    const claim = claims.get(claimId);
    if (claim && !unsure.has(claimId) && (claim.status !== last.to || claim.version !== last.version)) {
      discrepancies.push(`claim ${claimId}: last acknowledged ${last.to} v${last.version}, database ${claim.status} v${claim.version}`);
    }
  }
  let stepsWrittenUnacknowledged = 0;
  for (const step of ledger.unacknowledgedSteps) {
    const claim = claims.get(step.claimId);
    if (!claim) continue;
    const written = claim.events.some((event) => event.from_status === step.from && event.to_status === step.to);
    if (written) stepsWrittenUnacknowledged += 1;
    // all or nothing: either still at the step's start, or moved with its event and one version more
    const expected = written ? { status: step.to, version: step.fromVersion + 1 } : { status: step.from, version: step.fromVersion };
    if (claim.status !== expected.status || claim.version !== expected.version) {
      discrepancies.push(`claim ${step.claimId}: unacknowledged ${step.from} → ${step.to}, database ${claim.status} v${claim.version}`);
    }
  }

  return {
    discrepancies,
    counts: {
      contactsAcknowledged,
      contactRowsForAcknowledged,
      contactsAcknowledgedOnRetry: [...ledger.contacts.values()].filter((contact) => contact.acknowledgedId && contact.sent > 1).length,
      contactsUnacknowledged: ledger.contacts.size - contactsAcknowledged,
      contactsWrittenUnacknowledged,
      claimsFiledAcknowledged: ledger.filedClaims.length,
      claimsCreatedInDrill: claims.size,
      stepsAcknowledged: ledger.acknowledgedSteps.length,
      stepEventsFound,
      stepsUnacknowledged: ledger.unacknowledgedSteps.length,
      stepsWrittenUnacknowledged,
    },
  };
}
