import { Role } from "../staff/staff.entity";
import { signedInAs } from "../customer/role-rules";

export const auditPermissions = {
  Query: {
    auditLog: signedInAs(Role.COMPLIANCE, Role.ADMIN),
  },
};
