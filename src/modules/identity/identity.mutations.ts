import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { DuplicateCandidate } from "./duplicate-candidate.entity";
import { linkCustomers, proposeDuplicate, rejectCandidate, unlinkCustomer } from "./identity-review.service";

const REASON = { description: "Why (kept in the audit and on the pair), 1–200 characters." };

@Resolver()
export class IdentityMutations {
  @Mutation(() => [Customer], {
    description: "Links two customer records into one person without changing either (COMPLIANCE, ADMIN). Returns the person's records in the reviewer's scope.",
  })
  linkCustomers(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID) customerId: string,
    @Arg("otherCustomerId", () => ID) otherCustomerId: string,
    @Arg("reason", () => String, REASON) reason: string,
  ) {
    return linkCustomers(ctx, customerId, otherCustomerId, reason);
  }

  @Mutation(() => Customer, { description: "Takes a customer record out of its person; every record stays as it was before the link (COMPLIANCE, ADMIN)." })
  unlinkCustomer(@Ctx() ctx: RequestContext, @Arg("customerId", () => ID) customerId: string, @Arg("reason", () => String, REASON) reason: string) {
    return unlinkCustomer(ctx, customerId, reason);
  }

  @Mutation(() => Boolean, {
    description: "Proposes that two customers of your own book are one person (AGENT; COMPLIANCE, ADMIN): the pair joins the review queue. Always true: the answer says nothing about the review.",
  })
  proposeDuplicate(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID) customerId: string,
    @Arg("otherCustomerId", () => ID) otherCustomerId: string,
    @Arg("reason", () => String, REASON) reason: string,
  ) {
    return proposeDuplicate(ctx, customerId, otherCustomerId, reason);
  }

  @Mutation(() => DuplicateCandidate, { description: "Rejects an open candidate pair: two people; the pair is never proposed again (COMPLIANCE, ADMIN)." })
  rejectCandidate(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String, REASON) reason: string) {
    return rejectCandidate(ctx, id, reason);
  }
}
