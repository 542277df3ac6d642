import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** Caller verification is the contact centre's first step (SERVICE_REP); the CallerVerification fields are in the policy table. */
export const callerPermissions = {
  Mutation: { verifyCaller: signedInAs(Role.SERVICE_REP) },
};
