import { Field, ID, InputType } from "type-graphql";
import { Channel } from "../customer/customer.enums";
import { ConsentPurpose } from "./consent.entity";
import { ContactChannel } from "../contact-policy/contact-policy.enums";

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

  @Field(() => ContactChannel, {
    nullable: true,
    description: "The contact channel the decision is about (MARKETING only): it overrides the purpose decision for that channel. Omitted: the purpose as a whole.",
  })
  contactChannel?: ContactChannel | null;
}
