import { Role } from "./role";
import type { Viewer } from "./viewer";

export interface ScopeClause {
  sql: string;
  params: Record<string, unknown>;
}

/** The customer's latest decision for a consent purpose (true, false, or NULL when never asked), on a customer alias. */
export function latestConsentSql(alias: string, purpose: "MARKETING" | "PROFILING" | "SENSITIVE_DATA"): string {
  return `(SELECT k.granted FROM consent k WHERE k.customer_id = ${alias}.id
               AND k.purpose = '${purpose}' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1)`;
}

/**
 * Customers whose latest PROFILING decision is a refusal (PIPL Art. 24): kept out of every segment
 * evaluated for MARKETING and out of offers. Never asked counts as not refused.
 */
export function profilingAllowedSql(alias: string): string {
  return `${latestConsentSql(alias, "PROFILING")} IS NOT FALSE`;
}

/** Customers whose current SENSITIVE_DATA consent is granted: where consent-bound uses apply. */
export function sensitiveConsentSql(alias: string): string {
  return `${latestConsentSql(alias, "SENSITIVE_DATA")} IS TRUE`;
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
        sql: `${alias}.erased_at IS NULL AND ${latestConsentSql(alias, "MARKETING")} IS TRUE`,
        params: {},
      };
    case Role.UNDERWRITER:
    case Role.CLAIMS_ADJUSTER:
    case Role.COMPLIANCE:
    case Role.ADMIN:
      return { sql: "TRUE", params: {} };
    case Role.INTEGRATION:
      // a service account loads data; it reads no customer back (ids and source keys only, from its jobs)
      return { sql: "FALSE", params: {} };
  }
}
