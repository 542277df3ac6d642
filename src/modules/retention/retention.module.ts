import type { DomainModule } from "../domain-module";
import { LegalHold } from "./legal-hold.entity";
import { retentionPermissions } from "./retention.permissions";
import { RetentionResolver } from "./retention.resolver";

/** Retention (docs/retention.md): the retention table, its purge, legal holds and the runs' record (retention_run, read with raw SQL: no entity). */
export const retentionModule: DomainModule = {
  name: "retention",
  entities: [LegalHold],
  resolvers: [RetentionResolver],
  permissions: [retentionPermissions],
};
