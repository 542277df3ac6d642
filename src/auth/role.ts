import { registerEnumType } from "type-graphql";
import { describedValues } from "../shared/described-values";

export enum Role {
  AGENT = "AGENT",
  UNDERWRITER = "UNDERWRITER",
  CLAIMS_ADJUSTER = "CLAIMS_ADJUSTER",
  MARKETING = "MARKETING",
  COMPLIANCE = "COMPLIANCE",
  ADMIN = "ADMIN",
  CUSTOMER = "CUSTOMER",
  SERVICE_REP = "SERVICE_REP",
  INTEGRATION = "INTEGRATION",
}

/**
 * What each role is, declared once: the schema's Role values are described from it. Which rows a
 * role reaches is decided by its row scope (row-scope.ts), which fields by the policy table
 * (field-policy.ts, rendered in docs/data-policy.md), which operations by the modules' permissions.
 */
export const ROLE_MEANING: Record<Role, string> = {
  AGENT: "An insurance agent: serves the customers of their own book (those whose assigned agent they are).",
  UNDERWRITER: "An underwriter: assesses customers' risk (assessRisk), any customer; sensitive data only with the customer's SENSITIVE_DATA consent.",
  CLAIMS_ADJUSTER: "A claims adjuster: reviews, approves and pays claims (transitionClaim) and works service cases, any customer.",
  MARKETING: "Marketing staff: define segments and work offers; reach only customers (not erased) whose MARKETING consent is in force.",
  COMPLIANCE: "Compliance staff: complaints, duplicate review, legal holds, data-subject requests and the access audit, any customer.",
  ADMIN: "An administrator: any customer; agent assignment, imports, webhooks and task rules.",
  CUSTOMER: "The policyholder themself: their own record only.",
  SERVICE_REP:
    "A contact-centre (hotline) representative: serves a caller once the caller is verified (verifyCaller), for 30 minutes; contact data and service history only.",
  INTEGRATION: "A service account of another system (core PAS, claims, contact centre): loads data by import, reads back only ids and source keys.",
};

registerEnumType(Role, {
  name: "Role",
  description: "What a caller is allowed to do; CUSTOMER is the policyholder themself; INTEGRATION is another system's service account (imports).",
  valuesConfig: describedValues(ROLE_MEANING),
});

export const STAFF_ROLES = Object.values(Role).filter((role) => role !== Role.CUSTOMER);
