import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { contactPolicyOf, setDoNotContact } from "./contact-policy.service";
import { ContactPolicy, ContactPolicyArgs, SetDoNotContactArgs } from "./contact-policy.types";

@Resolver(() => Customer)
export class ContactPolicyResolver {
  @FieldResolver(() => ContactPolicy, {
    nullable: true,
    description: "Do-not-contact, and per purpose and channel whether we may contact the customer now (or `at`), with the reasons when not.",
  })
  contactPolicy(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => ContactPolicyArgs) args: ContactPolicyArgs) {
    return contactPolicyOf(ctx, customer, args.at);
  }
}

@Resolver(() => ContactPolicy)
export class ContactPolicyMutations {
  @Mutation(() => ContactPolicy, {
    description: "Puts the customer on the do-not-contact list or lifts it (the customer for themself, an agent for their book, an admin): marketing is held back, service contact is not.",
  })
  setDoNotContact(@Ctx() ctx: RequestContext, @Args(() => SetDoNotContactArgs) args: SetDoNotContactArgs) {
    return setDoNotContact(ctx, args);
  }
}
