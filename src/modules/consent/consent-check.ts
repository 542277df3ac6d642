import type { RequestContext } from "../../auth/request-context";
import { ConsentPurpose } from "./consent.entity";
import { CURRENT_CONSENTS } from "./consent.relations";

/**
 * Whether the customer's current SENSITIVE_DATA consent is granted (read through the request's
 * current-consents loader, shared with the Customer.consents field). The shield's field rules of
 * the consent class get this check from graphql/permissions.ts.
 */
export async function sensitiveDataConsented(ctx: RequestContext, customerId: string | undefined): Promise<boolean> {
  if (!customerId) return false;
  const consents = await ctx.loaders.relation(CURRENT_CONSENTS).load(customerId);
  return consents.some((consent) => consent.purpose === ConsentPurpose.SENSITIVE_DATA && consent.granted);
}
