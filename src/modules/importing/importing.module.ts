import type { DomainModule } from "../domain-module";
import { ImportError, ImportJob } from "./import-job.entity";
import { ImportJobCustomer } from "./import-job-customer.entity";
import { importingPermissions } from "./importing.permissions";
import { ImportingResolver } from "./importing.resolver";

/** Bulk import of source files as resumable jobs (npm run import; importJob / importErrors for ADMIN). */
export const importingModule: DomainModule = {
  name: "importing",
  entities: [ImportJob, ImportError, ImportJobCustomer],
  resolvers: [ImportingResolver],
  permissions: [importingPermissions],
};
