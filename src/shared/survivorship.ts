/**
 * The vocabulary of a person's unified profile (identity links, src/modules/identity): which
 * attributes it has, the fields each one takes from a single record (an address travels with its
 * city and region), the rules that choose the record, and the defaults. Here, one floor below
 * config and modules, because both read it: config checks SURVIVORSHIP_RULES against it at start-up.
 */
export const SURVIVORSHIP_RULES = ["SOURCE_PRIORITY", "MOST_RECENT", "MOST_FREQUENT"] as const;
export type SurvivorshipRuleName = (typeof SURVIVORSHIP_RULES)[number];

export const PROFILE_ATTRIBUTES = {
  fullName: ["fullName"],
  email: ["email"],
  phone: ["phone"],
  address: ["address", "city", "region"],
  dateOfBirth: ["dateOfBirth"],
  gender: ["gender"],
  maritalStatus: ["maritalStatus"],
  occupation: ["occupation", "occupationClass"],
  preferredChannel: ["preferredChannel"],
} as const;
export type ProfileAttribute = keyof typeof PROFILE_ATTRIBUTES;

/**
 * Per attribute, the rule when SURVIVORSHIP_RULES does not name it: a name and a gender as most
 * records hold them (one typo does not win), contact details and situation as last written, the
 * birth date from the most trusted system (the policy administration system checked the document).
 */
export const DEFAULT_SURVIVORSHIP: Record<ProfileAttribute, SurvivorshipRuleName> = {
  fullName: "MOST_FREQUENT",
  email: "MOST_RECENT",
  phone: "MOST_RECENT",
  address: "MOST_RECENT",
  dateOfBirth: "SOURCE_PRIORITY",
  gender: "MOST_FREQUENT",
  maritalStatus: "MOST_RECENT",
  occupation: "MOST_RECENT",
  preferredChannel: "MOST_RECENT",
};

/** Systems of record, most trusted first, when SOURCE_PRIORITY is not set (a system not named ranks after all named ones). */
export const DEFAULT_SOURCE_PRIORITY = ["CORE_PAS", "CLAIMS", "customer360", "CRM"];

export interface SurvivorshipSettings {
  rules: Record<ProfileAttribute, SurvivorshipRuleName>;
  sourcePriority: string[];
}
