import type { ApolloServerPlugin } from "@apollo/server";
import { markWrite, routeReads, type ReadRouting } from "../auth/read-routing";
import type { RequestContext } from "../auth/request-context";

/**
 * Read replicas for GraphQL: a query's reads are routed once its operation is known (before the
 * compiled reads or the executor run); a mutation reads and writes on the primary, and marks the
 * caller's write before its answer leaves. Subscriptions stay on the primary: a push follows a
 * change just committed, which a replica may not have replayed yet.
 */
export function readRoutingPlugin(routing: ReadRouting | undefined): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      if (!routing) return;
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (operation?.operation === "query") await routeReads(contextValue, routing);
        },
        async willSendResponse({ contextValue, operation }) {
          if (operation?.operation === "mutation") await markWrite(contextValue, routing);
        },
      };
    },
  };
}
