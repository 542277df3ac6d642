import { Channel, CustomerKind } from "../modules/customer/customer.enums";
import { INSTALMENTS_PER_YEAR, PolicyStatus, PremiumFrequency } from "../modules/policy/policy.entity";
import { ProductLine } from "../modules/product/product.entity";
import { PRODUCTS, type ProductSpec } from "./catalogue";
import { addYears, DAY, dayOf, HOUR, isoDate, startOfDay, yearOf, type DayNumber } from "./clock";
import { instantBetween, nextPolicyNumber, type SeedContext } from "./context";
import { LINE_PROFILES } from "./lines";
import type { CoverageRow, CustomerSeed, PolicySeed } from "./model";
import type { Weighted } from "./random";

const PERSON_POLICIES: Weighted<number> = [[0, 15], [1, 30], [2, 25], [3, 15], [4, 10], [5, 5]];
const MINOR_POLICIES: Weighted<number> = [[0, 30], [1, 50], [2, 20]];
const ORGANISATION_POLICIES: Weighted<number> = [[1, 30], [2, 30], [3, 20], [4, 12], [5, 8]];
const STATUSES: Weighted<PolicyStatus> = [
  [PolicyStatus.ACTIVE, 55], [PolicyStatus.EXPIRED, 18], [PolicyStatus.LAPSED, 8], [PolicyStatus.CANCELLED, 7], [PolicyStatus.QUOTED, 12],
];
const PERSON_SALES_CHANNELS: Weighted<Channel> = [
  [Channel.AGENT_VISIT, 40], [Channel.APP, 14], [Channel.BRANCH, 12], [Channel.WECHAT, 12], [Channel.WEB, 8],
  [Channel.PHONE, 8], [Channel.HOTLINE, 3], [Channel.EMAIL, 2], [Channel.SOCIAL, 1],
];
const ORGANISATION_SALES_CHANNELS: Weighted<Channel> = [[Channel.AGENT_VISIT, 70], [Channel.BRANCH, 15], [Channel.EMAIL, 10], [Channel.PHONE, 5]];

interface CoverPeriod {
  status: PolicyStatus;
  start: DayNumber;
  end: DayNumber;
  /** Last day of cover: the end date, or the day a lapse or cancellation took effect. */
  coverTo: DayNumber;
}

function eligibleProducts(customer: CustomerSeed): ProductSpec[] {
  return PRODUCTS.filter(
    (product) =>
      product.customerKinds.includes(customer.kind) &&
      (customer.age === null || ((product.minAge ?? 0) <= customer.age && customer.age <= (product.maxAge ?? 120))),
  );
}

function endOfTerm(context: SeedContext, product: ProductSpec, start: DayNumber): DayNumber {
  if ("years" in product.term) return addYears(start, product.term.years) - 1;
  const [shortest, longest] = product.term.days;
  return start + context.random.int(shortest, longest) - 1;
}

/** Latest start whose term has ended before today, and earliest start still in force today. */
function startBounds(context: SeedContext, product: ProductSpec): { lastEnded: DayNumber; firstInForce: DayNumber } {
  const { today } = context;
  if ("years" in product.term) {
    return { lastEnded: addYears(today, -product.term.years) - 1, firstInForce: addYears(today, -product.term.years) + 1 };
  }
  return { lastEnded: today - product.term.days[1], firstInForce: today - product.term.days[0] + 1 };
}

/** Places a policy of the wanted status in time; falls back to ACTIVE when the customer is too new. */
function coverPeriod(context: SeedContext, product: ProductSpec, wanted: PolicyStatus, joined: DayNumber, single: boolean): CoverPeriod {
  const { random, today } = context;
  const { lastEnded, firstInForce } = startBounds(context, product);
  if (wanted === PolicyStatus.QUOTED) {
    const start = today + random.int(3, 45);
    const end = endOfTerm(context, product, start);
    return { status: wanted, start, end, coverTo: end };
  }
  if (wanted === PolicyStatus.EXPIRED && joined <= lastEnded) {
    const start = random.int(joined, lastEnded);
    const end = Math.min(endOfTerm(context, product, start), today - 1);
    return { status: wanted, start, end, coverTo: end };
  }
  const stoppable = (wanted === PolicyStatus.LAPSED && !single) || wanted === PolicyStatus.CANCELLED;
  const latestStart = today - (wanted === PolicyStatus.LAPSED ? 90 : 30);
  if (stoppable && joined <= latestStart) {
    const start = random.int(joined, latestStart);
    const term = endOfTerm(context, product, start) - start;
    const minimumRun = wanted === PolicyStatus.LAPSED ? 60 : 1;
    const stop = start + random.int(minimumRun, Math.max(minimumRun, Math.min(term, today - 1 - start)));
    return { status: wanted, start, end: stop, coverTo: stop };
  }
  const start = random.int(Math.max(joined, firstInForce), today);
  const end = Math.max(endOfTerm(context, product, start), today);
  return { status: PolicyStatus.ACTIVE, start, end, coverTo: today };
}

