import type { DomainModule } from "../domain-module";
import { CONSENT_RELATIONS } from "./consent.relations";
import { Consent } from "./consent.entity";
import { consentPermissions } from "./consent.permissions";
import { ConsentMutations } from "./consent.mutations";

export const consentModule: DomainModule = {
  name: "consent",
  entities: [Consent],
  resolvers: [ConsentMutations],
  permissions: [consentPermissions],
  relations: CONSENT_RELATIONS,
};
