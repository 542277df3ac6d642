import { buildSchema } from "type-graphql";
import { applyMiddleware } from "graphql-middleware";
import type { GraphQLSchema } from "graphql";
import { ClaimResolver } from "../modules/claim/claim.resolver";
import { CustomerResolver } from "../modules/customer/customer.resolver";
import { CustomerRelationsResolver } from "../modules/customer/customer-relations.resolver";
import { CustomerProfileResolver } from "../modules/customer/customer-profile.resolver";
import { InteractionResolver } from "../modules/interaction/interaction.resolver";
import { PolicyResolver } from "../modules/policy/policy.resolver";
import { StaffResolver } from "../modules/staff/staff.resolver";
import { permissions } from "./permissions";

export const RESOLVERS = [
  CustomerResolver,
  CustomerRelationsResolver,
  CustomerProfileResolver,
  PolicyResolver,
  ClaimResolver,
  InteractionResolver,
  StaffResolver,
] as const;

/** The schema as type-graphql builds it from the code, before authorization is applied. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
  const query = schema.getQueryType();
  if (query) query.description = "Reads of the customer-360 graph; every list and lookup is limited to the caller's row scope.";
  return schema;
}

/** The served schema: every field behind the shield (deny by default). */
export async function buildServedSchema(): Promise<GraphQLSchema> {
  const schema = await buildBareSchema();
  return applyMiddleware(schema, permissions(schema));
}
