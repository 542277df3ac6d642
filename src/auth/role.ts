import { registerEnumType } from "type-graphql";

export enum Role {
  AGENT = "AGENT",
  UNDERWRITER = "UNDERWRITER",
  CLAIMS_ADJUSTER = "CLAIMS_ADJUSTER",
  MARKETING = "MARKETING",
  COMPLIANCE = "COMPLIANCE",
  ADMIN = "ADMIN",
  CUSTOMER = "CUSTOMER",
}
registerEnumType(Role, { name: "Role", description: "What a caller is allowed to do; CUSTOMER is the policyholder themself." });

export const STAFF_ROLES = Object.values(Role).filter((role) => role !== Role.CUSTOMER);
