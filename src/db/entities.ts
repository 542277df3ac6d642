import { AuditEntry } from "../modules/audit/audit-entry.entity";
import { Claim } from "../modules/claim/claim.entity";
import { ClaimEvent } from "../modules/claim/claim-event.entity";
import { Consent } from "../modules/consent/consent.entity";
import { Customer } from "../modules/customer/customer.entity";
import { Relationship } from "../modules/household/relationship.entity";
import { Complaint } from "../modules/interaction/complaint.entity";
import { Interaction } from "../modules/interaction/interaction.entity";
import { Coverage } from "../modules/policy/coverage.entity";
import { Policy } from "../modules/policy/policy.entity";
import { Product } from "../modules/product/product.entity";
import { OfferResponse } from "../modules/recommendation/offer-response.entity";
import { RiskAssessment } from "../modules/risk/risk-assessment.entity";
import { HealthDeclaration } from "../modules/risk/health-declaration.entity";
import { Segment } from "../modules/segment/segment.entity";
import { StaffUser } from "../modules/staff/staff.entity";
import { DuplicateCandidate } from "../modules/duplicate/duplicate-candidate.entity";

export const ENTITIES = [
  StaffUser,
  Customer,
  Relationship,
  Consent,
  Product,
  Policy,
  Coverage,
  Claim,
  ClaimEvent,
  Interaction,
  Complaint,
  RiskAssessment,
  HealthDeclaration,
  Segment,
  OfferResponse,
  AuditEntry,
  DuplicateCandidate,
];
