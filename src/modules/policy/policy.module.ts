import type { DomainModule } from "../domain-module";
import { POLICY_RELATIONS } from "./policy.relations";
import { POLICY_DERIVED } from "./policy.derived";
import { Coverage } from "./coverage.entity";
import { InsuredObject } from "./insured-object.entity";
import { Policy } from "./policy.entity";
import { PolicyChange } from "./policy-change.entity";
import { PolicyParticipant } from "./policy-participant.entity";
import { PolicyParticipantResolver } from "./policy-participant.resolver";
import { PremiumInstalment } from "./premium-instalment.entity";
import { policyPermissions } from "./policy.permissions";
import { PolicyResolver } from "./policy.resolver";

export const policyModule: DomainModule = {
  name: "policy",
  entities: [Policy, Coverage, PolicyParticipant, InsuredObject, PremiumInstalment, PolicyChange],
  resolvers: [PolicyResolver, PolicyParticipantResolver],
  permissions: [policyPermissions],
  relations: POLICY_RELATIONS,
  derived: POLICY_DERIVED,
};
