import { Channel, CustomerKind, IdType, RiskPreference, ServiceTier } from "../modules/customer/customer.enums";
import { DAY, HOUR, YEAR_DAYS } from "./clock";
import { instantBetween, nextCustomerNumber, type SeedContext } from "./context";
import { mobilePhone, sealNationalId, unifiedSocialCreditCode } from "./identity";
import type { Home } from "./individuals";
import { districtLabel, STREETS } from "./places";
import type { CustomerSeed } from "./model";
import type { Weighted } from "./random";

interface Industry {
  industry: string;
  occupationClass: number;
  /** Median annual revenue in yuan. */
  medianRevenue: number;
  businessName: string;
}

const industry = (name: string, occupationClass: number, medianRevenue: number, businessName: string): Industry => ({
  industry: name,
  occupationClass,
  medianRevenue,
  businessName,
});

const INDUSTRIES: Weighted<Industry> = [
  [industry("Information Technology", 1, 30_000_000, "Technology"), 6],
  [industry("Financial Services", 1, 80_000_000, "Capital Management"), 2],
  [industry("Retail", 2, 20_000_000, "Trading"), 6],
  [industry("Logistics", 4, 40_000_000, "Logistics"), 4],
  [industry("Manufacturing", 3, 60_000_000, "Precision Machinery"), 6],
  [industry("Construction", 5, 80_000_000, "Construction Engineering"), 3],
  [industry("Mining", 6, 120_000_000, "Mining"), 1],
  [industry("Healthcare", 2, 30_000_000, "Medical Devices"), 2],
  [industry("Hospitality", 2, 15_000_000, "Hotel Management"), 3],
  [industry("Agriculture", 3, 10_000_000, "Agricultural Development"), 2],
  [industry("Real Estate", 2, 100_000_000, "Property Development"), 2],
  [industry("Chemicals", 5, 90_000_000, "Chemical Industry"), 1],
  [industry("Education", 1, 8_000_000, "Education Technology"), 2],
];

const GROUP_SCHEMES: Weighted<Industry> = [
  [industry("Education", 1, 2_000_000, "Teachers' Mutual Aid Association"), 3],
  [industry("Transport", 4, 1_500_000, "Taxi Drivers' Cooperative"), 2],
  [industry("Construction", 5, 3_000_000, "Construction Workers' Union"), 2],
  [industry("Alumni", 1, 800_000, "University Alumni Association"), 2],
  [industry("Healthcare", 2, 2_500_000, "Healthcare Workers' Union"), 2],
  [industry("Agriculture", 3, 1_200_000, "Farmers' Cooperative"), 1],
  [industry("Logistics", 4, 1_000_000, "Delivery Riders' Association"), 2],
  [industry("Community", 1, 500_000, "Residents' Committee Scheme"), 1],
];

const BRANDS = [
  "Huaxin", "Hengtai", "Xinghe", "Jinyuan", "Ruifeng", "Dingsheng", "Yuanhang", "Kaida", "Tianrui", "Mingda",
  "Shunfa", "Jiahe", "Yongxin", "Chengtai", "Anxin", "Hongyun", "Zhongcheng", "Lianchuang", "Boyuan", "Qiming",
];

function tierForRevenue(context: SeedContext, revenueYuan: number): ServiceTier {
  const score = Math.log10(revenueYuan) + 0.3 * context.random.gaussian();
  if (score > 8) return ServiceTier.PREMIUM;
  if (score > 7.3) return ServiceTier.VALUE_ADDED;
  return ServiceTier.BASIC;
}

/** An enterprise customer, or a group scheme (association, union, cooperative). */
export function makeOrganisation(context: SeedContext, home: Home, kind: CustomerKind.ENTERPRISE | CustomerKind.GROUP): CustomerSeed {
  const { random } = context;
  const enterprise = kind === CustomerKind.ENTERPRISE;
  const profile = random.weighted(enterprise ? INDUSTRIES : GROUP_SCHEMES);
  const brand = random.pick(BRANDS);
  const fullName = enterprise
    ? `${home.city.name} ${brand} ${profile.businessName} Co., Ltd.`
    : `${home.city.name} ${home.district.name} ${profile.businessName}`;
  const revenue = Math.round(random.logNormal(profile.medianRevenue, 0.9) / 10_000) * 10_000;
  const createdAt = instantBetween(context, context.now - 10 * YEAR_DAYS * DAY, context.now - HOUR);
  const updatedAt = random.chance(0.4) ? createdAt : instantBetween(context, createdAt, context.now);
  const creditCode = unifiedSocialCreditCode(context, enterprise ? "91" : "51", home.district.regionCode);
  const mailDomain = `${brand}${profile.industry.split(" ")[0]}`.toLowerCase().replace(/[^a-z]/g, "");
  return {
    kind,
    age: null,
    birthDay: null,
    minor: false,
    employable: false,
    createdAt,
    erasedAt: null,
    row: {
      id: random.uuid(),
      customerNumber: nextCustomerNumber(context),
      kind,
      fullName,
      gender: null,
      dateOfBirth: null,
      idType: IdType.BUSINESS_LICENSE,
      ...sealNationalId(context, creditCode),
      email: `${enterprise ? "insurance" : "secretariat"}@${mailDomain}.example.cn`,
      phone: mobilePhone(context),
      address: `Floor ${random.int(2, 38)}, No. ${random.int(1, 999)} ${random.pick(STREETS)}, ${districtLabel(home.district)}`,
      city: home.city.name,
      region: home.city.region,
      occupation: profile.industry,
      occupationClass: profile.occupationClass,
      annualIncome: revenue * 100,
      currency: "CNY",
      maritalStatus: null,
      dependents: 0,
      serviceTier: tierForRevenue(context, revenue),
      riskPreference: random.weighted([[RiskPreference.CONSERVATIVE, 5], [RiskPreference.BALANCED, 4], [RiskPreference.AGGRESSIVE, 1]]),
      preferredChannel: random.weighted([[Channel.AGENT_VISIT, 5], [Channel.EMAIL, 3], [Channel.PHONE, 2], [Channel.BRANCH, 1], [Channel.WECHAT, 1]]),
      assignedAgentId: home.agentId,
      version: updatedAt === createdAt ? 1 : random.int(2, 5),
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
      erasedAt: null,
    },
  };
}
