import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Segment } from "./segment.entity";
import { CreateSegmentInput, UpdateSegmentInput } from "./segment.inputs";
import * as segments from "./segment.service";

@Resolver(() => Segment)
export class SegmentMutations {
  @Mutation(() => Segment, { description: "Defines a segment (MARKETING, ADMIN)." })
  createSegment(@Ctx() ctx: RequestContext, @Arg("input", () => CreateSegmentInput, { description: "Name (unique), description and rule; a rule testing a field your role may not use is FORBIDDEN." }) input: CreateSegmentInput) {
    return segments.createSegment(ctx, input);
  }

  @Mutation(() => Segment, { description: "Changes a segment's name, description or rule (MARKETING, ADMIN)." })
  updateSegment(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The segment to change; NOT_FOUND when unknown." }) id: string,
    @Arg("input", () => UpdateSegmentInput, { description: "The new name, description and/or rule; what is not given stays as it is." }) input: UpdateSegmentInput) {
    return segments.updateSegment(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: "Deletes a segment (MARKETING, ADMIN)." })
  deleteSegment(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The segment to delete; NOT_FOUND when unknown." }) id: string) {
    return segments.deleteSegment(ctx, id);
  }
}
