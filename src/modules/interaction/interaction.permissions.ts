import { signedInAs } from "../../auth/role-rules";
import { Role } from "../../auth/role";

const { AGENT, CLAIMS_ADJUSTER, COMPLIANCE, ADMIN, CUSTOMER, SERVICE_REP } = Role;

/**
 * Service contacts: agents (their book), adjusters (claim support), administrators, and customers
 * for their own contacts, and the contact centre for a caller it verified. Complaints are also
 * handled by compliance; a customer (or the contact centre for them) may file one.
 */
export const interactionPermissions = {
  Mutation: {
    recordInteraction: signedInAs(AGENT, CLAIMS_ADJUSTER, ADMIN, CUSTOMER, SERVICE_REP),
    fileComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN, CUSTOMER, SERVICE_REP),
    investigateComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN),
    resolveComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN),
    escalateComplaint: signedInAs(AGENT, COMPLIANCE, ADMIN),
  },
};
