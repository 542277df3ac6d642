import type { DomainModule } from "../domain-module";
import { CustomerMatchKey } from "./customer-match-key.entity";
import { DuplicateCandidate } from "./duplicate-candidate.entity";
import { PersonLink } from "./person-link.entity";
import { duplicatePermissions } from "./duplicate.permissions";
import { DuplicateCandidateResolver } from "./duplicate.resolver";
import { IdentityMutations } from "./identity.mutations";
import { CustomerPersonResolver } from "./person.resolver";

export const identityModule: DomainModule = {
  name: "identity",
  entities: [DuplicateCandidate, CustomerMatchKey, PersonLink],
  resolvers: [DuplicateCandidateResolver, CustomerPersonResolver, IdentityMutations],
  permissions: [duplicatePermissions],
};
