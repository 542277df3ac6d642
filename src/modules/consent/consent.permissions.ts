import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** Row scope (own book, self) is checked in the service through the scoped customer loader. */
export const consentPermissions = {
  Mutation: {
    setConsent: signedInAs(Role.CUSTOMER, Role.AGENT, Role.ADMIN, Role.SERVICE_REP),
  },
};
