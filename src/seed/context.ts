import { PiiCipher } from "../shared/pii-crypto";
import { atSecond, dayOf, type DayNumber } from "./clock";
import { SeedRandom } from "./random";
import type { StaffDirectory } from "./staff";

/** State shared by the generators during one seed run. */
export interface SeedContext {
  random: SeedRandom;
  /** A second stream for policy participants, insured objects and instalments (added later: the first stream's data stays as it was). */
  policyRandom: SeedRandom;
  cipher: PiiCipher;
  staff: StaffDirectory;
  /** Every generated time is at or before this instant (epoch ms). */
  now: number;
  today: DayNumber;
  /** Running numbers for the human-readable identifiers. */
  serials: { customer: number; policy: number; claim: number };
  /** Resident ids handed out so far, so none is issued twice. */
  residentIds: Set<string>;
}

export function createSeedContext(seed: number, piiKey: string, now: Date, staff: StaffDirectory): SeedContext {
  return {
    random: new SeedRandom(seed),
    policyRandom: new SeedRandom(seed + 0x5eed),
    cipher: new PiiCipher(piiKey),
    staff,
    now: now.getTime(),
    today: dayOf(now.getTime()),
    serials: { customer: 0, policy: 0, claim: 0 },
    residentIds: new Set(),
  };
}

/** A random instant in [from, to), on a whole second. */
export function instantBetween(context: SeedContext, from: number, to: number): number {
  return atSecond(from + context.random.next() * Math.max(0, to - from));
}

export function nextCustomerNumber(context: SeedContext): string {
  context.serials.customer += 1;
  return `C${String(context.serials.customer).padStart(8, "0")}`;
}

export function nextPolicyNumber(context: SeedContext, year: number): string {
  context.serials.policy += 1;
  return `P${year}${String(context.serials.policy).padStart(7, "0")}`;
}

export function nextClaimNumber(context: SeedContext, year: number): string {
  context.serials.claim += 1;
  return `CL${year}${String(context.serials.claim).padStart(7, "0")}`;
}
