import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";
import { isAuthenticated } from "../../auth/shield-rules";

/** A customer can export only themself: the scoped customer loader in the service sees to that. */
export const privacyPermissions = {
  Mutation: {
    exportCustomerData: signedInAs(Role.CUSTOMER, Role.COMPLIANCE),
    eraseCustomer: signedInAs(Role.COMPLIANCE, Role.ADMIN),
  },
  // names of withheld columns, reachable only through an export (the mutation rule above decides)
  ExportWithheldField: { table: isAuthenticated, field: isAuthenticated, reason: isAuthenticated },
};
