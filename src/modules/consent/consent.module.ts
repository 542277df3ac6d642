import type { DomainModule } from "../domain-module";
import { CONSENT_RELATIONS } from "./consent.relations";
import { Consent } from "./consent.entity";
import { consentPermissions } from "./consent.permissions";
import { ConsentMutations } from "./consent.mutations";
import { ConsentInForceResolver } from "./consent-in-force.resolver";

export const consentModule: DomainModule = {
  name: "consent",
  entities: [Consent],
  resolvers: [ConsentInForceResolver, ConsentMutations],
  permissions: [consentPermissions],
  relations: CONSENT_RELATIONS,
};
