import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** As setConsent: row scope (own book, self) is checked in the service through the scoped customer loader. */
export const contactPolicyPermissions = {
  Mutation: {
    setDoNotContact: signedInAs(Role.CUSTOMER, Role.AGENT, Role.ADMIN, Role.SERVICE_REP),
  },
};
