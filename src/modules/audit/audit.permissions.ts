import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

const auditors = signedInAs(Role.COMPLIANCE, Role.ADMIN);

export const auditPermissions = {
  Query: {
    auditLog: auditors,
    accessAlerts: auditors,
  },
  // no customer data (actor ids and counts), so not in the personal-data table: readable by the auditors only
  AccessAlert: Object.fromEntries(
    ["id", "at", "actorId", "role", "kind", "windowStart", "windowEnd", "customers", "values", "details"].map((field) => [field, auditors]),
  ),
};
