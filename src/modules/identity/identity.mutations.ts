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
    @Arg("customerId", () => ID, { description: "One customer record of the person; in your row scope and not erased (else NOT_FOUND, or CONFLICT when erased)." }) customerId: string,
    @Arg("otherCustomerId", () => ID, { description: "The other record to link with it; not customerId itself (BAD_USER_INPUT), in your row scope and not erased as customerId." })
    otherCustomerId: string,
    @Arg("reason", () => String, REASON) reason: string,
  ) {
    return linkCustomers(ctx, customerId, otherCustomerId, reason);
  }

  @Mutation(() => Customer, { description: "Takes a customer record out of its person; every record stays as it was before the link (COMPLIANCE, ADMIN)." })
  unlinkCustomer(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The record to take out of its person; NOT_FOUND out of your row scope, CONFLICT (NOT_LINKED) when it is linked to no other record." })
    customerId: string, @Arg("reason", () => String, REASON) reason: string) {
    return unlinkCustomer(ctx, customerId, reason);
  }

  @Mutation(() => Boolean, {
    description: "Proposes that two customers of your own book are one person (AGENT; COMPLIANCE, ADMIN): the pair joins the review queue. Always true: the answer says nothing about the review.",
  })
  proposeDuplicate(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "One customer of the pair; in your row scope (an agent: your own book) and not erased, else NOT_FOUND (CONFLICT when erased)." }) customerId: string,
    @Arg("otherCustomerId", () => ID, { description: "The customer you believe is the same person; not customerId itself (BAD_USER_INPUT), in your row scope and not erased as customerId." })
    otherCustomerId: string,
    @Arg("reason", () => String, REASON) reason: string,
  ) {
    return proposeDuplicate(ctx, customerId, otherCustomerId, reason);
  }

  @Mutation(() => DuplicateCandidate, { description: "Rejects an open candidate pair: two people; the pair is never proposed again (COMPLIANCE, ADMIN)." })
  rejectCandidate(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The candidate pair (DuplicateCandidate.id from duplicateCandidates); NOT_FOUND when unknown, CONFLICT (ALREADY_DECIDED) unless it is OPEN." }) id: string, @Arg("reason", () => String, REASON) reason: string) {
    return rejectCandidate(ctx, id, reason);
  }
}
