import { registerEnumType } from "type-graphql";

export enum Role {
  AGENT = "AGENT",
  UNDERWRITER = "UNDERWRITER",
  CLAIMS_ADJUSTER = "CLAIMS_ADJUSTER",
  MARKETING = "MARKETING",
  COMPLIANCE = "COMPLIANCE",
  ADMIN = "ADMIN",
  CUSTOMER = "CUSTOMER",
  /** A contact-centre (hotline) representative: serves any caller once the caller is verified (verifyCaller), contact data and service history only. */
  SERVICE_REP = "SERVICE_REP",
  /** A service account of another system (core PAS, claims, contact centre): loads data by import, reads back only ids and source keys. */
  INTEGRATION = "INTEGRATION",
}
registerEnumType(Role, { name: "Role", description: "What a caller is allowed to do; CUSTOMER is the policyholder themself; INTEGRATION is another system's service account (imports)." });

export const STAFF_ROLES = Object.values(Role).filter((role) => role !== Role.CUSTOMER);
