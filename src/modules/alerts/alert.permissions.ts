import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** Staff who may be addressed (an agent for their book, a role for its work); the Alert fields are in the policy table. */
export const ALERT_RECIPIENT_ROLES = [Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING, Role.COMPLIANCE, Role.ADMIN] as const;
const staff = signedInAs(...ALERT_RECIPIENT_ROLES);

export const alertPermissions = {
  Query: { alerts: staff },
  Mutation: { acknowledgeAlert: staff },
};
