import type { RequestContext } from "../../graphql/context";
import type { Consent } from "./consent.entity";

export function currentConsentsOf(ctx: RequestContext, customerId: string): Promise<Consent[]> {
  return ctx.loaders.currentConsentsByCustomerId.load(customerId);
}
