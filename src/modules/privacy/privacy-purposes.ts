/** Why each table holds customer data: the purposes stated in a data export. */
export const PURPOSES_BY_TABLE: Record<string, string[]> = {
  customer: ["CONTRACT_PERFORMANCE", "CUSTOMER_SERVICE", "LEGAL_OBLIGATION (KYC)"],
  relationship: ["CUSTOMER_SERVICE", "NEEDS_ANALYSIS"],
  consent: ["CONSENT_RECORD", "LEGAL_OBLIGATION"],
  do_not_contact: ["CONSENT_RECORD (do-not-contact list)", "LEGAL_OBLIGATION (no unsolicited marketing)"],
  policy: ["CONTRACT_PERFORMANCE", "LEGAL_OBLIGATION (record keeping)"],
  coverage: ["CONTRACT_PERFORMANCE"],
  policy_participant: ["CONTRACT_PERFORMANCE", "LEGAL_OBLIGATION (record keeping)"],
  insured_object: ["CONTRACT_PERFORMANCE", "UNDERWRITING"],
  premium_instalment: ["CONTRACT_PERFORMANCE", "LEGAL_OBLIGATION (record keeping)"],
  claim: ["CONTRACT_PERFORMANCE", "FRAUD_PREVENTION", "LEGAL_OBLIGATION (record keeping)"],
  claim_event: ["CONTRACT_PERFORMANCE", "LEGAL_OBLIGATION (record keeping)"],
  interaction: ["CUSTOMER_SERVICE", "SERVICE_QUALITY"],
  complaint: ["CUSTOMER_SERVICE", "LEGAL_OBLIGATION (complaint handling)"],
  service_case: ["CUSTOMER_SERVICE", "SERVICE_QUALITY"],
  service_task: ["CUSTOMER_SERVICE (follow-up visits, renewal reminders)", "SERVICE_QUALITY (satisfaction surveys)"],
  risk_assessment: ["UNDERWRITING", "RISK_MANAGEMENT"],
  health_declaration: ["UNDERWRITING (with SENSITIVE_DATA consent)"],
  offer_response: ["MARKETING (with MARKETING consent)"],
  audit_entry: ["ACCESS_RECORD (PIPL/GDPR accountability)"],
  person_link: ["DATA_QUALITY (one profile per person)", "CUSTOMER_SERVICE"],
  duplicate_candidate: ["DATA_QUALITY (one profile per person)"],
  customer_match_key: ["DATA_QUALITY (one profile per person)"],
  service_alert: ["CUSTOMER_SERVICE (complaint deadlines, missed case SLAs)", "RISK_MANAGEMENT (raised risk tiers)"],
  event_outbox: ["CHANGE_NOTIFICATION (the insurer's other systems learn that a record changed)"],
};

export const DEFAULT_PURPOSES = ["CUSTOMER_SERVICE"];
