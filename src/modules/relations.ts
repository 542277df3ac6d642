import type { Relation } from "../db/relations";
import { AUDIT_RELATIONS } from "./audit/audit.relations";
import { CLAIM_RELATIONS } from "./claim/claim.relations";
import { CONSENT_RELATIONS } from "./consent/consent.relations";
import { CUSTOMER_RELATIONS } from "./customer/customer.relations";
import { HOUSEHOLD_RELATIONS } from "./household/household.relations";
import { INTERACTION_RELATIONS } from "./interaction/interaction.relations";
import { POLICY_RELATIONS } from "./policy/policy.relations";
import { RISK_RELATIONS } from "./risk/risk.relations";

/** Every declared relation of the graph: the GraphQL fields, loaders and compiled reads are derived from this list. */
export const RELATIONS: readonly Relation[] = [
  ...CUSTOMER_RELATIONS,
  ...HOUSEHOLD_RELATIONS,
  ...CONSENT_RELATIONS,
  ...POLICY_RELATIONS,
  ...CLAIM_RELATIONS,
  ...INTERACTION_RELATIONS,
  ...RISK_RELATIONS,
  ...AUDIT_RELATIONS,
];
