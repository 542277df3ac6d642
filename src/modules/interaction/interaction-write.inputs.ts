import { Field, ID, InputType, Int } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { IsInt, IsOptional, Matches, Max, MaxLength, Min, MinLength } from "class-validator";
import { Channel } from "../customer/customer.enums";
import { Severity } from "./complaint.entity";
import { Direction, InteractionKind } from "./interaction.entity";
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MESSAGE } from "../../shared/idempotency";


/** What every customer request written by staff or the customer has — a recorded contact, a case: who, how it came in, about what, staff notes. */
@InputType("CustomerRequestFields", { description: "Fields every customer request has (a contact, a case)." })
export class CustomerRequestFields {
  @Field(() => ID, { description: "The customer." })
  customerId: string;

  @Field(() => Channel, { description: "Channel it came in on." })
  channel: Channel;

  @Field(() => String, { description: "Short subject line (1–200 characters)." })
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: "subject must not be blank" })
  subject: string;

  @Field(() => String, { nullable: true, description: "Staff notes (SERVICE), up to 4000 characters." })
  @IsOptional()
  @MaxLength(4000)
  notes?: string | null;
}

/** What every recorded contact has: the request's fields and an optional idempotency key. */
@InputType("ContactFields", { description: "Fields every recorded contact has." })
class ContactFields extends CustomerRequestFields {
  @Field(() => String, {
    nullable: true,
    description: "Client-chosen key (8–100 of A–Z a–z 0–9 . _ : -): sending the same key again records nothing and returns the first result.",
  })
  @IsOptional()
  @MinLength(8)
  @MaxLength(100)
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_KEY_MESSAGE })
  idempotencyKey?: string | null;
}

@InputType({ description: "A service contact on any channel (complaints: use fileComplaint)." })
export class RecordInteractionInput extends ContactFields {
  @Field(() => InteractionKind, { description: "What the contact was about (not COMPLAINT)." })
  kind: InteractionKind;

  @Field(() => Direction, { defaultValue: Direction.INBOUND, description: "Inbound (the customer called) or outbound (we called)." })
  direction: Direction;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the contact started (default: now; not in the future)." })
  occurredAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When we first responded (not before occurredAt)." })
  firstResponseAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the matter was resolved (not before occurredAt); marks the contact RESOLVED." })
  resolvedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: "Customer satisfaction 1 (poor) to 5 (excellent)." })
  @IsOptional()
  @IsInt()
  @Min(1, { message: "satisfaction must be 1–5" })
  @Max(5, { message: "satisfaction must be 1–5" })
  satisfaction?: number | null;
}

@InputType({ description: "A complaint received from a customer; it is due after the hours configured for its severity (24 by default)." })
export class FileComplaintInput extends ContactFields {
  @Field(() => String, { description: "Category, e.g. CLAIM_HANDLING, SERVICE_ATTITUDE, BILLING, MIS_SELLING (upper case, 2–40)." })
  @Matches(/^[A-Z][A-Z_]{1,39}$/, { message: "category must be 2–40 upper-case letters or underscores" })
  category: string;

  @Field(() => Severity, { defaultValue: Severity.MEDIUM, description: "Severity; decides the due time." })
  severity: Severity;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the complaint was received (default: now; not in the future)." })
  receivedAt?: Date | null;
}
