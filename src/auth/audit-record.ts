import type { Role } from "./role";

/**
 * One row of the access audit (table audit_entry) as the audit writers fill it. The table's entity
 * (modules/audit/audit-entry.entity.ts) implements this, so the two cannot drift apart.
 */
export interface AuditRecord {
  id: string;
  at: Date;
  /** Staff user or customer id. */
  actorId: string;
  role: Role;
  purpose: string | null;
  operation: string;
  requestId: string;
  customerId: string | null;
  /** Fields returned (Type.field). */
  fields: string[];
  /** ALLOWED, MASKED, DENIED or WITHHELD. */
  outcome: string;
}
