import type { DomainModule } from "../domain-module";
import { livePermissions } from "./live.permissions";
import { LiveResolver } from "./live.resolver";

/** Live subscriptions (graphql-ws): a customer's changes, your alerts, complaint deadlines. */
export const liveModule: DomainModule = {
  name: "live",
  entities: [],
  resolvers: [LiveResolver],
  permissions: [livePermissions],
};
