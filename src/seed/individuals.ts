import { Channel, CustomerKind, Gender, IdType, MaritalStatus, RiskPreference, ServiceTier } from "../modules/customer/customer.enums";
import { addYears, DAY, HOUR, isoDate, startOfDay } from "./clock";
import { instantBetween, nextCustomerNumber, type SeedContext } from "./context";
import { mobilePhone, passportNumber, personalEmail, sealNationalId, uniqueResidentId } from "./identity";
import type { CustomerSeed } from "./model";
import { CHILD, FEMALE_GIVEN_NAMES, HOMEMAKER, MALE_GIVEN_NAMES, OCCUPATION_CHOICES, RETIRED, STUDENT, type Occupation } from "./people";
import type { City, District } from "./places";
import type { Weighted } from "./random";

/** Where and with whom a person lives; shared by the members of a household. */
export interface Home {
  city: City;
  district: District;
  address: string;
  agentId: string;
}

export interface PersonPlan {
  age: number;
  male: boolean;
  familyName: string;
  maritalStatus: MaritalStatus;
  dependents: number;
  createdAt: number;
}

const TIER_PLACEHOLDER = ServiceTier.BASIC;

function occupationFor(context: SeedContext, age: number): Occupation {
  const { random } = context;
  if (age < 6) return CHILD;
  if (age < 18) return STUDENT;
  if (age <= 22 && random.chance(0.75)) return STUDENT;
  if (age >= 65 || (age >= 60 && random.chance(0.6))) return RETIRED;
  if (random.chance(0.04)) return HOMEMAKER;
  return random.weighted(OCCUPATION_CHOICES);
}

/** How earnings move over a career, relative to an occupation's median. */
function careerFactor(age: number): number {
  if (age < 30) return 0.75;
  if (age < 40) return 1;
  if (age < 50) return 1.15;
  return 1.05;
}

/** Annual income in yuan; null for minors. */
function incomeFor(context: SeedContext, age: number, occupation: Occupation): number | null {
  const { random } = context;
  if (age < 18) return null;
  if (occupation === STUDENT) return random.chance(0.5) ? 0 : random.int(5, 30) * 1_000;
  if (occupation === HOMEMAKER) return 0;
  const sigma = occupation === RETIRED ? 0.35 : 0.45;
  const factor = occupation === RETIRED ? 1 : careerFactor(age);
  return Math.round(random.logNormal(occupation.medianIncome * factor, sigma) / 100) * 100;
}

function riskPreferenceFor(context: SeedContext, age: number): RiskPreference {
  const { CONSERVATIVE, BALANCED, AGGRESSIVE } = RiskPreference;
  if (age < 35) return context.random.weighted([[AGGRESSIVE, 35], [BALANCED, 45], [CONSERVATIVE, 20]]);
  if (age < 55) return context.random.weighted([[AGGRESSIVE, 20], [BALANCED, 50], [CONSERVATIVE, 30]]);
  return context.random.weighted([[AGGRESSIVE, 5], [BALANCED, 35], [CONSERVATIVE, 60]]);
}

const YOUNG_CHANNELS: Weighted<Channel> = [
  [Channel.APP, 30], [Channel.WECHAT, 30], [Channel.WEB, 15], [Channel.PHONE, 8], [Channel.HOTLINE, 4],
  [Channel.AGENT_VISIT, 5], [Channel.EMAIL, 4], [Channel.SOCIAL, 3], [Channel.BRANCH, 1],
];
const MIDDLE_AGED_CHANNELS: Weighted<Channel> = [
  [Channel.AGENT_VISIT, 20], [Channel.WECHAT, 20], [Channel.PHONE, 15], [Channel.APP, 15], [Channel.BRANCH, 10],
  [Channel.WEB, 8], [Channel.HOTLINE, 7], [Channel.EMAIL, 4], [Channel.SOCIAL, 1],
];
const SENIOR_CHANNELS: Weighted<Channel> = [
  [Channel.BRANCH, 30], [Channel.PHONE, 25], [Channel.AGENT_VISIT, 25], [Channel.HOTLINE, 10], [Channel.WECHAT, 10],
];

