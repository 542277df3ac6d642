import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import type { RequestContext } from "../../auth/request-context";
import { PageArgs } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { CustomerConnection } from "../customer/customer.types";
import { Segment } from "./segment.entity";
import { ExplainSegmentArgs, SegmentRuleInput } from "./segment.inputs";
import { SegmentConnection, SegmentExplanation, SegmentPreview } from "./segment.types";
import * as segments from "./segment.service";

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => SegmentConnection, { description: "Defined segments, by name." })
  segments(@Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs) {
    return segments.listSegments(ctx, args);
  }

  @Query(() => Segment, { nullable: true, description: "A segment by id." })
  segment(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The segment's id (UUID); null when unknown." }) id: string) {
    return segments.segmentById(ctx, id);
  }

  @Query(() => SegmentPreview, { description: "Count and sample of the customers in your scope a rule selects, without saving it." })
  previewSegment(@Ctx() ctx: RequestContext, @Arg("rule", () => SegmentRuleInput, { description: "The rule to try (as in createSegment); a rule testing a field your role may not use is FORBIDDEN." }) rule: SegmentRuleInput) {
    return segments.previewSegment(ctx, rule);
  }

  @Query(() => SegmentExplanation, { description: "Why a customer is or is not in a segment: each rule node with the customer's value." })
  explainSegment(@Ctx() ctx: RequestContext, @Args(() => ExplainSegmentArgs) args: ExplainSegmentArgs) {
    return segments.explainSegment(ctx, args.segmentId, args.customerId);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Members in your row scope; null with FORBIDDEN when the rule tests a field your role may not use." })
  async memberCount(@Ctx() ctx: RequestContext, @Root() segment: Segment) {
    return (await segments.memberCountOf(ctx, segment)).count;
  }

  @FieldResolver(() => DateTimeISOResolver, {
    nullable: true,
    description: "When memberCount was counted: by the background count (SEGMENT_COUNT_REFRESH, every 5 minutes by default), or now when counted for this read; null with FORBIDDEN as memberCount.",
  })
  async memberCountAsOf(@Ctx() ctx: RequestContext, @Root() segment: Segment) {
    return (await segments.memberCountOf(ctx, segment)).asOf;
  }

  @FieldResolver(() => CustomerConnection, { nullable: true, description: "Members in your row scope, by customer number; null with FORBIDDEN when the rule tests a field your role may not use." })
  members(@Ctx() ctx: RequestContext, @Root() segment: Segment, @Args(() => PageArgs) args: PageArgs) {
    return segments.membersOf(ctx, segment, args);
  }
}

/** Customer.segments: batched over the customers of a response (one statement for all × all segments). */
@Resolver(() => Customer)
export class CustomerSegmentsResolver {
  @FieldResolver(() => [Segment], { description: "Segments the customer belongs to." })
  segments(@Ctx() ctx: RequestContext, @Root() customer: Customer) {
    return segments.segmentsOfCustomer(ctx, customer.id);
  }
}
