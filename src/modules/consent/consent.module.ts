import type { DomainModule } from "../domain-module";
import { Consent } from "./consent.entity";
import { consentPermissions } from "./consent.permissions";
import { ConsentResolver } from "./consent.resolver";

export const consentModule: DomainModule = {
  name: "consent",
  entities: [Consent],
  resolvers: [ConsentResolver],
  permissions: [consentPermissions],
};
