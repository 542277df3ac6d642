import { buildSchema } from "type-graphql";
import { applyMiddleware } from "graphql-middleware";
import type { GraphQLSchema } from "graphql";
import { ClaimResolver } from "../modules/claim/claim.resolver";
import { CustomerResolver } from "../modules/customer/customer.resolver";
import { CustomerSummaryResolver } from "../modules/customer/customer-summary.resolver";
import { RELATIONS } from "../modules/relations";
import { relationResolvers } from "./relation-fields";
import { CustomerProfileResolver } from "../modules/customer/customer-profile.resolver";
import { PolicyResolver } from "../modules/policy/policy.resolver";
import { StaffResolver } from "../modules/staff/staff.resolver";
import { CustomerSegmentsResolver, SegmentResolver } from "../modules/segment/segment.resolver";
import { RiskResolver } from "../modules/risk/risk.resolver";
import { buildPermissionMap, permissions } from "./permissions";
import { unwrapSignedInOnlyFields } from "./signed-in-paths";
import { validateArguments } from "./validation";
import { CustomerMutations } from "../modules/customer/customer.mutations";
import { HouseholdMutations } from "../modules/household/household.mutations";
import { InteractionMutations } from "../modules/interaction/interaction.mutations";
import { ClaimMutations } from "../modules/claim/claim.mutations";
import { MetricsResolver } from "../modules/metrics/metrics.resolver";
import { ConsentResolver } from "../modules/consent/consent.resolver";
import { AuditResolver } from "../modules/audit/audit.resolver";
import { PrivacyResolver } from "../modules/privacy/privacy.resolver";
import { NodeResolver } from "../modules/node/node.resolver";
import { fieldGuardMiddleware } from "../auth/field-guard";
import { CustomerRecommendationsResolver, OfferResolver } from "../modules/recommendation/recommendation.resolver";
import { DuplicateCandidateResolver } from "../modules/duplicate/duplicate.resolver";

export const RESOLVERS = [
  CustomerResolver,
  CustomerSummaryResolver,
  CustomerProfileResolver,
  PolicyResolver,
  ClaimResolver,
  StaffResolver,
  SegmentResolver,
  CustomerSegmentsResolver,
  RiskResolver,
  ConsentResolver,
  AuditResolver,
  PrivacyResolver,
  NodeResolver,
  CustomerMutations, HouseholdMutations, InteractionMutations, ClaimMutations, MetricsResolver,
  CustomerRecommendationsResolver, OfferResolver,
  DuplicateCandidateResolver,
  ...relationResolvers(RELATIONS),
] as const;

/** The schema as type-graphql builds it from the code, before authorization is applied. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    validateFn: validateArguments,
    emitSchemaFile: false,
  });
  const query = schema.getQueryType();
  if (query) query.description = "Reads of the customer-360 graph; every list and lookup is limited to the caller's row scope.";
  const mutation = schema.getMutationType();
  if (mutation && !mutation.description) mutation.description = "Writes; each checked by role in the shield and by row scope in its service.";
  return schema;
}

/**
 * The served schema: every field behind the shield (deny by default); inside it, personal fields
 * pass the field guard (masking, banding, access audit).
 */
export async function buildServedSchema(): Promise<GraphQLSchema> {
  const schema = await buildBareSchema();
  const served = applyMiddleware(schema, permissions(schema), fieldGuardMiddleware());
  unwrapSignedInOnlyFields(served, schema, buildPermissionMap(schema));
  return served;
}
