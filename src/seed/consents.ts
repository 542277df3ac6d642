import { ConsentPurpose } from "../modules/consent/consent.entity";
import { Channel } from "../modules/customer/customer.enums";
import { MINUTE } from "./clock";
import { instantBetween, type SeedContext } from "./context";
import type { ConsentRow, CustomerSeed } from "./model";

/**
 * Chance of granting at onboarding, of withdrawing a grant later, and of granting a refusal later.
 * MARKETING ends up granted for about 60 %, SENSITIVE_DATA 50 %, PROFILING 70 %.
 */
const DECISIONS: Record<ConsentPurpose, { grant: number; withdraw: number; grantLater: number }> = {
  [ConsentPurpose.MARKETING]: { grant: 0.7, withdraw: 0.15, grantLater: 0.1 },
  [ConsentPurpose.PROFILING]: { grant: 0.75, withdraw: 0.08, grantLater: 0.05 },
  [ConsentPurpose.SENSITIVE_DATA]: { grant: 0.5, withdraw: 0.06, grantLater: 0.06 },
  [ConsentPurpose.THIRD_PARTY_SHARING]: { grant: 0.25, withdraw: 0.2, grantLater: 0.03 },
};
const CAPTURE_CHANNELS = [Channel.APP, Channel.WEB, Channel.BRANCH, Channel.AGENT_VISIT, Channel.WECHAT];

/** Consent history: decisions at onboarding, some changed later, all withdrawn on erasure. */
export function makeConsents(context: SeedContext, customer: CustomerSeed): ConsentRow[] {
  const { random } = context;
  const rows: ConsentRow[] = [];
  const onboarding = Math.min(customer.createdAt + random.int(0, 10) * MINUTE, context.now);
  const until = customer.erasedAt ?? context.now;
  const record = (purpose: ConsentPurpose, granted: boolean, at: number, channel: Channel | null) =>
    rows.push({ id: random.uuid(), customerId: customer.row.id, purpose, granted, channel, contactChannel: null, recordedAt: new Date(at), recordedBy: null });
  const channelFor = () => (customer.row.preferredChannel && random.chance(0.6) ? customer.row.preferredChannel : random.pick(CAPTURE_CHANNELS));

  for (const purpose of Object.values(ConsentPurpose)) {
    const odds = DECISIONS[purpose];
    const granted = random.chance(odds.grant);
    record(purpose, granted, onboarding, channelFor());
    if (random.chance(granted ? odds.withdraw : odds.grantLater) && until - onboarding > MINUTE) {
      record(purpose, !granted, instantBetween(context, onboarding + MINUTE, until), channelFor());
    }
  }
  if (customer.erasedAt !== null) {
    for (const purpose of Object.values(ConsentPurpose)) record(purpose, false, customer.erasedAt, null);
  }
  return rows;
}
