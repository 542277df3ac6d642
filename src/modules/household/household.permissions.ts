import { signedInAs } from "../../auth/role-rules";
import { Role } from "../../auth/role";

/** Household links: agents within their book (both customers must be in it), administrators. */
export const householdPermissions = {
  Mutation: {
    linkRelationship: signedInAs(Role.AGENT, Role.ADMIN),
    unlinkRelationship: signedInAs(Role.AGENT, Role.ADMIN),
  },
};
