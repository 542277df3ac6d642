import { Field, InputType } from "type-graphql";

@InputType({ description: "What the caller says: one identifier (customer number, policy number or the phone they call from) and the facts asked." })
export class VerifyCallerInput {
  @Field(() => String, { nullable: true, description: "The customer number the caller gives." })
  customerNumber?: string | null;

  @Field(() => String, { nullable: true, description: "A policy number the caller gives." })
  policyNumber?: string | null;

  @Field(() => String, { nullable: true, description: "The phone number the caller calls from (any usual form; mainland China when no country code)." })
  phone?: string | null;

  @Field(() => String, { description: "The caller's date of birth, YYYY-MM-DD." })
  dateOfBirth: string;

  @Field(() => String, { description: "The last four characters of the caller's national id." })
  nationalIdLast4: string;
}
