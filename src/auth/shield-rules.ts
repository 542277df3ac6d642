import { rule } from "graphql-shield";
import type { RequestContext } from "../graphql/context";
import { ConsentPurpose } from "../modules/consent/consent.entity";
import { ForbiddenError, UnauthenticatedError } from "../shared/errors";
import { accessFor, DataClass } from "./field-policy";

export const isAuthenticated = rule("isAuthenticated", { cache: "contextual" })(
  (_parent, _args, ctx: RequestContext) => ctx.viewer.kind !== "anonymous" || new UnauthenticatedError(),
);

/** The customer a parent object belongs to (a Customer itself, or a row keyed by customer_id). */
function customerIdOf(parent: { id?: string; customerId?: string }, typeName: string): string | undefined {
  return typeName === "Customer" ? parent.id : parent.customerId;
}

async function sensitiveDataConsented(ctx: RequestContext, customerId: string | undefined): Promise<boolean> {
  if (!customerId) return false;
  const consents = await ctx.loaders.currentConsentsByCustomerId.load(customerId);
  return consents.some((consent) => consent.purpose === ConsentPurpose.SENSITIVE_DATA && consent.granted);
}

/**
 * One rule per data class. Masked and banded access is refused until field masking lands
 * (deny by default: nothing is returned in a form the policy table does not allow).
 */
function classRule(dataClass: DataClass) {
  const needsParent = dataClass === DataClass.FINANCIAL || dataClass === DataClass.HEALTH;
  return rule(`class_${dataClass}`, { cache: needsParent ? "no_cache" : "contextual" })(
    async (parent, _args, ctx: RequestContext, info) => {
      const viewer = ctx.viewer;
      if (viewer.kind === "anonymous") return new UnauthenticatedError();
      const access = accessFor(viewer.role, dataClass);
      if (access === "full") return true;
      if (access === "consent") {
        if (await sensitiveDataConsented(ctx, customerIdOf(parent, info.parentType.name))) return true;
        return new ForbiddenError(`${info.parentType.name}.${info.fieldName} needs the customer's consent to sensitive data processing`, {
          reason: "CONSENT_REQUIRED",
        });
      }
      return new ForbiddenError(`Your role may not read ${info.parentType.name}.${info.fieldName}`, { reason: "FIELD_POLICY" });
    },
  );
}

export const CLASS_RULES = Object.fromEntries(Object.values(DataClass).map((c) => [c, classRule(c)])) as Record<
  DataClass,
  ReturnType<typeof classRule>
>;
