import { InteractionKind } from "../modules/interaction/interaction.entity";
import type { Weighted } from "./random";

/** Subjects of service contacts; `{product}` is replaced by a product name of the customer. */
export const SUBJECTS: Record<Exclude<InteractionKind, InteractionKind.COMPLAINT>, readonly string[]> = {
  [InteractionKind.INQUIRY]: [
    "Question about {product} coverage limits", "How to update the beneficiary of {product}", "Request for a premium payment certificate",
    "Asked about the waiting period of {product}", "Change of contact address", "Question about tax deduction for commercial health insurance",
  ],
  [InteractionKind.PURCHASE]: [
    "Application for {product}", "Quote requested for {product}", "Signed the proposal form for {product}", "Follow-up on the {product} quote",
  ],
  [InteractionKind.CLAIM_SUPPORT]: [
    "Help with claim documents for {product}", "Claim status update requested", "Hospital direct-billing arrangement under {product}",
    "Explained the claim assessment result", "Bank account change for the claim payment",
  ],
  [InteractionKind.RENEWAL]: [
    "Renewal reminder for {product}", "Renewal terms of {product} discussed", "Premium change at renewal of {product}", "Auto-renewal confirmed for {product}",
  ],
  [InteractionKind.FEEDBACK]: [
    "Satisfaction survey after service", "Feedback on the mobile app", "Praise for the agent's service", "Suggestion for the self-service portal",
  ],
  // the seed makes no marketing contacts (KINDS leaves them out); texts for completeness
  [InteractionKind.MARKETING]: ["Offer of {product}", "Invitation to review your cover"],
  [InteractionKind.RISK_NOTICE]: [
    "Typhoon warning: protect your property", "Health check reminder", "Safe driving tips for the holiday season",
    "Occupational safety reminder", "Policy lapse risk: premium overdue",
  ],
};

export const NOTES: Record<InteractionKind, readonly string[]> = {
  [InteractionKind.INQUIRY]: [
    "Explained the terms and sent the policy wording by e-mail.", "Customer satisfied with the answer.", "Sent the requested certificate through the app.",
  ],
  [InteractionKind.PURCHASE]: [
    "Needs analysis done; customer will decide after discussing with family.", "Proposal form completed; forwarded to underwriting.",
    "Payment authorization set up.",
  ],
  [InteractionKind.CLAIM_SUPPORT]: [
    "Listed the missing documents; customer will upload them in the app.", "Checked with the adjuster: assessment in progress.",
    "Confirmed the payment date to the customer.",
  ],
  [InteractionKind.COMPLAINT]: [
    "Customer upset; apologized and logged the complaint.", "Complaint logged; case handed to the complaints team.", "Customer asks for a written reply.",
  ],
  [InteractionKind.RENEWAL]: [
    "Customer agreed to renew.", "Customer will compare offers before renewing.", "Updated the payment card for renewal.",
  ],
  [InteractionKind.FEEDBACK]: ["Rated the service; comment recorded.", "Feedback passed to the digital team.", "Thanked the customer for the feedback."],
  [InteractionKind.MARKETING]: ["Offer presented; customer will think about it."],
  [InteractionKind.RISK_NOTICE]: ["Notice sent; customer acknowledged.", "Advised on risk prevention measures.", "Reminder sent with the payment link."],
};

export interface ComplaintCategory {
  category: string;
  /** Subject of the complaint contact, as for SUBJECTS. */
  subject: string;
}

const complaint = (category: string, subject: string): ComplaintCategory => ({ category, subject });

export const COMPLAINT_CATEGORIES: Weighted<ComplaintCategory> = [
  [complaint("CLAIM_DELAY", "Complaint: claim under {product} is taking too long"), 20],
  [complaint("CLAIM_DENIAL", "Complaint about the rejected claim under {product}"), 12],
  [complaint("PREMIUM_BILLING", "Complaint about a double premium deduction"), 14],
  [complaint("MIS_SELLING", "Complaint: {product} was sold without explaining the exclusions"), 8],
  [complaint("SERVICE_ATTITUDE", "Complaint about the attitude of hotline staff"), 12],
  [complaint("POLICY_CHANGE", "Complaint: address change on {product} not processed"), 8],
  [complaint("RENEWAL_PROCESS", "Complaint: {product} renewed without notice"), 8],
  [complaint("DATA_PRIVACY", "Complaint: unsolicited marketing calls"), 5],
  [complaint("AGENT_CONDUCT", "Complaint about the agent's explanation of {product}"), 6],
  [complaint("DIGITAL_SERVICE", "Complaint: app login keeps failing"), 7],
];

export const RESOLUTIONS = [
  "Explained the decision in writing; customer accepted.", "Claim assessment expedited and paid; apology sent.",
  "Billing error corrected and the overcharge refunded.", "Agent coached; customer received a goodwill gesture.",
  "Customer removed from marketing lists as requested.", "Technical issue fixed; customer confirmed the app works.",
];

export const ESCALATION_REASONS = [
  "Customer threatened to complain to the regulator (NFRA).", "Potential mis-selling: referred to compliance.",
  "Customer disputes the claim decision; referred to the claims committee.",
];

export const OVERDUE_ESCALATION_REASON = "Not resolved within 24 hours; escalated to the branch manager.";
