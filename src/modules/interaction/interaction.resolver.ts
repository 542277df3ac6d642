import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { StaffUser } from "../staff/staff.entity";
import { staffById } from "../staff/staff.service";
import { Complaint } from "./complaint.entity";
import { Interaction } from "./interaction.entity";
import { complaintOf } from "./interaction.service";

@Resolver(() => Interaction)
export class InteractionResolver {
  @FieldResolver(() => StaffUser, { nullable: true, description: "Staff user who handled the contact." })
  staff(@Ctx() ctx: RequestContext, @Root() interaction: Interaction) {
    return interaction.staffId ? staffById(ctx, interaction.staffId) : null;
  }

  @FieldResolver(() => Complaint, { nullable: true, description: "The complaint received in this contact, if any." })
  complaint(@Ctx() ctx: RequestContext, @Root() interaction: Interaction) {
    return complaintOf(ctx, interaction);
  }
}
