import type { Claim } from "../modules/claim/claim.entity";
import type { ClaimEvent } from "../modules/claim/claim-event.entity";
import type { Consent } from "../modules/consent/consent.entity";
import type { Customer } from "../modules/customer/customer.entity";
import type { CustomerKind } from "../modules/customer/customer.enums";
import type { Relationship } from "../modules/household/relationship.entity";
import type { Complaint } from "../modules/interaction/complaint.entity";
import type { Interaction } from "../modules/interaction/interaction.entity";
import type { Coverage } from "../modules/policy/coverage.entity";
import type { Policy } from "../modules/policy/policy.entity";
import type { InsuredObject } from "../modules/policy/insured-object.entity";
import type { PolicyParticipant } from "../modules/policy/policy-participant.entity";
import type { PremiumInstalment } from "../modules/policy/premium-instalment.entity";
import type { OfferResponse } from "../modules/recommendation/offer-response.entity";
import type { RiskAssessment } from "../modules/risk/risk-assessment.entity";
import type { DayNumber } from "./clock";
import type { ProductSpec } from "./catalogue";

/** Rows as inserted: every column of the entity, without its relations and computed getters. */
export type CustomerRow = Omit<Customer, "assignedAgent" | "annualIncomeInfo">;
export type RelationshipRow = Omit<Relationship, "customer" | "relatedCustomer">;
export type ConsentRow = Omit<Consent, "customer">;
export type PolicyRow = Omit<Policy, "customer" | "product" | "premiumMoney" | "annualPremiumMoney" | "sumInsuredMoney">;
export type CoverageRow = Omit<Coverage, "policy" | "customer" | "limitMoney" | "deductibleMoney">;
export type ParticipantRow = Omit<PolicyParticipant, "policy" | "holder" | "participantCustomer">;
export type InsuredObjectRow = Omit<InsuredObject, "policy" | "customer" | "participant" | "sumInsuredMoney">;
export type InstalmentRow = Omit<PremiumInstalment, "policy" | "customer" | "amountMoney" | "status">;
export type ClaimRow = Omit<Claim, "policy" | "customer" | "assignedAdjuster" | "claimedMoney" | "approvedMoney" | "paidMoney">;
export type ClaimEventRow = Omit<ClaimEvent, "claim" | "customer">;
export type InteractionRow = Omit<Interaction, "customer" | "staff">;
export type ComplaintRow = Omit<Complaint, "interaction" | "customer" | "overdue">;
export type RiskAssessmentRow = Omit<RiskAssessment, "customer">;
export type OfferResponseRow = Omit<OfferResponse, "customer" | "product">;

/** A generated customer with the facts the later generators draw on. */
export interface CustomerSeed {
  row: CustomerRow;
  kind: CustomerKind;
  /** Age today; null for enterprises and groups. */
  age: number | null;
  birthDay: DayNumber | null;
  /** A minor, present as a member of a family. */
  minor: boolean;
  /** A working-age adult in work, who may be linked as an employee of an enterprise customer. */
  employable: boolean;
  createdAt: number;
  erasedAt: number | null;
  /** An erased customer's row as it was before the erasure (the seed through the importer loads it, then erases it). */
  beforeErasure?: CustomerRow;
}

export interface PolicySeed {
  row: PolicyRow;
  product: ProductSpec;
  coverages: CoverageRow[];
  /** Days the policy was in force: start to end, or to the day it stopped. */
  coverFrom: DayNumber;
  coverTo: DayNumber;
}

export interface ClaimSeed {
  row: ClaimRow;
  events: ClaimEventRow[];
}

/** Everything generated for one batch of customers, in insertion order. */
export interface SeedBatch {
  customers: CustomerRow[];
  relationships: RelationshipRow[];
  consents: ConsentRow[];
  policies: PolicyRow[];
  coverages: CoverageRow[];
  participants: ParticipantRow[];
  insuredObjects: InsuredObjectRow[];
  instalments: InstalmentRow[];
  claims: ClaimRow[];
  claimEvents: ClaimEventRow[];
  interactions: InteractionRow[];
  complaints: ComplaintRow[];
  riskAssessments: RiskAssessmentRow[];
  offerResponses: OfferResponseRow[];
  /** The batch's erased customers as they were, with when they were erased (the direct load writes them already erased). */
  erasures: { before: CustomerRow; erasedAt: Date }[];
}
