import { Field, ID, InputType } from "type-graphql";
import { Channel } from "../customer/customer.enums";
import { ConsentPurpose } from "./consent.entity";

@InputType({ description: "A consent decision to record; the history is kept and the newest decision counts." })
export class SetConsentInput {
  @Field(() => ID, { description: "The customer deciding." })
  customerId: string;

  @Field(() => ConsentPurpose, { description: "What the decision is about." })
  purpose: ConsentPurpose;

  @Field(() => Boolean, { description: "True to grant, false to refuse or withdraw." })
  granted: boolean;

  @Field(() => Channel, { nullable: true, description: "Channel the decision was captured on." })
  channel?: Channel | null;
}
