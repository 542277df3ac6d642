import { Field, ObjectType } from "type-graphql";
import { Customer } from "../customer/customer.entity";
import { RelationshipKind } from "./relationship.entity";

@ObjectType({ description: "A member of the customer's household or business relations." })
export class HouseholdMember {
  @Field(() => RelationshipKind, { description: "What the member is to the customer (e.g. SPOUSE, CHILD)." })
  kind: RelationshipKind;

  @Field(() => Customer, { description: "The member, as a customer record." })
  member: Customer;
}
