import { InMemoryCache } from "@apollo/client";

/**
 * The types of the Customer360 API without an id of their own: parts of their parent (a
 * customer's summary, an amount of money, a page of a list). Apollo Client keeps them inside the
 * parent; `merge: true` merges a newer answer into the stored one instead of replacing it (and
 * warning "Cache data may be lost"). Products are known by their code.
 */
export const ID_LESS_TYPES = [
  "AccessAlertConnection", "AccessAlertEdge", "AlertConnection", "AlertEdge", "AuditEntryConnection",
  "AuditEntryEdge", "CasePause", "ClaimConnection", "ClaimEdge", "ComplaintConnection", "ComplaintEdge",
  "ConsentConnection", "ConsentEdge", "ConsentInForce", "ContactChannelDecision", "ContactPolicy",
  "CreatedWebhook", "CustomerChange", "CustomerConnection", "CustomerDataExport", "CustomerEdge",
  "CustomerSummary", "DuplicateCandidateConnection", "DuplicateCandidateEdge", "ExportWithheldField",
  "HouseholdMember", "ImportErrorConnection", "ImportErrorEdge", "Income", "InteractionConnection",
  "InteractionEdge", "ListCount", "MatchComparison", "Me", "Money", "Offer", "OfferConnection", "OfferEdge",
  "OfferResponseConnection", "OfferResponseEdge", "OpenCaseAgeing", "PageInfo", "PersonProfile",
  "PolicyChangeConnection", "PolicyChangeEdge", "PolicyConnection", "PolicyEdge", "ProductExclusion",
  "ProfileProvenance", "Recommendation", "RecommendationReason", "RetentionRunConnection",
  "RetentionRunEdge", "RetentionTableCount", "RiskAssessmentConnection", "RiskAssessmentEdge", "RiskFactor",
  "RiskWarning", "SegmentConnection", "SegmentEdge", "SegmentExplainNode", "SegmentExplanation",
  "SegmentPreview", "ServiceCaseConnection", "ServiceCaseEdge", "ServiceMetrics", "ServiceMetricsGroup",
  "ServiceTaskConnection", "ServiceTaskEdge", "SlaReading", "TaskReach", "TaskRule", "TimelineConnection",
  "TimelineEdge", "TimelineEntry", "WebhookAttempt", "WebhookHealth",
] as const;

/** Apollo Client's cache for the API: objects with an id normalized as Type:id, the others merged into their parent. */
export function customer360Cache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Product: { keyFields: ["code"] },
      ...Object.fromEntries(ID_LESS_TYPES.map((type) => [type, { merge: true }])),
    },
  });
}
