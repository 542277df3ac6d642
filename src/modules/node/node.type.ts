import { Field, ID, InterfaceType } from "type-graphql";

/** Relay's Node: anything that can be fetched by id alone through `node(id)`. */
@InterfaceType("Node", { description: "An object that can be fetched by its id alone (Relay)." })
export abstract class Node {
  @Field(() => ID, { description: "Globally unique id (a UUID)." })
  id: string;
}
