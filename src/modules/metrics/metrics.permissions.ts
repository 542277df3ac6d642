import { signedInAs } from "../../auth/role-rules";
import { Role } from "../../auth/role";

/**
 * Service figures are for those who manage service: administrators and compliance over all
 * customers, agents over their own book (the row scope of the query).
 */
export const metricsPermissions = {
  Query: {
    serviceMetrics: signedInAs(Role.ADMIN, Role.COMPLIANCE, Role.AGENT),
  },
};
