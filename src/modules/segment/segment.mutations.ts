import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Segment } from "./segment.entity";
import { CreateSegmentInput, UpdateSegmentInput } from "./segment.inputs";
import * as segments from "./segment.service";

@Resolver(() => Segment)
export class SegmentMutations {
  @Mutation(() => Segment, { description: "Defines a segment (MARKETING, ADMIN)." })
  createSegment(@Ctx() ctx: RequestContext, @Arg("input", () => CreateSegmentInput) input: CreateSegmentInput) {
    return segments.createSegment(ctx, input);
  }

  @Mutation(() => Segment, { description: "Changes a segment's name, description or rule (MARKETING, ADMIN)." })
  updateSegment(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string, @Arg("input", () => UpdateSegmentInput) input: UpdateSegmentInput) {
    return segments.updateSegment(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: "Deletes a segment (MARKETING, ADMIN)." })
  deleteSegment(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return segments.deleteSegment(ctx, id);
  }
}
