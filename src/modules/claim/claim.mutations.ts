import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";
import type { RequestContext } from "../../auth/request-context";
import { Claim, ClaimStatus } from "./claim.entity";
import { fileClaim, transitionClaim } from "./claim-write.service";
import { FileClaimInput } from "./claim-write.inputs";

@Resolver(() => Claim)
export class ClaimMutations {
  @Mutation(() => Claim, { description: "Files a claim (REPORTED) under an ACTIVE policy; BAD_USER_INPUT says why a claim is refused." })
  fileClaim(@Ctx() ctx: RequestContext, @Arg("input", () => FileClaimInput, { description: "The policy, incident and amount claimed; a policy out of your row scope is NOT_FOUND." }) input: FileClaimInput) {
    return fileClaim(ctx, input);
  }

  @Mutation(() => Claim, {
    description:
      "Moves a claim one step: REPORTED → UNDER_REVIEW → APPROVED | REJECTED | CLOSED (withdrawn); APPROVED → PAID → CLOSED. " +
      "An illegal or concurrent step gets CONFLICT and changes nothing.",
  })
  transitionClaim(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The claim." }) id: string,
    @Arg("to", () => ClaimStatus, { description: "The state to move to." }) to: ClaimStatus,
    @Arg("note", () => String, { nullable: true, description: "Why (required when rejecting); kept in the claim's history." }) note?: string | null,
    @Arg("approvedAmount", () => SafeIntResolver, { nullable: true, description: "Minor units; only and always when moving to APPROVED: 1 to the amount claimed." })
    approvedAmount?: number | null,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "The version you read; when given and stale → CONFLICT." })
    expectedVersion?: number | null,
  ) {
    return transitionClaim(ctx, id, { to, note, approvedAmount, expectedVersion });
  }
}
