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

registerEnumType(CustomerKind, { name: "CustomerKind", description: "Individual person, enterprise, or group scheme." });
registerEnumType(Gender, { name: "Gender", description: "Gender as declared by the customer." });
registerEnumType(IdType, { name: "IdType", description: "Kind of identity document behind the national id." });
registerEnumType(MaritalStatus, { name: "MaritalStatus", description: "Marital status as declared." });
registerEnumType(ServiceTier, { name: "ServiceTier", description: "Service level: basic, value-added, or premium/VIP." });
registerEnumType(RiskPreference, { name: "RiskPreference", description: "The customer's attitude to financial risk." });
registerEnumType(Channel, { name: "Channel", description: "Service or sales channel." });
