import type { DomainModule } from "../domain-module";
import { privacyPermissions } from "./privacy.permissions";
import { PrivacyMutations } from "./privacy.mutations";

export const privacyModule: DomainModule = {
  name: "privacy",
  entities: [],
  resolvers: [PrivacyMutations],
  permissions: [privacyPermissions],
};
