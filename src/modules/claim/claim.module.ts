import type { DomainModule } from "../domain-module";
import { CLAIM_RELATIONS } from "./claim.relations";
import { ClaimEvent } from "./claim-event.entity";
import { Claim } from "./claim.entity";
import { ClaimMutations } from "./claim.mutations";
import { claimPermissions } from "./claim.permissions";
import { ClaimResolver } from "./claim.resolver";
import { claimWritePermissions } from "./claim-write.permissions";

export const claimModule: DomainModule = {
  name: "claim",
  entities: [Claim, ClaimEvent],
  resolvers: [ClaimResolver, ClaimMutations],
  permissions: [claimPermissions, claimWritePermissions],
  relations: CLAIM_RELATIONS,
};
