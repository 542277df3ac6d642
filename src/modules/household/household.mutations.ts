import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { linkRelationship, unlinkRelationship } from "./household-write.service";
import { RelationshipKind } from "./relationship.entity";

@Resolver(() => Customer)
export class HouseholdMutations {
  @Mutation(() => Customer, { description: "Links two customers both ways (CHILD ↔ PARENT, SPOUSE ↔ SPOUSE, EMPLOYER ↔ EMPLOYEE); returns the first." })
  linkRelationship(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The customer the link belongs to." }) customerId: string,
    @Arg("relatedCustomerId", () => ID, { description: "The related customer." }) relatedCustomerId: string,
    @Arg("kind", () => RelationshipKind, { description: "What the related customer is to the customer (CHILD: their child)." }) kind: RelationshipKind,
  ) {
    return linkRelationship(ctx, customerId, relatedCustomerId, kind);
  }

  @Mutation(() => Customer, { description: "Removes a link in both directions; returns the first customer." })
  unlinkRelationship(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The customer the link belongs to." }) customerId: string,
    @Arg("relatedCustomerId", () => ID, { description: "The related customer." }) relatedCustomerId: string,
    @Arg("kind", () => RelationshipKind, { description: "The kind of link as seen from the customer." }) kind: RelationshipKind,
  ) {
    return unlinkRelationship(ctx, customerId, relatedCustomerId, kind);
  }
}