function sumInsuredYuan(context: SeedContext, product: ProductSpec, minor: boolean): number {
  const [low, high] = product.sumInsured;
  const top = minor ? Math.sqrt(low * high) : high;
  const amount = low * Math.pow(top / low, context.random.next());
  const step = amount >= 1_000_000 ? 100_000 : 10_000;
  return Math.max(low, Math.round(amount / step) * step);
}

/** Annual premium in yuan: base price scaled by cover, age and occupational class. */
function annualPremiumYuan(context: SeedContext, product: ProductSpec, customer: CustomerSeed, sumInsured: number): number {
  const age = customer.age ?? 40;
  const ageRated = [ProductLine.LIFE, ProductLine.CRITICAL_ILLNESS, ProductLine.HEALTH].includes(product.line);
  const classRated = [ProductLine.LIFE, ProductLine.ACCIDENT].includes(product.line);
  const ageLoading = ageRated && customer.kind === CustomerKind.INDIVIDUAL ? 1 + Math.max(0, age - 30) * 0.035 : 1;
  const classLoading = classRated ? 1 + ((customer.row.occupationClass ?? 1) - 1) * 0.25 : 1;
  const scale = Math.pow(sumInsured / product.sumInsured[0], 0.75);
  return (product.basePremium / 100) * scale * ageLoading * classLoading * context.random.real(0.9, 1.1);
}

function instalment(annualYuan: number, frequency: PremiumFrequency, product: ProductSpec): number {
  const years = "years" in product.term ? Math.min(product.term.years, 10) : 1;
  const yuan = frequency === PremiumFrequency.SINGLE ? annualYuan * (years > 1 ? years * 0.9 : 1) : annualYuan / INSTALMENTS_PER_YEAR[frequency];
  return Math.max(10, Math.round(yuan)) * 100;
}

function makeCoverages(context: SeedContext, product: ProductSpec, policyId: string, customerId: string, sumInsured: number): CoverageRow[] {
  const [main, ...riders] = LINE_PROFILES[product.line].coverages;
  const chosen = [main, ...context.random.sample(riders, context.random.int(0, Math.min(3, riders.length)))];
  return chosen.map((cover) => ({
    id: context.random.uuid(),
    policyId,
    customerId,
    kind: cover.kind,
    limitAmount: Math.max(100, Math.round(sumInsured * cover.limitShare) * 100),
    deductible: cover.deductibleYuan * 100,
    currency: "CNY",
  }));
}

export function makePolicies(context: SeedContext, customer: CustomerSeed): PolicySeed[] {
  const { random } = context;
  if (customer.erasedAt !== null) return [];
  const products = eligibleProducts(customer);
  const counts = customer.kind !== CustomerKind.INDIVIDUAL ? ORGANISATION_POLICIES : customer.minor ? MINOR_POLICIES : PERSON_POLICIES;
  const count = products.length === 0 ? 0 : random.weighted(counts);
  const choices = products.map((product) => [product, product.targetTiers.includes(customer.row.serviceTier) ? 3 : 1] as const);
  const joined = dayOf(customer.createdAt);
  const policies: PolicySeed[] = [];
  for (let i = 0; i < count; i++) {
    const product = random.weighted(choices);
    const frequency = random.weighted(product.frequencies);
    const period = coverPeriod(context, product, random.weighted(STATUSES), joined, frequency === PremiumFrequency.SINGLE);
    const sumInsured = sumInsuredYuan(context, product, customer.minor);
    const premium = instalment(annualPremiumYuan(context, product, customer, sumInsured), frequency, product);
    const quoted = period.status === PolicyStatus.QUOTED;
    const createdAt = quoted
      ? instantBetween(context, Math.max(customer.createdAt, context.now - 14 * DAY), context.now)
      : Math.max(customer.createdAt, instantBetween(context, startOfDay(period.start) - 20 * DAY, startOfDay(period.start) - HOUR));
    const ended = period.status !== PolicyStatus.ACTIVE && !quoted;
    const updatedAt = ended ? startOfDay(period.coverTo + 1) : quoted || random.chance(0.5) ? createdAt : instantBetween(context, createdAt, context.now);
    const id = random.uuid();
    policies.push({
      product,
      coverFrom: period.start,
      coverTo: period.coverTo,
      coverages: makeCoverages(context, product, id, customer.row.id, sumInsured),
      row: {
        id,
        policyNumber: nextPolicyNumber(context, yearOf(period.start)),
        customerId: customer.row.id,
        productCode: product.code,
        status: period.status,
        premium,
        currency: "CNY",
        premiumFrequency: frequency,
        sumInsured: sumInsured * 100,
        startDate: isoDate(period.start),
        endDate: isoDate(period.end),
        renewalDate: period.status === PolicyStatus.ACTIVE ? isoDate(period.end) : null,
        salesChannel: random.weighted(customer.kind === CustomerKind.INDIVIDUAL ? PERSON_SALES_CHANNELS : ORGANISATION_SALES_CHANNELS),
        createdAt: new Date(createdAt),
        updatedAt: new Date(updatedAt),
      },
    });
  }
  return policies;
}
