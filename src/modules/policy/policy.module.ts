import type { DomainModule } from "../domain-module";
import { POLICY_RELATIONS } from "./policy.relations";
import { Coverage } from "./coverage.entity";
import { Policy } from "./policy.entity";
import { policyPermissions } from "./policy.permissions";
import { PolicyResolver } from "./policy.resolver";

export const policyModule: DomainModule = {
  name: "policy",
  entities: [Policy, Coverage],
  resolvers: [PolicyResolver],
  permissions: [policyPermissions],
  relations: POLICY_RELATIONS,
};
