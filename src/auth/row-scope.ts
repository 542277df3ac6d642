import { Role } from "../modules/staff/staff.entity";
import type { Viewer } from "./viewer";

export interface ScopeClause {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Which customers a viewer may see, as a where clause on a customer alias (DESIGN §5 row scope).
 * Every path to a customer (by id, list, nested, search) goes through this one clause; a row out
 * of scope is indistinguishable from a missing one.
 */
export function customerScope(viewer: Viewer, alias: string): ScopeClause {
  if (viewer.kind === "anonymous") return { sql: "FALSE", params: {} };
  switch (viewer.role) {
    case Role.CUSTOMER:
      return { sql: `${alias}.id = :scopeViewerId AND ${alias}.erased_at IS NULL`, params: { scopeViewerId: viewer.id } };
    case Role.AGENT:
      return { sql: `${alias}.assigned_agent_id = :scopeViewerId`, params: { scopeViewerId: viewer.id } };
    case Role.MARKETING:
      return {
        sql: `${alias}.erased_at IS NULL AND (SELECT k.granted FROM consent k WHERE k.customer_id = ${alias}.id
               AND k.purpose = 'MARKETING' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS TRUE`,
        params: {},
      };
    case Role.UNDERWRITER:
    case Role.CLAIMS_ADJUSTER:
    case Role.COMPLIANCE:
    case Role.ADMIN:
      return { sql: "TRUE", params: {} };
  }
}
