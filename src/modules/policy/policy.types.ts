import { ArgsType, Field } from "type-graphql";
import { Connection, PageArgs } from "../../shared/pagination";
import { Policy, PolicyStatus } from "./policy.entity";
import { PolicyChange } from "./policy-change.entity";

export const PolicyConnection = Connection(Policy, "Policy");
export const PolicyChangeConnection = Connection(PolicyChange, "PolicyChange");
export type PolicyChangeConnection = InstanceType<typeof PolicyChangeConnection>;
export type PolicyConnection = InstanceType<typeof PolicyConnection>;

@ArgsType()
export class PolicyListArgs extends PageArgs {
  @Field(() => PolicyStatus, { nullable: true, description: "Only policies in this status." })
  status?: PolicyStatus | null;
}
