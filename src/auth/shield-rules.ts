import { rule } from "graphql-shield";
import type { RequestContext } from "./request-context";
import { ForbiddenError, UnauthenticatedError } from "../shared/errors";
import { DataClass, roleVerdict } from "./field-policy";

export const isAuthenticated = rule("isAuthenticated", { cache: "contextual" })(
  (_parent, _args, ctx: RequestContext) => ctx.viewer.kind !== "anonymous" || new UnauthenticatedError(),
);

/**
 * A parent object: a Customer, a row keyed by customer_id, or a parent composed of several
 * customers' records (a linked person's profile) naming the record behind each field.
 */
type Parent = { id?: string; customerId?: string; customerIdByField?: Record<string, string> } | null | undefined;

/** The customer a field's value belongs to (a Customer itself, a row keyed by customer_id, or the record a composed parent took it from). */
export function customerIdOf(parent: Parent, typeName: string, fieldName?: string): string | undefined {
  if (!parent) return undefined;
  if (parent.customerIdByField) return fieldName ? parent.customerIdByField[fieldName] : undefined;
  return typeName === "Customer" ? parent.id : parent.customerId;
}

/** Whether the customer's current consent to sensitive data processing is granted (the consent module answers). */
export type ConsentCheck = (ctx: RequestContext, customerId: string | undefined) => Promise<boolean>;

/**
 * A refused personal-field read, recorded for the access audit (staff only: the audit is of staff
 * access; a customer's own refusals are not recorded). Rides in the request's one audit INSERT.
 */
function refuseRead(ctx: RequestContext, parent: unknown, typeName: string, fieldName: string, error: ForbiddenError): ForbiddenError {
  const customerId = customerIdOf(parent as Parent, typeName, fieldName);
  if (ctx.viewer.kind === "staff" && customerId) ctx.audit.record(customerId, `${typeName}.${fieldName}`, "DENIED");
  return error;
}

/**
 * The rule of one field of a data class: full → allowed; masked/band → allowed when the field has
 * a reduction rule (the field guard applies it); consent → allowed while the customer's current
 * SENSITIVE_DATA consent is granted; anything else → FORBIDDEN on that path only, and recorded as a
 * DENIED access. The result is cached per request for a role that may read the field, and per
 * customer otherwise (a refusal must be recorded for every customer, and consent is per customer).
 */
export function fieldRule(typeName: string, fieldName: string, dataClass: DataClass, sensitiveDataConsented: ConsentCheck) {
  const cacheKey = (parent: Parent, _args: unknown, ctx: RequestContext): string => {
    const viewer = ctx.viewer;
    if (viewer.kind === "anonymous" || roleVerdict(viewer.role, typeName, fieldName, dataClass).kind === "read") return "viewer";
    return `customer:${customerIdOf(parent, typeName, fieldName) ?? "-"}`;
  };
  return rule(`field_${typeName}_${fieldName}`, { cache: cacheKey })(
    async (parent, _args, ctx: RequestContext) => {
      const viewer = ctx.viewer;
      if (viewer.kind === "anonymous") return new UnauthenticatedError();
      const verdict = roleVerdict(viewer.role, typeName, fieldName, dataClass);
      if (verdict.kind === "read") return true;
      if (verdict.kind === "consent") {
        if (await sensitiveDataConsented(ctx, customerIdOf(parent, typeName, fieldName))) return true;
        return refuseRead(ctx, parent, typeName, fieldName, new ForbiddenError(`${typeName}.${fieldName} needs the customer's consent to sensitive data processing`, {
          reason: "CONSENT_REQUIRED",
        }));
      }
      return refuseRead(ctx, parent, typeName, fieldName, new ForbiddenError(`Your role may not read ${typeName}.${fieldName}`, { reason: "FIELD_POLICY" }));
    },
  );
}
