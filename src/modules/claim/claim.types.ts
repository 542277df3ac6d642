import { ArgsType, Field } from "type-graphql";
import { Connection, PageArgs } from "../../shared/pagination";
import { Claim, ClaimStatus } from "./claim.entity";

export const ClaimConnection = Connection(Claim, "Claim");
export type ClaimConnection = InstanceType<typeof ClaimConnection>;

@ArgsType()
export class ClaimListArgs extends PageArgs {
  @Field(() => ClaimStatus, { nullable: true, description: "Only claims in this status." })
  status?: ClaimStatus | null;
}
