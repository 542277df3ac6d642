import { Role } from "../staff/staff.entity";
import { signedInAs } from "../../auth/role-rules";

export const auditPermissions = {
  Query: {
    auditLog: signedInAs(Role.COMPLIANCE, Role.ADMIN),
  },
};
