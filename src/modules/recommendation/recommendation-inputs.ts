import type { Role } from "../../auth/role";
import { incomeBandFloor } from "../../auth/masking";
import { useGrant, Use, type UseGrant } from "../../auth/use-policy";
import type { RecommendationFacts } from "./recommendation-engine";
import { CustomerKind } from "../customer/customer.enums";

const DOB = "Customer.dateOfBirth";
const INCOME = "Customer.annualIncome";

/** The policy table is fixed: a role's grants are worked out once per process, not once per customer. */
const grants = new Map<Role | null, { dobGrant: UseGrant; incomeGrant: UseGrant }>();
function grantsOf(role: Role | null) {
  let found = grants.get(role);
  if (!found) grants.set(role, (found = { dobGrant: useGrant(role, DOB, Use.DERIVE), incomeGrant: useGrant(role, INCOME, Use.DERIVE) }));
  return found;
}

/**
 * The personal facts the engine derives from, each as the viewer's role may use it for a derived
 * value (src/auth/use-policy.ts): full → as stored; consent-bound → as stored while the customer's
 * SENSITIVE_DATA consent is granted, else unknown; banded income → the floor of its band; a date of
 * birth seen as a year → 1 January of that year (the age reached this calendar year); no use →
 * unknown. The engine then computes scores, reasons, exclusions, suggested sums and premiums from
 * these alone, so none of them depends on a value the role may not use.
 */
export function factsForRole(
  role: Role | null,
  customer: RecommendationFacts["customer"],
  household: RecommendationFacts["household"],
  sensitiveConsent: boolean,
): Pick<RecommendationFacts, "customer" | "household" | "withheld"> {
  const { dobGrant, incomeGrant } = grantsOf(role);
  const dateOfBirth =
    customer.dateOfBirth === null || dobGrant === "none" ? null : dobGrant === "visible" ? `${customer.dateOfBirth.slice(0, 4)}-01-01` : customer.dateOfBirth;
  const income = customer.annualIncome;
  const annualIncome =
    income === null ? null
    : incomeGrant === "any" ? income
    : incomeGrant === "consent" ? (sensitiveConsent ? income : null)
    : incomeGrant === "band" ? incomeBandFloor(income)
    : null;
  return {
    customer: { ...customer, dateOfBirth, annualIncome },
    // children's ages come from their dates of birth: none where the role may not use dates of birth
    household: dobGrant === "none" ? { ...household, childAges: [] } : household,
    // whether a date of birth is on record is itself something a role without its use may not learn
    withheld: { age: dobGrant === "none" && customer.kind === CustomerKind.INDIVIDUAL },
  };
}

/**
 * Every reason and exclusion the engine gives, with the fields it is computed from (STYLE 10). The
 * facts are projected per role before the engine runs (factsForRole), so this list documents and
 * tests the declaration; a code missing here fails the recommendation spec.
 */
export const RECOMMENDATION_OUTPUT_INPUTS: Record<string, readonly string[]> = {
  LIFE_STAGE: [DOB, "Customer.kind", "Customer.dependents", "Customer.maritalStatus", "HouseholdMember.kind"],
  DEPENDENTS_WITHOUT_LIFE_COVER: ["Customer.dependents", "HouseholdMember.kind", "Policy.productCode"],
  LIFE_COVER_GAP: [INCOME, "Customer.dependents", "Policy.sumInsured"],
  HOUSEHOLD_WITHOUT_PROPERTY_COVER: [DOB, "Customer.maritalStatus", "Customer.dependents", "Policy.productCode"],
  TRAVEL_PLANS: ["Interaction.subject", "Interaction.occurredAt"],
  CHILD_COVER: [DOB, "HouseholdMember.kind"],
  RISK_PREFERENCE: ["Customer.riskPreference"],
  SERVICE_TIER: ["Customer.serviceTier"],
  SEGMENT: ["Segment.members"],
  POPULAR: ["Policy.productCode"],
  NON_PERSONALIZED: ["Consent.granted"],
  // exclusions
  CUSTOMER_KIND: ["Customer.kind"],
  AGE_LIMIT: [DOB],
  AGE_TO_CONFIRM: ["Customer.kind"],
  AFFORDABILITY: [INCOME, "Customer.riskPreference"],
  RISK_TIER: ["RiskAssessment.tier"],
  ALREADY_HELD: ["Policy.productCode"],
  DECLINED_RECENTLY: ["OfferResponse.response"],
  OPEN_COMPLAINT: ["Complaint.status"],
  // amounts
  suggestedSumInsured: [INCOME, "Policy.sumInsured", "Customer.kind"],
  estimatedPremium: [INCOME, "Policy.sumInsured", "RiskAssessment.tier", "Claim.reportedAt"],
};
