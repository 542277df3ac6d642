import { ArgsType, Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { IsOptional, IsUUID, Length } from "class-validator";
import { ContactChannel, ContactPurpose, HeldBackReason } from "./contact-policy.enums";

@ObjectType({ description: "Whether a contact for a purpose on a channel may be made at the policy's instant, and if not why." })
export class ContactChannelDecision {
  @Field(() => ContactChannel, { description: "The channel." })
  channel: ContactChannel;

  @Field(() => ContactPurpose, { description: "Why we would contact." })
  purpose: ContactPurpose;

  @Field(() => Boolean, { description: "True when nothing holds the contact back." })
  allowed: boolean;

  @Field(() => [HeldBackReason], { description: "Every reason the contact is held back (empty when allowed)." })
  reasons: HeldBackReason[];
}

@ObjectType({ description: "The customer's contact policy: do-not-contact, and per purpose and channel whether a contact may be made now." })
export class ContactPolicy {
  /** Not a field: the customer the values belong to (the access audit and field rules read it). */
  customerId: string;

  @Field(() => Boolean, { description: "True when the customer is on the do-not-contact list (this record's flag, or a record linked with it as one person)." })
  doNotContact: boolean;

  @Field(() => Boolean, { description: "True when the do-not-contact flag in force was set on another record linked with this one (which one is not said)." })
  doNotContactOnLinkedRecord: boolean;

  @Field(() => String, { nullable: true, description: "Why this record's flag was last set or lifted (SERVICE: staff and the contact centre)." })
  doNotContactReason: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When this record's flag was last set or lifted." })
  doNotContactSetAt: Date | null;

  @Field(() => ID, { nullable: true, description: "Staff user who last set or lifted this record's flag (null: the customer, or never set)." })
  doNotContactSetBy: string | null;

  @Field(() => DateTimeISOResolver, { description: "The instant the decisions are made for." })
  evaluatedAt: Date;

  @Field(() => Int, { description: "Outbound marketing contacts in the frequency cap's window before evaluatedAt (0 when no cap is set)." })
  marketingContactsInWindow: number;

  @Field(() => [ContactChannelDecision], { description: "One decision per purpose (MARKETING, SERVICE) and channel, in enum order." })
  channels: ContactChannelDecision[];
}

@ArgsType()
export class ContactPolicyArgs {
  @Field(() => DateTimeISOResolver, { nullable: true, description: "Decide for this instant (e.g. a planned campaign's send time); default now." })
  at?: Date | null;
}

@ArgsType()
export class SetDoNotContactArgs {
  @Field(() => ID, { description: "The customer." })
  @IsUUID()
  customerId: string;

  @Field(() => Boolean, { description: "True to put the customer on the do-not-contact list, false to lift it." })
  doNotContact: boolean;

  @Field(() => String, { nullable: true, description: "Why (kept with the flag; SERVICE), e.g. the customer asked on a call." })
  @IsOptional()
  @Length(1, 500)
  reason?: string | null;
}
