import { ArgsType, Field, ID, InputType } from "type-graphql";
import { IsOptional, Length } from "class-validator";
import { JSONResolver } from "graphql-scalars";
import { ConsentPurpose } from "../consent/consent.entity";
import { SegmentField, SegmentOp } from "./segment-fields";

@InputType({ description: "One test of a customer attribute, e.g. { field: AGE, op: BETWEEN, value: [25, 40] }." })
export class SegmentConditionInput {
  @Field(() => SegmentField, { description: "The attribute tested." })
  field: SegmentField;

  @Field(() => SegmentOp, { description: "The comparison; it must suit the field's type." })
  op: SegmentOp;

  @Field(() => JSONResolver, {
    nullable: true,
    description: "The value compared with: a scalar of the field's type, a list for IN, [low, high] for BETWEEN, true/false (default true) for EXISTS.",
  })
  value?: unknown;

  @Field(() => ConsentPurpose, { nullable: true, description: "Consent purpose, required by CONSENT_GRANTED." })
  purpose?: ConsentPurpose | null;
}

@InputType({ description: "A segment rule node: exactly one of all, any, not, condition." })
export class SegmentRuleInput {
  @Field(() => [SegmentRuleInput], { nullable: true, description: "Every sub-rule must hold." })
  all?: SegmentRuleInput[] | null;

  @Field(() => [SegmentRuleInput], { nullable: true, description: "At least one sub-rule must hold." })
  any?: SegmentRuleInput[] | null;

  @Field(() => SegmentRuleInput, { nullable: true, description: "The sub-rule must not hold." })
  not?: SegmentRuleInput | null;

  @Field(() => SegmentConditionInput, { nullable: true, description: "A single condition." })
  condition?: SegmentConditionInput | null;
}

@InputType({ description: "A new segment." })
export class CreateSegmentInput {
  @Field(() => String, { description: "Unique name, 1–120 characters." })
  @Length(1, 120)
  name: string;

  @Field(() => String, { nullable: true, description: "What the segment is for." })
  @IsOptional()
  @Length(0, 2000)
  description?: string | null;

  @Field(() => SegmentRuleInput, { description: "The membership rule." })
  rule: SegmentRuleInput;
}

@InputType({ description: "Changes to a segment; omitted fields stay as they are." })
export class UpdateSegmentInput {
  @Field(() => String, { nullable: true, description: "New unique name, 1–120 characters." })
  @IsOptional()
  @Length(1, 120)
  name?: string | null;

  @Field(() => String, { nullable: true, description: "New description." })
  @IsOptional()
  @Length(0, 2000)
  description?: string | null;

  @Field(() => SegmentRuleInput, { nullable: true, description: "New membership rule." })
  rule?: SegmentRuleInput | null;
}

@ArgsType()
export class ExplainSegmentArgs {
  @Field(() => ID, { description: "The segment." })
  segmentId: string;

  @Field(() => ID, { description: "The customer (must be in your scope)." })
  customerId: string;
}
