import { registerEnumType } from "type-graphql";

export enum CustomerKind {
  INDIVIDUAL = "INDIVIDUAL",
  ENTERPRISE = "ENTERPRISE",
  GROUP = "GROUP",
}
export enum Gender {
  MALE = "MALE",
  FEMALE = "FEMALE",
  UNDISCLOSED = "UNDISCLOSED",
}
export enum IdType {
  RESIDENT_ID = "RESIDENT_ID",
  PASSPORT = "PASSPORT",
  BUSINESS_LICENSE = "BUSINESS_LICENSE",
  OTHER = "OTHER",
}
export enum MaritalStatus {
  SINGLE = "SINGLE",
  MARRIED = "MARRIED",
  DIVORCED = "DIVORCED",
  WIDOWED = "WIDOWED",
}
export enum ServiceTier {
  BASIC = "BASIC",
  VALUE_ADDED = "VALUE_ADDED",
  PREMIUM = "PREMIUM",
}
export enum RiskPreference {
  CONSERVATIVE = "CONSERVATIVE",
  BALANCED = "BALANCED",
  AGGRESSIVE = "AGGRESSIVE",
}
export enum Channel {
  BRANCH = "BRANCH",
  PHONE = "PHONE",
  HOTLINE = "HOTLINE",
  APP = "APP",
  WEB = "WEB",
  WECHAT = "WECHAT",
  EMAIL = "EMAIL",
  AGENT_VISIT = "AGENT_VISIT",
  SOCIAL = "SOCIAL",
}

registerEnumType(CustomerKind, {
  name: "CustomerKind",
  description: "Individual person, enterprise, or group scheme.",
  valuesConfig: {
    INDIVIDUAL: { description: "A natural person." },
    ENTERPRISE: { description: "A company or other organisation (identified by its unified social credit code)." },
    GROUP: { description: "A group scheme: one policyholder for a group of insured members (e.g. an employer's staff)." },
  },
});
registerEnumType(Gender, {
  name: "Gender",
  description: "Gender as declared by the customer.",
  valuesConfig: {
    MALE: { description: "Male." },
    FEMALE: { description: "Female." },
    UNDISCLOSED: { description: "The customer chose not to declare a gender." },
  },
});
registerEnumType(IdType, {
  name: "IdType",
  description: "Kind of identity document behind the national id.",
  valuesConfig: {
    RESIDENT_ID: { description: "PRC resident identity card: 18 characters per GB 11643 with a check digit; its embedded birth date must match dateOfBirth." },
    PASSPORT: { description: "Passport: 5–20 letters or digits." },
    BUSINESS_LICENSE: { description: "Business licence of an organisation: the 18-character unified social credit code (GB 32100) with its check character." },
    OTHER: { description: "Another identity document: 1–40 characters, not checked further." },
  },
});
registerEnumType(MaritalStatus, {
  name: "MaritalStatus",
  description: "Marital status as declared.",
  valuesConfig: {
    SINGLE: { description: "Never married." },
    MARRIED: { description: "Married." },
    DIVORCED: { description: "Divorced." },
    WIDOWED: { description: "Widowed." },
  },
});
registerEnumType(ServiceTier, {
  name: "ServiceTier",
  description: "Service level: basic, value-added, or premium/VIP.",
  valuesConfig: {
    BASIC: { description: "Standard service; the tier of a new customer unless another is given." },
    VALUE_ADDED: { description: "Value-added service: service benefits beyond the basic tier." },
    PREMIUM: { description: "Premium / VIP service: the highest service level." },
  },
});
registerEnumType(RiskPreference, {
  name: "RiskPreference",
  description: "The customer's attitude to financial risk.",
  valuesConfig: {
    CONSERVATIVE: { description: "Prefers guaranteed benefits and protection of capital; low tolerance of investment risk." },
    BALANCED: { description: "Accepts moderate investment risk for moderate returns." },
    AGGRESSIVE: { description: "Accepts high investment risk for higher potential returns." },
  },
});
registerEnumType(Channel, {
  name: "Channel",
  description: "Service or sales channel.",
  valuesConfig: {
    BRANCH: { description: "In person at a branch or service counter." },
    PHONE: { description: "A telephone call outside the hotline (e.g. with the agent)." },
    HOTLINE: { description: "The contact-centre hotline." },
    APP: { description: "The insurer's mobile app." },
    WEB: { description: "The insurer's website or online portal." },
    WECHAT: { description: "WeChat (the insurer's official account)." },
    EMAIL: { description: "E-mail." },
    AGENT_VISIT: { description: "A face-to-face visit by the agent." },
    SOCIAL: { description: "Social media." },
  },
});
