import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** Staff who may be addressed (an agent for their book, a role for its work); the Alert fields are in the policy table. */
const staff = signedInAs(Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING, Role.COMPLIANCE, Role.ADMIN);

export const alertPermissions = {
  Query: { alerts: staff },
  Mutation: { acknowledgeAlert: staff },
};
