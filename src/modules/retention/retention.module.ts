import type { DomainModule } from "../domain-module";
import { retentionPermissions } from "./retention.permissions";
import { RetentionResolver } from "./retention.resolver";

/** Retention (docs/retention.md): the retention table, its purge, legal holds and the runs' record. Tables without entities (raw SQL). */
export const retentionModule: DomainModule = {
  name: "retention",
  entities: [],
  resolvers: [RetentionResolver],
  permissions: [retentionPermissions],
};
