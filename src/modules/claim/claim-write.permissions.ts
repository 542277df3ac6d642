import { signedInAs } from "../../auth/role-rules";
import { Role } from "../../auth/role";

const { AGENT, CLAIMS_ADJUSTER, ADMIN, CUSTOMER } = Role;

/** Claims are filed by the policyholder, their agent, an adjuster or an administrator; only adjusters and administrators move them on. */
export const claimWritePermissions = {
  Mutation: {
    fileClaim: signedInAs(AGENT, CLAIMS_ADJUSTER, ADMIN, CUSTOMER),
    transitionClaim: signedInAs(CLAIMS_ADJUSTER, ADMIN),
  },
};
