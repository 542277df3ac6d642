import type { DomainModule } from "../domain-module";
import { privacyPermissions } from "./privacy.permissions";
import { PrivacyResolver } from "./privacy.resolver";

export const privacyModule: DomainModule = {
  name: "privacy",
  entities: [],
  resolvers: [PrivacyResolver],
  permissions: [privacyPermissions],
};
