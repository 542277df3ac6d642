import { ArgsType, Field } from "type-graphql";
import { Connection, PageArgs } from "../../shared/pagination";
import { ServiceAlert } from "./service-alert.entity";

export const AlertConnection = Connection(ServiceAlert, "Alert");
export type AlertConnection = InstanceType<typeof AlertConnection>;

@ArgsType()
export class AlertListArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: "Only alerts not yet acknowledged." })
  unreadOnly?: boolean | null;
}
