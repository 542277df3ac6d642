import type { DomainModule } from "../domain-module";
import { nodePermissions } from "./node.permissions";
import { NodeResolver } from "./node.resolver";

export const nodeModule: DomainModule = {
  name: "node",
  entities: [],
  resolvers: [NodeResolver],
  permissions: [nodePermissions],
};
