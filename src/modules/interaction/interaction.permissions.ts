import { signedInAs } from "../../auth/role-rules";
import { Role } from "../../auth/role";

const { AGENT, CLAIMS_ADJUSTER, COMPLIANCE, ADMIN, CUSTOMER } = Role;

/**
 * Service contacts: agents (their book), adjusters (claim support), administrators, and customers
 * for their own contacts. Complaints are also handled by compliance; a customer may file one.
 */
export const interactionPermissions = {
  Mutation: {
    recordInteraction: signedInAs(AGENT, CLAIMS_ADJUSTER, ADMIN, CUSTOMER),
    fileComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN, CUSTOMER),
    investigateComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN),
    resolveComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN),
    escalateComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN),
  },
};
