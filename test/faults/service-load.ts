import { CUSTOMER_LIST, FILE_CLAIM, RECORD_INTERACTION, TRANSITION_CLAIM } from "../support/operations";
import { acknowledged, codeOf, type FaultApp, type TimedResponse } from "./fault-app";
import { CONTACT_SUBJECT_PREFIX } from "./ledger-check";

/**
 * A service desk under load for the restart drill: each desk (worker) records contacts, files
 * claims and walks them through the workflow, and lists customers, writing down every answer.
 * Desks work on disjoint claims, so a CONFLICT can only come from the fault, never from each other.
 */

export const CLAIMED_AMOUNT = 100_000;
const APPROVED_AMOUNT = 90_000;
/** The happy path of a claim; workers step along it with expectedVersion. */
const NEXT_STATUS: Record<string, string | undefined> = { REPORTED: "UNDER_REVIEW", UNDER_REVIEW: "APPROVED", APPROVED: "PAID", PAID: "CLOSED" };

export type Operation = "recordInteraction" | "fileClaim" | "transitionClaim" | "readCustomers";

export interface Attempt {
  desk: number;
  operation: Operation;
  response: TimedResponse;
  ok: boolean;
  code: string | undefined;
}

export interface ContactRequest {
  idempotencyKey: string;
  customerId: string;
  subject: string;
}

export interface ClaimStep {
  claimId: string;
  from: string;
  to: string;
  /** Version the claim was at before the step (sent as expectedVersion). */
  fromVersion: number;
}

export interface Ledger {
  attempts: Attempt[];
  /** Every contact sent, by idempotency key: how often it was sent, the row id once acknowledged. */
  contacts: Map<string, ContactRequest & { sent: number; acknowledgedId?: string }>;
  filedClaims: { claimId: string; policyId: string; customerId: string }[];
  acknowledgedSteps: (ClaimStep & { version: number })[];
  /** A step that failed: its claim is left alone afterwards, its outcome is unknown to the desk. */
  unacknowledgedSteps: ClaimStep[];
  failedFilings: number;
}

export interface Desk {
  index: number;
  adjusterToken: string;
  adminToken: string;
}

export interface Workplace {
  app: FaultApp;
  customers: string[];
  policies: { id: string; incidentDate: string }[];
  ledger: Ledger;
}

export const newLedger = (): Ledger => ({
  attempts: [], contacts: new Map(), filedClaims: [], acknowledgedSteps: [], unacknowledgedSteps: [], failedFilings: 0,
});

function record(ledger: Ledger, desk: Desk, operation: Operation, response: TimedResponse): boolean {
  const ok = acknowledged(response);
  ledger.attempts.push({ desk: desk.index, operation, response, ok, code: ok ? undefined : codeOf(response) });
  return ok;
}

/** One desk's state: the contact it is retrying (same key) and the claim it is walking. */
export class DeskRun {
  private pendingContact: ContactRequest | undefined;
  private claim: { id: string; status: string; version: number } | undefined;
  private contactsSent = 0;
  private turn = 0;

  constructor(
    private readonly place: Workplace,
    readonly desk: Desk,
    private readonly keyPrefix: string,
  ) {}

  /** One request: contacts, claim steps and reads in turn. */
  async step(): Promise<void> {
    const turn = this.turn++;
    const kind = turn % 5;
    if (kind === 0 || kind === 3) await this.recordContact();
    else if (kind === 1 || kind === 4) await this.moveClaim();
    else await this.readCustomers();
  }

  async recordContact(): Promise<boolean> {
    const { app, customers, ledger } = this.place;
    if (!this.pendingContact) {
      const n = this.contactsSent++;
      const idempotencyKey = `${this.keyPrefix}-d${this.desk.index}-${n}`;
      this.pendingContact = {
        idempotencyKey,
        customerId: customers[(this.desk.index * 7 + n) % customers.length],
        subject: `${CONTACT_SUBJECT_PREFIX}${idempotencyKey}`,
      };
      ledger.contacts.set(idempotencyKey, { ...this.pendingContact, sent: 0 });
    }
    const contact = this.pendingContact;
    ledger.contacts.get(contact.idempotencyKey)!.sent += 1;
    const response = await app.gql(RECORD_INTERACTION, {
      token: this.desk.adminToken,
      variables: { input: { ...contact, channel: "PHONE", kind: "INQUIRY", direction: "INBOUND" } },
    });
    if (!record(ledger, this.desk, "recordInteraction", response)) return false; // retried with the same key next time
    const recorded = response.body!.data!.recordInteraction;
    ledger.contacts.get(contact.idempotencyKey)!.acknowledgedId = recorded.id;
    if (recorded.subject !== contact.subject || recorded.customerId !== contact.customerId) {
      throw new Error(`recordInteraction ${contact.idempotencyKey} answered with another contact`);
    }
    this.pendingContact = undefined;
    return true;
  }

  async moveClaim(): Promise<boolean> {
    const { app, policies, ledger } = this.place;
    const next = this.claim && NEXT_STATUS[this.claim.status];
    if (!this.claim || !next) {
      const policy = policies[(this.desk.index + ledger.filedClaims.length * 3) % policies.length];
      const response = await app.gql(FILE_CLAIM, {
        token: this.desk.adjusterToken,
        variables: { input: { policyId: policy.id, kind: "HOSPITALIZATION", incidentDate: policy.incidentDate, claimedAmount: CLAIMED_AMOUNT, description: "Restart drill." } },
      });
      this.claim = undefined;
      if (!record(ledger, this.desk, "fileClaim", response)) {
        ledger.failedFilings += 1;
        return false;
      }
      const filed = response.body!.data!.fileClaim;
      ledger.filedClaims.push({ claimId: filed.id, policyId: filed.policyId, customerId: filed.customerId });
      this.claim = { id: filed.id, status: filed.status, version: filed.version };
      return true;
    }
    const step: ClaimStep = { claimId: this.claim.id, from: this.claim.status, to: next, fromVersion: this.claim.version };
    const response = await app.gql(TRANSITION_CLAIM, {
      token: this.desk.adjusterToken,
      variables: {
        id: step.claimId,
        to: step.to,
        expectedVersion: step.fromVersion,
        note: `Restart drill: ${step.to}.`,
        ...(step.to === "APPROVED" ? { approvedAmount: APPROVED_AMOUNT } : {}),
      },
    });
    if (!record(ledger, this.desk, "transitionClaim", response)) {
      ledger.unacknowledgedSteps.push(step);
      this.claim = undefined;
      return false;
    }
    const moved = response.body!.data!.transitionClaim;
    ledger.acknowledgedSteps.push({ ...step, version: moved.version });
    this.claim = { id: moved.id, status: moved.status, version: moved.version };
    return true;
  }

  async readCustomers(): Promise<boolean> {
    const response = await this.place.app.gql(CUSTOMER_LIST, { token: this.desk.adminToken, variables: { first: 10 } });
    return record(this.place.ledger, this.desk, "readCustomers", response);
  }
}
