import { Field, ObjectType } from "type-graphql";
import { RelationshipKind } from "./relationship.entity";

/** A household link as the 360 shows it: a Relationship row; its `member` is a declared relation (household.relations.ts). */
@ObjectType({ description: "A member of the customer's household or business relations." })
export class HouseholdMember {
  @Field(() => RelationshipKind, { description: "What the member is to the customer (e.g. SPOUSE, CHILD)." })
  kind: RelationshipKind;
}
