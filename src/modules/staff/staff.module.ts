import type { DomainModule } from "../domain-module";
import { StaffUser } from "./staff.entity";
import { staffPermissions } from "./staff.permissions";
import { StaffResolver } from "./staff.resolver";

export const staffModule: DomainModule = {
  name: "staff",
  entities: [StaffUser],
  resolvers: [StaffResolver],
  permissions: [staffPermissions],
};
