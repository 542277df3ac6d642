import { Role } from "../staff/staff.entity";
import { rolesRule } from "../segment/segment.permissions";

/** Underwriters and administrators (re-)assess risk; the profile itself follows the policy table. */
export const riskPermissions = {
  Mutation: {
    assessRisk: rolesRule("riskAssessor", [Role.UNDERWRITER, Role.ADMIN]),
  },
};
