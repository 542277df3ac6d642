import type { DomainModule } from "../domain-module";
import { AUDIT_RELATIONS } from "./audit.relations";
import { AuditEntry } from "./audit-entry.entity";
import { auditPermissions } from "./audit.permissions";
import { AuditResolver } from "./audit.resolver";

export const auditModule: DomainModule = {
  name: "audit",
  entities: [AuditEntry],
  resolvers: [AuditResolver],
  permissions: [auditPermissions],
  relations: AUDIT_RELATIONS,
};
