import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Consent } from "./consent.entity";
import { SetConsentInput } from "./consent.inputs";
import { setConsent } from "./consent.service";

@Resolver(() => Consent)
export class ConsentMutations {
  @Mutation(() => Consent, { description: "Records a consent decision (the customer for themself, an agent for their book, an admin)." })
  setConsent(@Ctx() ctx: RequestContext, @Arg("input", () => SetConsentInput) input: SetConsentInput) {
    return setConsent(ctx, input);
  }
}
