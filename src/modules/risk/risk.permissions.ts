import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** Underwriters and administrators (re-)assess risk; the profile itself follows the policy table. */
export const riskPermissions = {
  Mutation: {
    assessRisk: signedInAs(Role.UNDERWRITER, Role.ADMIN),
  },
};
