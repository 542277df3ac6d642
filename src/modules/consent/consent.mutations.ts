import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Consent } from "./consent.entity";
import { SetConsentInput } from "./consent.inputs";
import { setConsent } from "./consent.service";

@Resolver(() => Consent)
export class ConsentMutations {
  @Mutation(() => Consent, { description: "Records a consent decision (the customer for themself, an agent for their book, an admin)." })
  setConsent(@Ctx() ctx: RequestContext, @Arg("input", () => SetConsentInput, { description: "The customer, purpose, decision and (MARKETING only) contact channel; a customer out of your row scope is NOT_FOUND." }) input: SetConsentInput) {
    return setConsent(ctx, input);
  }
}
