import type { DomainModule } from "../domain-module";
import { DuplicateCandidate } from "./duplicate-candidate.entity";
import { duplicatePermissions } from "./duplicate.permissions";
import { DuplicateCandidateResolver } from "./duplicate.resolver";

export const duplicateModule: DomainModule = {
  name: "duplicate",
  entities: [DuplicateCandidate],
  resolvers: [DuplicateCandidateResolver],
  permissions: [duplicatePermissions],
};
