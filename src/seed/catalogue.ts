import { CustomerKind, ServiceTier } from "../modules/customer/customer.enums";
import { PremiumFrequency } from "../modules/policy/policy.entity";
import { ProductLine, RiskTier, type Product } from "../modules/product/product.entity";
import type { Weighted } from "./random";

export type ProductRow = Pick<
  Product,
  "code" | "name" | "line" | "minAge" | "maxAge" | "basePremium" | "currency" | "targetTiers" | "customerKinds" | "maxRiskTier" | "description" | "active"
>;

/** A catalogue product plus what the generator needs to sell it plausibly. */
export interface ProductSpec extends ProductRow {
  /** Sum insured range in yuan; `basePremium` buys the lower end. */
  sumInsured: readonly [number, number];
  /** Cover period: whole years, or days for single-trip covers. */
  term: { years: number } | { days: readonly [number, number] };
  frequencies: Weighted<PremiumFrequency>;
}

const { BASIC, VALUE_ADDED, PREMIUM } = ServiceTier;
const ALL_TIERS = [BASIC, VALUE_ADDED, PREMIUM];
const PERSON = [CustomerKind.INDIVIDUAL];
const ORGANISATION = [CustomerKind.ENTERPRISE, CustomerKind.GROUP];
const yuan = (amount: number) => amount * 100;
const ANNUAL: Weighted<PremiumFrequency> = [[PremiumFrequency.ANNUAL, 1]];
const ANNUAL_OR_MONTHLY: Weighted<PremiumFrequency> = [[PremiumFrequency.ANNUAL, 3], [PremiumFrequency.MONTHLY, 1]];
const ANNUAL_OR_QUARTERLY: Weighted<PremiumFrequency> = [[PremiumFrequency.ANNUAL, 2], [PremiumFrequency.QUARTERLY, 1]];
const SINGLE: Weighted<PremiumFrequency> = [[PremiumFrequency.SINGLE, 1]];

interface Listing {
  code: string;
  name: string;
  line: ProductLine;
  ages: readonly [number, number] | null;
  basePremiumYuan: number;
  targetTiers: ServiceTier[];
  customerKinds: CustomerKind[];
  maxRiskTier: RiskTier | null;
  description: string;
  sumInsured: readonly [number, number];
  term: ProductSpec["term"];
  frequencies: Weighted<PremiumFrequency>;
}

function product(listing: Listing): ProductSpec {
  const { ages, basePremiumYuan, ...rest } = listing;
  return { ...rest, minAge: ages?.[0] ?? null, maxAge: ages?.[1] ?? null, basePremium: yuan(basePremiumYuan), currency: "CNY", active: true };
}