function preferredChannelFor(context: SeedContext, age: number): Channel {
  return context.random.weighted(age < 35 ? YOUNG_CHANNELS : age < 60 ? MIDDLE_AGED_CHANNELS : SENIOR_CHANNELS);
}

/** A person's customer record; the household sets the service tier afterwards. */
export function makePerson(context: SeedContext, home: Home, plan: PersonPlan): CustomerSeed & { income: number | null } {
  const { random } = context;
  const { age, male } = plan;
  const birthDay = addYears(context.today, -age) - random.int(1, 364);
  const birthDate = isoDate(birthDay);
  const givenName = random.pick(male ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES);
  const usesPassport = age >= 18 && random.chance(0.03);
  const nationalId = usesPassport ? passportNumber(context) : uniqueResidentId(context, home.district.regionCode, birthDate, male);
  const occupation = occupationFor(context, age);
  const income = incomeFor(context, age, occupation);
  const reachable = age >= 18 || (age >= 16 && random.chance(0.5));
  const createdAt = Math.max(plan.createdAt, startOfDay(birthDay) + 30 * DAY);
  const joinedAt = createdAt < context.now - HOUR ? createdAt : instantBetween(context, startOfDay(birthDay), context.now - HOUR);
  const updatedAt = random.chance(0.5) ? joinedAt : instantBetween(context, joinedAt, context.now);
  const id = random.uuid();
  return {
    kind: CustomerKind.INDIVIDUAL,
    age,
    birthDay,
    minor: age < 18,
    employable: age >= 22 && age <= 60 && income !== null && income > 0 && occupation !== RETIRED && occupation !== STUDENT,
    createdAt: joinedAt,
    erasedAt: null,
    income,
    row: {
      id,
      customerNumber: nextCustomerNumber(context),
      kind: CustomerKind.INDIVIDUAL,
      fullName: `${plan.familyName} ${givenName}`,
      gender: random.chance(0.005) ? Gender.UNDISCLOSED : male ? Gender.MALE : Gender.FEMALE,
      dateOfBirth: birthDate,
      idType: usesPassport ? IdType.PASSPORT : IdType.RESIDENT_ID,
      ...sealNationalId(context, nationalId),
      email: reachable && random.chance(age < 18 ? 0.6 : 0.85) ? personalEmail(context, givenName, plan.familyName) : null,
      phone: reachable && random.chance(0.97) ? mobilePhone(context) : null,
      address: home.address,
      city: home.city.name,
      region: home.city.region,
      occupation: occupation.name,
      occupationClass: occupation.occupationClass,
      annualIncome: income === null ? null : income * 100,
      currency: "CNY",
      maritalStatus: plan.maritalStatus,
      dependents: plan.dependents,
      serviceTier: TIER_PLACEHOLDER,
      riskPreference: age < 18 ? null : riskPreferenceFor(context, age),
      preferredChannel: age < 18 ? null : preferredChannelFor(context, age),
      assignedAgentId: home.agentId,
      version: updatedAt === joinedAt ? 1 : random.int(2, 6),
      createdAt: new Date(joinedAt),
      updatedAt: new Date(updatedAt),
      erasedAt: null,
    },
  };
}

/**
 * Erasure on request (PIPL/GDPR): the record stays for the policies and the audit trail, its
 * personal fields are cleared.
 */
export function erase(context: SeedContext, seed: CustomerSeed): void {
  const erasedAt = instantBetween(context, seed.createdAt + 30 * DAY, context.now - DAY);
  seed.beforeErasure = { ...seed.row };
  Object.assign(seed.row, {
    fullName: "[erased]",
    gender: null,
    dateOfBirth: null,
    idType: null,
    nationalIdEncrypted: null,
    nationalIdHash: null,
    email: null,
    phone: null,
    address: null,
    city: null,
    occupation: null,
    occupationClass: null,
    annualIncome: null,
    maritalStatus: null,
    dependents: 0,
    riskPreference: null,
    preferredChannel: null,
    erasedAt: new Date(erasedAt),
    updatedAt: new Date(erasedAt),
    version: seed.row.version + 1,
  });
  seed.erasedAt = erasedAt;
  seed.employable = false;
}
