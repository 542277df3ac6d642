import { buildSchema, type PubSub } from "type-graphql";
import { applyMiddleware } from "graphql-middleware";
import type { GraphQLSchema } from "graphql";
import { buildPermissionMap, permissions } from "./permissions";
import { unwrapSignedInOnlyFields } from "./signed-in-paths";
import { validateArguments } from "./validation";
import { fieldGuardMiddleware } from "../auth/field-guard";
import { DERIVED, RELATIONS, RESOLVERS } from "../modules";
import { declaredFieldResolvers } from "./relation-fields";

/**
 * type-graphql wants a PubSub once a schema has subscriptions; ours have their own `subscribe`
 * (src/modules/live: a feed of the process's live events per subscription), so topics are refused.
 */
const NO_TOPICS: PubSub = {
  publish: () => {
    throw new Error("subscriptions use their own subscribe function, not topics");
  },
  subscribe: () => {
    throw new Error("subscriptions use their own subscribe function, not topics");
  },
};

/** The schema as type-graphql builds it from the code, before authorization is applied. */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS, ...declaredFieldResolvers(RELATIONS, DERIVED)] as [Function, ...Function[]],
    validateFn: validateArguments,
    emitSchemaFile: false,
    pubSub: NO_TOPICS,
  });
  const query = schema.getQueryType();
  if (query) query.description = "Reads of the customer-360 graph; every list and lookup is limited to the caller's row scope.";
  const subscription = schema.getSubscriptionType();
  if (subscription) subscription.description = "Live pushes over graphql-ws (same port, /graphql): each one re-read through the executor under your role, scope and consents, and audited.";
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