export const PRODUCTS: readonly ProductSpec[] = [
  product({ code: "LIFE-TERM-20", name: "Term Life 20", line: ProductLine.LIFE, ages: [18, 60], basePremiumYuan: 1_200, targetTiers: [BASIC, VALUE_ADDED], customerKinds: PERSON, maxRiskTier: RiskTier.HIGH, description: "Twenty-year level term life cover that protects the family's income; death and total permanent disability.", sumInsured: [500_000, 3_000_000], term: { years: 20 }, frequencies: ANNUAL_OR_MONTHLY }),
  product({ code: "LIFE-WHOLE-HERITAGE", name: "Heritage Whole Life", line: ProductLine.LIFE, ages: [25, 65], basePremiumYuan: 15_000, targetTiers: [VALUE_ADDED, PREMIUM], customerKinds: PERSON, maxRiskTier: RiskTier.MEDIUM, description: "Whole life cover with cash value for wealth transfer and legacy planning.", sumInsured: [1_000_000, 10_000_000], term: { years: 40 }, frequencies: [[PremiumFrequency.ANNUAL, 4], [PremiumFrequency.SINGLE, 1]] }),
  product({ code: "GRP-LIFE", name: "Group Term Life", line: ProductLine.LIFE, ages: null, basePremiumYuan: 40_000, targetTiers: ALL_TIERS, customerKinds: ORGANISATION, maxRiskTier: RiskTier.HIGH, description: "Yearly renewable term life for all employees or members of a scheme.", sumInsured: [5_000_000, 50_000_000], term: { years: 1 }, frequencies: ANNUAL_OR_QUARTERLY }),
  product({ code: "HEALTH-MILLION", name: "Million Medical", line: ProductLine.HEALTH, ages: [0, 65], basePremiumYuan: 600, targetTiers: [BASIC, VALUE_ADDED], customerKinds: PERSON, maxRiskTier: RiskTier.HIGH, description: "Hospital medical cover up to CNY 2–6 million with a CNY 10,000 annual deductible.", sumInsured: [2_000_000, 6_000_000], term: { years: 1 }, frequencies: ANNUAL_OR_MONTHLY }),
  product({ code: "HEALTH-VIP-GLOBAL", name: "VIP Global Medical", line: ProductLine.HEALTH, ages: [0, 70], basePremiumYuan: 18_000, targetTiers: [PREMIUM], customerKinds: PERSON, maxRiskTier: RiskTier.MEDIUM, description: "High-end medical plan with direct billing at private and international hospitals, no deductible.", sumInsured: [5_000_000, 20_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "HEALTH-KIDS", name: "Kids Health Guard", line: ProductLine.HEALTH, ages: [0, 17], basePremiumYuan: 450, targetTiers: ALL_TIERS, customerKinds: PERSON, maxRiskTier: null, description: "Inpatient and outpatient cover for children, including vaccination-related complications.", sumInsured: [1_000_000, 3_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "GRP-HEALTH-PLUS", name: "Group Health Plus", line: ProductLine.HEALTH, ages: null, basePremiumYuan: 80_000, targetTiers: ALL_TIERS, customerKinds: ORGANISATION, maxRiskTier: null, description: "Supplementary medical cover for employees and members on top of social medical insurance.", sumInsured: [2_000_000, 30_000_000], term: { years: 1 }, frequencies: ANNUAL_OR_QUARTERLY }),
  product({ code: "CI-CARE-100", name: "Critical Care 100", line: ProductLine.CRITICAL_ILLNESS, ages: [18, 55], basePremiumYuan: 4_800, targetTiers: [BASIC, VALUE_ADDED], customerKinds: PERSON, maxRiskTier: RiskTier.MEDIUM, description: "Lump sum on diagnosis of any of 100 critical and 50 minor illnesses.", sumInsured: [300_000, 1_000_000], term: { years: 30 }, frequencies: ANNUAL_OR_MONTHLY }),
  product({ code: "CI-SENIOR-SHIELD", name: "Senior CI Shield", line: ProductLine.CRITICAL_ILLNESS, ages: [50, 70], basePremiumYuan: 7_500, targetTiers: ALL_TIERS, customerKinds: PERSON, maxRiskTier: RiskTier.MEDIUM, description: "Critical illness cover for customers aged 50 to 70, with cancer and stroke benefits.", sumInsured: [100_000, 500_000], term: { years: 10 }, frequencies: ANNUAL }),
  product({ code: "ACC-PERSONAL", name: "Personal Accident", line: ProductLine.ACCIDENT, ages: [18, 65], basePremiumYuan: 200, targetTiers: ALL_TIERS, customerKinds: PERSON, maxRiskTier: RiskTier.CRITICAL, description: "Accidental death, disability and medical expenses, priced by occupation class.", sumInsured: [300_000, 1_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "ACC-STUDENT", name: "Student Accident Care", line: ProductLine.ACCIDENT, ages: [3, 22], basePremiumYuan: 100, targetTiers: ALL_TIERS, customerKinds: PERSON, maxRiskTier: null, description: "School-year accident and medical cover for pupils and students.", sumInsured: [100_000, 300_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "GRP-ACCIDENT", name: "Group Accident for Employees", line: ProductLine.ACCIDENT, ages: null, basePremiumYuan: 20_000, targetTiers: ALL_TIERS, customerKinds: ORGANISATION, maxRiskTier: RiskTier.CRITICAL, description: "24-hour accident cover for a workforce, including commuting.", sumInsured: [3_000_000, 30_000_000], term: { years: 1 }, frequencies: ANNUAL_OR_QUARTERLY }),
  product({ code: "AUTO-COMPREHENSIVE", name: "Motor Comprehensive", line: ProductLine.AUTO, ages: [18, 75], basePremiumYuan: 4_500, targetTiers: ALL_TIERS, customerKinds: PERSON, maxRiskTier: RiskTier.HIGH, description: "Own damage, theft and third-party liability on top of compulsory traffic insurance.", sumInsured: [1_000_000, 3_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "AUTO-FLEET", name: "Commercial Fleet Motor", line: ProductLine.AUTO, ages: null, basePremiumYuan: 120_000, targetTiers: ALL_TIERS, customerKinds: [CustomerKind.ENTERPRISE], maxRiskTier: RiskTier.HIGH, description: "One policy for a company's vehicle fleet with claims-experience pricing.", sumInsured: [5_000_000, 50_000_000], term: { years: 1 }, frequencies: ANNUAL_OR_QUARTERLY }),
  product({ code: "PROP-HOME", name: "Home Protect", line: ProductLine.PROPERTY, ages: [22, 85], basePremiumYuan: 800, targetTiers: ALL_TIERS, customerKinds: PERSON, maxRiskTier: null, description: "Building and contents cover against fire, water damage, burglary and natural perils.", sumInsured: [500_000, 5_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "PROP-COMMERCIAL", name: "Commercial Property All Risks", line: ProductLine.PROPERTY, ages: null, basePremiumYuan: 60_000, targetTiers: ALL_TIERS, customerKinds: [CustomerKind.ENTERPRISE], maxRiskTier: RiskTier.HIGH, description: "All-risks cover for premises, machinery and stock, with business interruption.", sumInsured: [10_000_000, 200_000_000], term: { years: 1 }, frequencies: ANNUAL_OR_QUARTERLY }),
  product({ code: "LIAB-EMPLOYER", name: "Employer's Liability", line: ProductLine.LIABILITY, ages: null, basePremiumYuan: 30_000, targetTiers: ALL_TIERS, customerKinds: ORGANISATION, maxRiskTier: RiskTier.CRITICAL, description: "The employer's legal liability for work injury and occupational disease of employees.", sumInsured: [5_000_000, 50_000_000], term: { years: 1 }, frequencies: ANNUAL_OR_QUARTERLY }),
  product({ code: "LIAB-PUBLIC", name: "Public Liability", line: ProductLine.LIABILITY, ages: null, basePremiumYuan: 15_000, targetTiers: ALL_TIERS, customerKinds: [CustomerKind.ENTERPRISE], maxRiskTier: RiskTier.HIGH, description: "Liability to third parties for injury or damage on the insured premises.", sumInsured: [2_000_000, 20_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "LIAB-FAMILY", name: "Family Personal Liability", line: ProductLine.LIABILITY, ages: [22, 80], basePremiumYuan: 300, targetTiers: [VALUE_ADDED, PREMIUM], customerKinds: PERSON, maxRiskTier: null, description: "Liability of the household for accidental injury or damage caused to others, pets included.", sumInsured: [500_000, 2_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "TRAVEL-GLOBAL", name: "Global Travel Protect", line: ProductLine.TRAVEL, ages: [0, 80], basePremiumYuan: 150, targetTiers: ALL_TIERS, customerKinds: PERSON, maxRiskTier: RiskTier.HIGH, description: "Single-trip cover: emergency medical, evacuation, trip cancellation and baggage.", sumInsured: [300_000, 1_000_000], term: { days: [5, 30] }, frequencies: SINGLE }),
  product({ code: "TRAVEL-BUSINESS-ANNUAL", name: "Annual Business Travel", line: ProductLine.TRAVEL, ages: null, basePremiumYuan: 25_000, targetTiers: ALL_TIERS, customerKinds: [CustomerKind.ENTERPRISE], maxRiskTier: null, description: "Unlimited business trips for a company's staff during a year.", sumInsured: [1_000_000, 5_000_000], term: { years: 1 }, frequencies: ANNUAL }),
  product({ code: "ANN-GOLDEN-YEARS", name: "Golden Years Pension Annuity", line: ProductLine.ANNUITY, ages: [30, 65], basePremiumYuan: 20_000, targetTiers: [VALUE_ADDED, PREMIUM], customerKinds: PERSON, maxRiskTier: null, description: "Deferred annuity paying a guaranteed monthly income from age 60 for life.", sumInsured: [200_000, 2_000_000], term: { years: 20 }, frequencies: [[PremiumFrequency.ANNUAL, 3], [PremiumFrequency.SINGLE, 1]] }),
  product({ code: "ANN-EDUCATION", name: "Bright Future Education Annuity", line: ProductLine.ANNUITY, ages: [0, 10], basePremiumYuan: 10_000, targetTiers: [VALUE_ADDED, PREMIUM], customerKinds: PERSON, maxRiskTier: null, description: "Education fund for a child, paid out during high school and university years.", sumInsured: [100_000, 600_000], term: { years: 15 }, frequencies: ANNUAL }),
];

export function productRow(spec: ProductSpec): ProductRow {
  const { sumInsured: _sumInsured, term: _term, frequencies: _frequencies, ...row } = spec;
  return row;
}
