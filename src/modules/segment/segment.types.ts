import { Field, Int, ObjectType } from "type-graphql";
import { JSONResolver } from "graphql-scalars";
import { Connection } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { ConsentPurpose } from "../consent/consent.entity";
import { Segment } from "./segment.entity";
import { SegmentField, SegmentOp } from "./segment-fields";

export const SegmentConnection = Connection(Segment, "Segment");
export type SegmentConnection = InstanceType<typeof SegmentConnection>;

@ObjectType({ description: "What a rule would select, without saving it." })
export class SegmentPreview {
  @Field(() => Int, { description: "Customers in your scope that match." })
  count: number;

  @Field(() => [Customer], { description: "Up to 10 matching customers (by customer number)." })
  sample: Customer[];
}

@ObjectType({ description: "One node of a rule evaluated for one customer." })
export class SegmentExplainNode {
  @Field(() => String, { description: "Path of the node in the rule, e.g. rule.all[1].condition." })
  path: string;

  @Field(() => String, { description: "ALL, ANY, NOT or CONDITION." })
  kind: string;

  @Field(() => SegmentField, { nullable: true, description: "Field tested (conditions only)." })
  field: SegmentField | null;

  @Field(() => SegmentOp, { nullable: true, description: "Comparison (conditions only)." })
  op: SegmentOp | null;

  @Field(() => ConsentPurpose, { nullable: true, description: "Consent purpose (CONSENT_GRANTED only)." })
  purpose: ConsentPurpose | null;

  @Field(() => JSONResolver, { nullable: true, description: "The value the rule compares with (conditions only)." })
  expected: unknown;

  @Field(() => JSONResolver, { nullable: true, description: "The customer's value; null when unknown or withheld by the data policy." })
  value: unknown;

  @Field(() => Boolean, { description: "True when the data policy withholds the customer's value from you." })
  valueWithheld: boolean;

  @Field(() => Boolean, { description: "Whether the customer satisfies this node." })
  matched: boolean;
}

@ObjectType({ description: "Why a customer is (or is not) in a segment, node by node." })
export class SegmentExplanation {
  @Field(() => Boolean, { description: "Whether the customer is a member." })
  member: boolean;

  @Field(() => [SegmentExplainNode], { description: "Every node of the rule, in document order." })
  nodes: SegmentExplainNode[];
}
