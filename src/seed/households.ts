import { MaritalStatus, ServiceTier } from "../modules/customer/customer.enums";
import { RelationshipKind } from "../modules/household/relationship.entity";
import { HOUR, YEAR_DAYS, DAY } from "./clock";
import { instantBetween, type SeedContext } from "./context";
import { makePerson, type Home } from "./individuals";
import type { CustomerSeed, RelationshipRow } from "./model";
import { FAMILY_NAMES } from "./people";
import type { Weighted } from "./random";

interface HouseholdPlan {
  age: number;
  maritalStatus: MaritalStatus;
  spouseAge: number | null;
  childAges: number[];
}

const ADULT_AGE_BANDS: Weighted<readonly [number, number]> = [
  [[18, 29], 20], [[30, 44], 32], [[45, 59], 28], [[60, 74], 15], [[75, 90], 5],
];
const CHILDREN: Weighted<number> = [[0, 40], [1, 40], [2, 17], [3, 3]];

function marriageRate(age: number): number {
  if (age < 25) return 0.1;
  if (age < 35) return 0.55;
  if (age < 65) return 0.8;
  return 0.65;
}

function unmarriedStatus(context: SeedContext, age: number): MaritalStatus {
  if (age >= 60 && context.random.chance(0.45)) return MaritalStatus.WIDOWED;
  if (age >= 35 && context.random.chance(0.3)) return MaritalStatus.DIVORCED;
  return MaritalStatus.SINGLE;
}

/** Who lives together: an adult, maybe a spouse who is also a customer, maybe minor children. */
function planHousehold(context: SeedContext, capacity: number): HouseholdPlan {
  const { random } = context;
  const [youngest, oldest] = random.weighted(ADULT_AGE_BANDS);
  const age = random.int(youngest, oldest);
  const maritalStatus = random.chance(marriageRate(age)) ? MaritalStatus.MARRIED : unmarriedStatus(context, age);
  let spouseAge =
    maritalStatus === MaritalStatus.MARRIED && random.chance(0.75) ? Math.min(90, Math.max(20, age + Math.round(random.gaussian() * 3))) : null;
  const childAges: number[] = [];
  const [minChildAge, maxChildAge] = [Math.max(0, age - 45), Math.min(17, age - 21)];
  if (maritalStatus !== MaritalStatus.SINGLE && minChildAge <= maxChildAge) {
    const count = random.weighted(CHILDREN);
    for (let i = 0; i < count; i++) childAges.push(random.int(minChildAge, maxChildAge));
  }
  while (1 + (spouseAge === null ? 0 : 1) + childAges.length > capacity) {
    if (childAges.length > 0) childAges.pop();
    else spouseAge = null;
  }
  return { age, maritalStatus, spouseAge, childAges: childAges.sort((a, b) => b - a) };
}

/** Household income decides the service tier of every member (thresholds give ~60/30/10). */
function tierFor(context: SeedContext, householdIncomeYuan: number): ServiceTier {
  const score = Math.log(householdIncomeYuan + 20_000) + 0.35 * context.random.gaussian();
  if (score > 13.2) return ServiceTier.PREMIUM;
  if (score > 12.35) return ServiceTier.VALUE_ADDED;
  return ServiceTier.BASIC;
}

/** A link stored both ways: `kind` is what `related` is to `customer`, `reverse` the other way round. */
export function linkBothWays(
  context: SeedContext,
  customer: CustomerSeed,
  related: CustomerSeed,
  kind: RelationshipKind,
  reverse: RelationshipKind,
): RelationshipRow[] {
  const createdAt = new Date(Math.max(customer.createdAt, related.createdAt));
  return [
    { id: context.random.uuid(), customerId: customer.row.id, relatedCustomerId: related.row.id, kind, createdAt },
    { id: context.random.uuid(), customerId: related.row.id, relatedCustomerId: customer.row.id, kind: reverse, createdAt },
  ];
}

export interface HouseholdMembers {
  members: CustomerSeed[];
  relationships: RelationshipRow[];
}

/** A family of at most `capacity` customers, linked both ways. */
export function makeHousehold(context: SeedContext, home: Home, capacity: number): HouseholdMembers {
  const { random } = context;
  const plan = planHousehold(context, capacity);
  const createdAt = instantBetween(context, context.now - 10 * YEAR_DAYS * DAY, context.now - HOUR);
  const primaryMale = random.chance(0.5);
  const primaryFamily = random.weighted(FAMILY_NAMES);
  const dependents = plan.childAges.length;
  const primary = makePerson(context, home, {
    age: plan.age, male: primaryMale, familyName: primaryFamily, maritalStatus: plan.maritalStatus, dependents, createdAt,
  });
  const adults = [primary];
  // the children's family name is the father's, also when he is not a customer
  let fatherFamily = primaryMale ? primaryFamily : null;
  if (plan.spouseAge !== null) {
    const spouseFamily = random.weighted(FAMILY_NAMES);
    const spouseJoined = Math.min(createdAt + random.int(0, 2 * YEAR_DAYS) * DAY, context.now - HOUR);
    adults.push(
      makePerson(context, home, {
        age: plan.spouseAge, male: !primaryMale, familyName: spouseFamily, maritalStatus: MaritalStatus.MARRIED, dependents, createdAt: spouseJoined,
      }),
    );
    fatherFamily ??= spouseFamily;
  }
  fatherFamily ??= random.weighted(FAMILY_NAMES);
  const children = plan.childAges.map((age) =>
    makePerson(context, home, { age, male: random.chance(0.51), familyName: fatherFamily, maritalStatus: MaritalStatus.SINGLE, dependents: 0, createdAt }),
  );
  const tier = tierFor(context, adults.reduce((sum, adult) => sum + (adult.income ?? 0), 0));
  const members = [...adults, ...children];
  for (const member of members) member.row.serviceTier = tier;

  const relationships: RelationshipRow[] = [];
  if (adults.length === 2) relationships.push(...linkBothWays(context, adults[0], adults[1], RelationshipKind.SPOUSE, RelationshipKind.SPOUSE));
  for (const parent of adults) {
    for (const child of children) relationships.push(...linkBothWays(context, parent, child, RelationshipKind.CHILD, RelationshipKind.PARENT));
  }
  return { members, relationships };
}
