import type { DomainModule } from "../domain-module";
import { Customer } from "./customer.entity";
import { CustomerMutations } from "./customer.mutations";
import { customerPermissions } from "./customer.permissions";
import { CustomerProfileResolver } from "./customer-profile.resolver";
import { CustomerRelationsResolver } from "./customer-relations.resolver";
import { CustomerResolver } from "./customer.resolver";
import { customerWritePermissions } from "./customer-write.permissions";

export const customerModule: DomainModule = {
  name: "customer",
  entities: [Customer],
  resolvers: [CustomerResolver, CustomerRelationsResolver, CustomerProfileResolver, CustomerMutations],
  permissions: [customerPermissions, customerWritePermissions],
};
