import type { DomainModule } from "../domain-module";
import { DoNotContact } from "./do-not-contact.entity";
import { contactPolicyPermissions } from "./contact-policy.permissions";
import { ContactPolicyMutations, ContactPolicyResolver } from "./contact-policy.resolver";

export const contactPolicyModule: DomainModule = {
  name: "contact-policy",
  entities: [DoNotContact],
  resolvers: [ContactPolicyResolver, ContactPolicyMutations],
  permissions: [contactPolicyPermissions],
};
