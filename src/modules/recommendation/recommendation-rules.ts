import { RiskPreference } from "../customer/customer.enums";
import { ProductLine, RiskTier } from "../product/product.entity";

/** Tables behind the recommendation engine: which needs each life stage has, and how sums are sized. */

export enum LifeStage {
  MINOR = "MINOR",
  YOUNG_SINGLE = "YOUNG_SINGLE",
  YOUNG_FAMILY = "YOUNG_FAMILY",
  ESTABLISHED_FAMILY = "ESTABLISHED_FAMILY",
  PRE_RETIREMENT = "PRE_RETIREMENT",
  RETIRED = "RETIRED",
  ORGANISATION = "ORGANISATION",
}

export const LIFE_STAGE_LABELS: Record<LifeStage, string> = {
  MINOR: "a minor",
  YOUNG_SINGLE: "a young single adult",
  YOUNG_FAMILY: "a young family with dependents",
  ESTABLISHED_FAMILY: "an established family",
  PRE_RETIREMENT: "approaching retirement",
  RETIRED: "retired",
  ORGANISATION: "an organisation",
};

const { LIFE, HEALTH, CRITICAL_ILLNESS, ACCIDENT, AUTO, PROPERTY, LIABILITY, TRAVEL, ANNUITY } = ProductLine;

/** Points a product line earns from the customer's life stage. */
export const LIFE_STAGE_NEEDS: Record<LifeStage, Partial<Record<ProductLine, number>>> = {
  MINOR: { HEALTH: 20, ACCIDENT: 20 },
  YOUNG_SINGLE: { ACCIDENT: 20, HEALTH: 20, CRITICAL_ILLNESS: 15, TRAVEL: 10 },
  YOUNG_FAMILY: { LIFE: 30, HEALTH: 20, CRITICAL_ILLNESS: 15, ACCIDENT: 10, ANNUITY: 10 },
  ESTABLISHED_FAMILY: { LIFE: 20, CRITICAL_ILLNESS: 20, HEALTH: 15, ANNUITY: 15, PROPERTY: 10 },
  PRE_RETIREMENT: { ANNUITY: 30, CRITICAL_ILLNESS: 25, HEALTH: 20 },
  RETIRED: { HEALTH: 30, CRITICAL_ILLNESS: 25, ANNUITY: 20, TRAVEL: 5 },
  ORGANISATION: { LIABILITY: 20, HEALTH: 15, ACCIDENT: 15, LIFE: 10, PROPERTY: 10, AUTO: 5 },
};

/** Points a product line earns from the customer's attitude to financial risk. */
export const RISK_PREFERENCE_FIT: Record<RiskPreference, Partial<Record<ProductLine, number>>> = {
  CONSERVATIVE: { ANNUITY: 20, LIFE: 5, HEALTH: 5 },
  BALANCED: { CRITICAL_ILLNESS: 5 },
  AGGRESSIVE: { ACCIDENT: 5, TRAVEL: 5, ANNUITY: -10 },
};

/** Share of annual income a customer is expected to spend on one more product's premium. */
export const AFFORDABLE_SHARE: Record<RiskPreference | "UNKNOWN", number> = {
  CONSERVATIVE: 0.05,
  BALANCED: 0.1,
  AGGRESSIVE: 0.15,
  UNKNOWN: 0.08,
};

/** Sum insured (minor units) that a product's base premium buys, per line, for a person. */
export const BASE_SUM_INSURED: Record<ProductLine, number> = {
  LIFE: 50_000_000,
  HEALTH: 200_000_000,
  CRITICAL_ILLNESS: 30_000_000,
  ACCIDENT: 30_000_000,
  AUTO: 100_000_000,
  PROPERTY: 50_000_000,
  LIABILITY: 50_000_000,
  TRAVEL: 30_000_000,
  ANNUITY: 20_000_000,
};
/** Organisations' products cover many lives or sites: ten times a person's base sum. */
export const ORGANISATION_SUM_FACTOR = 10;
/** A suggested sum is at most this multiple of the base sum. */
export const MAX_SUM_MULTIPLE = 10;

export const RISK_LOADING: Record<RiskTier, number> = { LOW: 1, MEDIUM: 1.1, HIGH: 1.3, CRITICAL: 1.6 };
export const RISK_TIER_RANK: Record<RiskTier, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

/** Words in an interaction's subject that show travel plans. */
export const TRAVEL_WORDS = /\b(travel|trip|abroad|overseas|visa|holiday|vacation|flight|journey)\b/i;

/** Words in a segment's name that tie it to the product line it serves (a segment "without X" targets X). */
export const SEGMENT_LINE_WORDS: [RegExp, ProductLine][] = [
  [/\blife cover\b/i, LIFE],
  [/\bannuit/i, ANNUITY],
  [/\b(health|medical)\b/i, HEALTH],
  [/\bcritical illness\b/i, CRITICAL_ILLNESS],
  [/\baccident/i, ACCIDENT],
  [/\b(motor|auto|car)\b/i, AUTO],
  [/\b(home|property)\b/i, PROPERTY],
  [/\btravel/i, TRAVEL],
  [/\bliability\b/i, LIABILITY],
];

export const DECLINE_SUPPRESSION_DAYS = 90;
export const COMPLAINT_SUPPRESSION_DAYS = 30;
export const TRAVEL_SIGNAL_DAYS = 60;
export const RECENT_CLAIM_DAYS = 365;
export const LIFE_COVER_INCOME_MULTIPLE = 5;
