import type { DomainModule } from "../domain-module";
import { Customer } from "./customer.entity";
import { CustomerMutations } from "./customer.mutations";
import { customerPermissions } from "./customer.permissions";
import { CustomerProfileResolver } from "./customer-profile.resolver";
import { CUSTOMER_DERIVED } from "./customer.derived";
import { CUSTOMER_RELATIONS } from "./customer.relations";
import { CustomerResolver } from "./customer.resolver";
import { customerWritePermissions } from "./customer-write.permissions";

export const customerModule: DomainModule = {
  name: "customer",
  entities: [Customer],
  resolvers: [CustomerResolver, CustomerProfileResolver, CustomerMutations],
  permissions: [customerPermissions, customerWritePermissions],
  relations: CUSTOMER_RELATIONS,
  derived: CUSTOMER_DERIVED,
};
