import { Role } from "./role";
import type { Viewer } from "./viewer";

export interface ScopeClause {
  sql: string;
  params: Record<string, unknown>;
  /** The conditions whose AND `sql` is, where the scope is a plain conjunction of them (see withinScope). */
  conjuncts?: readonly string[];
}

/**
 * The scope and the conditions a read adds to it, as one where clause: a condition the scope
 * already holds as one of its conjuncts is not repeated (PostgreSQL evaluates a repeated sub-select
 * again for every row: the offers page for MARKETING read each customer's marketing consent twice).
 */
export function withinScope(scope: ScopeClause, conditions: readonly string[]): string {
  const held = new Set(scope.conjuncts ?? []);
  return [`(${scope.sql})`, ...conditions.filter((condition) => !held.has(condition)).map((condition) => `(${condition})`)].join(" AND ");
}

/**
 * A record's own latest decision for a purpose as a whole (TRUE, FALSE, or NULL when never asked);
 * decisions about one contact channel (the contact policy's) are not the purpose's. Both arguments are SQL expressions.
 */
function recordedConsentSql(customerId: string, purpose: string): string {
  return `(SELECT k.granted FROM consent k WHERE k.customer_id = ${customerId}
               AND k.purpose = ${purpose} AND k.contact_channel IS NULL ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1)`;
}

/** Whether a record linked with this one (identity links: one person) has refused the purpose as its latest decision. */
export function refusedOnLinkedRecordSql(customerId: string, purpose: string): string {
  return `EXISTS (SELECT 1 FROM person_link kl JOIN person_link km ON km.person_id = kl.person_id AND km.customer_id <> kl.customer_id
                   WHERE kl.customer_id = ${customerId} AND ${recordedConsentSql("km.customer_id", purpose)} IS FALSE)`;
}

/**
 * The consent decision in force for a customer record and purpose — the one rule every use of
 * consent reads (row scope, segments, offers, risk, sensitive fields, exports). Refusal wins
 * across linked records: FALSE when the record's own latest decision or that of any record linked
 * with it is a refusal (a withdrawal given on any record of the person holds for the person);
 * otherwise the record's own latest decision (TRUE, or NULL when never asked). A grant holds only
 * for the record it was given on. Arguments are SQL expressions (a column, a literal, a parameter).
 */
export function consentInForceSql(customerId: string, purpose: string): string {
  return `(CASE WHEN ${refusedOnLinkedRecordSql(customerId, purpose)} THEN FALSE ELSE ${recordedConsentSql(customerId, purpose)} END)`;
}

/** The decision in force for a purpose on a customer alias (TRUE, FALSE, or NULL when never asked). */
export function consentInForceOn(alias: string, purpose: "MARKETING" | "PROFILING" | "SENSITIVE_DATA"): string {
  return consentInForceSql(`${alias}.id`, `'${purpose}'`);
}

/**
 * Customers whose latest PROFILING decision is a refusal (PIPL Art. 24): kept out of every segment
 * evaluated for MARKETING and out of offers. Never asked counts as not refused.
 */
export function profilingAllowedSql(alias: string): string {
  return `${consentInForceOn(alias, "PROFILING")} IS NOT FALSE`;
}

/** Customers whose marketing consent is in force (granted, and refused on no linked record). */
export function marketingConsentedSql(alias: string): string {
  return `${consentInForceOn(alias, "MARKETING")} IS TRUE`;
}

/** Customers not erased. */
export function notErasedSql(alias: string): string {
  return `${alias}.erased_at IS NULL`;
}

/** Customers whose current SENSITIVE_DATA consent is granted: where consent-bound uses apply. */
export function sensitiveConsentSql(alias: string): string {
  return `${consentInForceOn(alias, "SENSITIVE_DATA")} IS TRUE`;
}

/**
 * Which customers a viewer may see, as a where clause on a customer alias (DESIGN §5 row scope).
 * Every path to a customer (by id, list, nested, search) goes through this one clause; a row out
 * of scope is indistinguishable from a missing one.
 */
export function customerScope(viewer: Viewer, alias: string): ScopeClause {
  if (viewer.kind === "anonymous") return { sql: "FALSE", params: {} };
  const shared = roleScope(viewer.role, alias);
  if (shared?.viewerColumn) return { sql: `${shared.viewerColumn} = :scopeViewerId`, params: { scopeViewerId: viewer.id } };
  if (shared) return { sql: shared.sql, params: {}, conjuncts: shared.conjuncts };
  switch (viewer.role) {
    case Role.CUSTOMER:
      return { sql: `${alias}.id = :scopeViewerId AND ${notErasedSql(alias)}`, params: { scopeViewerId: viewer.id } };
    case Role.SERVICE_REP:
      // the contact centre serves a caller it has verified (verifyCaller), while the verification lasts
      return {
        sql: `${notErasedSql(alias)} AND EXISTS (SELECT 1 FROM caller_verification cv WHERE cv.customer_id = ${alias}.id
                AND cv.staff_id = :scopeViewerId AND cv.passed AND cv.expires_at > now())`,
        params: { scopeViewerId: viewer.id },
      };
    default:
      throw new Error(`no row scope declared for ${viewer.role}`);
  }
}

/** A role's row scope for all its viewers at once (see roleScope). */
export interface RoleScope {
  /** The clause every viewer of the role shares ("TRUE" when there is none but the group). */
  sql: string;
  /** The column whose value is the viewer's id for the customers a viewer sees (an agent's book); null: every viewer sees all of `sql`. */
  viewerColumn: string | null;
  /** The conditions whose AND `sql` is. */
  conjuncts?: readonly string[];
}

const conjunction = (conjuncts: string[]): RoleScope => ({ sql: conjuncts.join(" AND "), viewerColumn: null, conjuncts });

/**
 * The row scope of the roles whose scope does not depend on who the viewer is, or only through
 * one column (an agent sees the customers whose assigned agent they are): figures computed ahead
 * for every viewer of a role (segment member counts) group by `viewerColumn`. null for the roles
 * whose scope depends on more (a customer's own row, a service rep's verified callers while the
 * verification lasts). customerScope answers from this for those roles, so the two cannot differ.
 */
export function roleScope(role: Role, alias: string): RoleScope | null {
  switch (role) {
    case Role.AGENT:
      return { sql: "TRUE", viewerColumn: `${alias}.assigned_agent_id` };
    case Role.MARKETING:
      return conjunction([notErasedSql(alias), marketingConsentedSql(alias)]);
    case Role.UNDERWRITER:
    case Role.CLAIMS_ADJUSTER:
    case Role.COMPLIANCE:
    case Role.ADMIN:
      return { sql: "TRUE", viewerColumn: null };
    case Role.INTEGRATION:
      // a service account loads data; it reads no customer back (ids and source keys only, from its jobs)
      return { sql: "FALSE", viewerColumn: null };
    case Role.CUSTOMER:
    case Role.SERVICE_REP:
      return null;
  }
}
