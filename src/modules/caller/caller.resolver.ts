import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { CallerVerification } from "./caller-verification.entity";
import { verifyCaller } from "./caller-verification.service";
import { VerifyCallerInput } from "./caller.types";

@Resolver(() => CallerVerification)
export class CallerResolver {
  @Mutation(() => CallerVerification, {
    description: "Contact centre: verifies a caller by one identifier and the facts they give; when passed, you may serve that customer for 30 minutes (SERVICE_REP).",
  })
  verifyCaller(@Ctx() ctx: RequestContext, @Arg("input", () => VerifyCallerInput, { description: "One identifier the caller gives (customer number, policy number or phone) and the facts they give (date of birth, last four national-id characters); each attempt uses one look-up of your hourly budget, and the answer says only passed or not." }) input: VerifyCallerInput) {
    return verifyCaller(ctx, input);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The verified customer, under your row scope and field policy (null when not passed)." })
  customer(@Ctx() ctx: RequestContext, @Root() verification: CallerVerification) {
    return verification.passed && verification.customerId ? ctx.loaders.byId(CUSTOMER_BY_ID).load(verification.customerId) : null;
  }
}
