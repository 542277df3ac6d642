import { ArgsType, Field } from "type-graphql";
import { Connection, PageArgs } from "../../shared/pagination";
import { Channel } from "../customer/customer.enums";
import { Complaint, ComplaintStatus } from "./complaint.entity";
import { Interaction, InteractionKind } from "./interaction.entity";

export const InteractionConnection = Connection(Interaction, "Interaction");
export type InteractionConnection = InstanceType<typeof InteractionConnection>;
export const ComplaintConnection = Connection(Complaint, "Complaint");
export type ComplaintConnection = InstanceType<typeof ComplaintConnection>;

@ArgsType()
export class InteractionListArgs extends PageArgs {
  @Field(() => Channel, { nullable: true, description: "Only contacts on this channel." })
  channel?: Channel | null;

  @Field(() => InteractionKind, { nullable: true, description: "Only contacts of this kind." })
  kind?: InteractionKind | null;
}

@ArgsType()
export class ComplaintListArgs extends PageArgs {
  @Field(() => ComplaintStatus, { nullable: true, description: "Only complaints in this status." })
  status?: ComplaintStatus | null;
}
