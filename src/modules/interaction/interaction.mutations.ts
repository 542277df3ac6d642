import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Complaint } from "./complaint.entity";
import { escalateComplaint, fileComplaint, investigateComplaint, resolveComplaint } from "./complaint-write.service";
import { Interaction } from "./interaction.entity";
import { FileComplaintInput, RecordInteractionInput } from "./interaction-write.inputs";
import { recordInteraction } from "./interaction-write.service";

@Resolver(() => Interaction)
export class InteractionMutations {
  @Mutation(() => Interaction, { description: "Records a service contact; the same idempotencyKey twice records once and returns the same contact." })
  recordInteraction(@Ctx() ctx: RequestContext, @Arg("input", () => RecordInteractionInput, { description: "The contact: customer, kind, channel, direction, time and (staff only) notes and handling times; a customer out of your row scope is NOT_FOUND." }) input: RecordInteractionInput) {
    return recordInteraction(ctx, input);
  }

  @Mutation(() => Complaint, { description: "Records a complaint contact and its complaint (RECEIVED, due per severity: 24 hours by default)." })
  fileComplaint(@Ctx() ctx: RequestContext, @Arg("input", () => FileComplaintInput, { description: "The complaint: customer, channel, severity and what it is about; a customer out of your row scope is NOT_FOUND." }) input: FileComplaintInput) {
    return fileComplaint(ctx, input);
  }

  @Mutation(() => Complaint, { description: "Starts the investigation of a RECEIVED complaint (RECEIVED → INVESTIGATING); counts as the first response." })
  investigateComplaint(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The complaint." }) id: string) {
    return investigateComplaint(ctx, id);
  }

  @Mutation(() => Complaint, { description: "Resolves an INVESTIGATING or ESCALATED complaint; resolves its contact too." })
  resolveComplaint(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The complaint." }) id: string,
    @Arg("resolution", () => String, { description: "How it was resolved (1–4000 characters)." }) resolution: string,
  ) {
    return resolveComplaint(ctx, id, resolution);
  }

  @Mutation(() => Complaint, { description: "Escalates an open complaint (RECEIVED or INVESTIGATING → ESCALATED)." })
  escalateComplaint(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The complaint." }) id: string,
    @Arg("reason", () => String, { description: "Why it is escalated (1–4000 characters)." }) reason: string,
  ) {
    return escalateComplaint(ctx, id, reason);
  }
}
