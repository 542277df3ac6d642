import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Customer } from "../customer/customer.entity";

@ObjectType({ description: "A change to a customer you may see, as it was committed; its values are read again, under your policy, in `customer`." })
export class CustomerChange {
  @Field(() => ID, { description: "The event (as webhooks and NATS carry it)." })
  eventId: string;

  @Field(() => String, { description: "What happened, e.g. customer.updated, consent.changed, complaint.filed." })
  eventType: string;

  @Field(() => [String], { description: "The profile fields that changed, only those your role reads in full (a masked or refused field is not named)." })
  changedFields: string[];

  @Field(() => DateTimeISOResolver, { description: "When the change was written." })
  occurredAt: Date;

  @Field(() => Customer, { nullable: true, description: "The customer now, read for this push through the normal executor (scope, field policy, consent, access audit)." })
  customer: Customer | null;
}
