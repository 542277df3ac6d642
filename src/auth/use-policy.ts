import { Role } from "./role";
import { ForbiddenError } from "../shared/errors";
import { accessFor, DataClass, FIELD_CLASSES, FIELD_MASKS } from "./field-policy";

/**
 * A field's access governs every use of its value, not only its read (DESIGN §5): filtering and
 * exact look-up, sorting (and the cursors it hands out), segment rules, and values derived from it.
 */
export enum Use {
  FILTER = "FILTER",
  SORT = "SORT",
  RULE = "RULE",
  DERIVE = "DERIVE",
}

/**
 * any: every use. consent: every use, on customers whose current SENSITIVE_DATA consent is granted
 * only (for the others the use behaves as if the value were unknown). band: comparisons with the
 * band's boundaries only, never a sort. visible: through the part a mask shows only (date of birth
 * → year), never a sort. none: no use at all.
 */
export type UseGrant = "any" | "consent" | "band" | "visible" | "none";

/** The class of a policy field "Type.field"; a field the table does not list is treated as denied. */
function classOf(field: string): DataClass | null {
  const [typeName, fieldName] = field.split(".");
  return FIELD_CLASSES[typeName]?.[fieldName] ?? null;
}

/** What the policy table lets a role do with one field's value, by use. Derived from the read access alone. */
export function useGrant(role: Role | null, field: string, use: Use): UseGrant {
  const dataClass = classOf(field);
  if (role === null || dataClass === null) return "none";
  const mask = FIELD_MASKS[field];
  switch (accessFor(role, dataClass)) {
    case "full":
      return "any";
    case "consent":
      return "consent";
    case "band":
      return use !== Use.SORT && mask?.band && mask.boundaries ? "band" : "none";
    case "masked":
      return use !== Use.SORT && mask?.masked && mask.visiblePart ? "visible" : "none";
    case "deny":
      return "none";
  }
}

/**
 * The grant, or FORBIDDEN when the role may not use the field this way — decided from the role
 * and the request alone, before any SQL, so the refusal is the same whether a customer matches.
 */
export function requireUse(role: Role | null, field: string, use: Use, at: string): Exclude<UseGrant, "none"> {
  const grant = useGrant(role, field, use);
  if (grant === "none") throw refusedUse(field, use, at);
  return grant;
}

export function refusedUse(field: string, use: Use, at: string): ForbiddenError {
  return new ForbiddenError(`Your role may not use ${field} in ${use.toLowerCase()}s (${at})`, { reason: "USE_POLICY", field, use, path: at });
}

/** Band uses compare with the band's boundaries only ("at least" / "below" a boundary): anything finer is refused. */
export function requireBoundaries(field: string, comparison: { boundaryOp: boolean; values: readonly unknown[] }, at: string): void {
  const boundaries = FIELD_MASKS[field]?.boundaries ?? [];
  if (!comparison.boundaryOp || comparison.values.some((value) => typeof value !== "number" || !boundaries.includes(value))) {
    throw new ForbiddenError(`Your role may compare ${field} only as at least / below a band boundary (${boundaries.join(", ")}) (${at})`, {
      reason: "BAND_BOUNDARY", field, path: at, boundaries,
    });
  }
}

/**
 * A value derived from personal data, with the policy fields it is computed from (STYLE 10).
 * `coarse`: inputs the output shows only as a band at least as coarse as the role's reduced form
 * (an age band from a date of birth the role sees as a year): enough where that input is banded
 * or visible to the role. Every other input must be usable in full, or with consent.
 */
export interface DerivedFrom {
  inputs: readonly string[];
  coarse?: readonly string[];
}

/**
 * How a role may receive or use a derived value: at the most restrictive access among its inputs.
 * any: always; consent: only for customers with current SENSITIVE_DATA consent; none: never.
 */
export function derivedGrant(role: Role | null, derived: DerivedFrom | undefined): "any" | "consent" | "none" {
  if (!derived) return "none"; // deny by default: an output nobody declared leaves nobody
  let grant: "any" | "consent" = "any";
  for (const input of derived.inputs) {
    const use = useGrant(role, input, Use.DERIVE);
    if (use === "consent") grant = "consent";
    else if (use === "band" || use === "visible") {
      if (!derived.coarse?.includes(input)) return "none";
    } else if (use !== "any") return "none";
  }
  return grant;
}

/**
 * Exact look-up by a personal value that a role sees only reduced: a named workflow, not a filter
 * (an agent or adjuster verifying a caller, compliance finding a data subject). Each look-up — hit
 * or miss — is recorded in the access audit and rate-limited per actor. Roles with full access look
 * up as they filter.
 */
export const EXACT_LOOKUPS: Record<string, readonly Role[]> = {
  "Customer.nationalId": [Role.AGENT, Role.CLAIMS_ADJUSTER, Role.COMPLIANCE, Role.ADMIN],
};

/** Whether a role may look a customer up by the exact value of a field (see EXACT_LOOKUPS). */
export function requireLookup(role: Role | null, field: string, at: string): "any" | "lookup" {
  if (useGrant(role, field, Use.FILTER) === "any") return "any";
  if (role !== null && EXACT_LOOKUPS[field]?.includes(role)) return "lookup";
  throw refusedUse(field, Use.FILTER, at);
}

/** Every policy field with a class other than PUBLIC: the fields whose uses the grants restrict. */
export function personalFields(): string[] {
  return Object.entries(FIELD_CLASSES).flatMap(([typeName, fields]) =>
    Object.entries(fields).filter(([, dataClass]) => dataClass !== DataClass.PUBLIC).map(([fieldName]) => `${typeName}.${fieldName}`));
}
