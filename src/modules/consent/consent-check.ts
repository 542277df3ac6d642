import type { RequestContext } from "../../auth/request-context";
import { ConsentPurpose } from "./consent.entity";
import { consentLoaders } from "./consent-in-force";

/**
 * Whether the customer's SENSITIVE_DATA consent in force is granted (refusal wins across linked
 * records; read through the request's consents-in-force loader, shared with Customer.consentsInForce).
 * The shield's field rules of the consent class get this check from graphql/permissions.ts.
 */
export async function sensitiveDataConsented(ctx: RequestContext, customerId: string | undefined): Promise<boolean> {
  if (!customerId) return false;
  const consents = await ctx.loaders.get(consentLoaders).inForceByCustomerId.load(customerId);
  return consents.some((consent) => consent.purpose === ConsentPurpose.SENSITIVE_DATA && consent.granted);
}
