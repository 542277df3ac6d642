import { Field, ID, InputType } from "type-graphql";
import { LocalDateResolver, SafeIntResolver } from "graphql-scalars";
import { IsOptional, Matches, MaxLength, Min, MinLength } from "class-validator";
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MESSAGE } from "../../shared/idempotency";

@InputType({ description: "A new claim under an ACTIVE policy, for an incident within the policy period." })
export class FileClaimInput {
  @Field(() => ID, { description: "The policy claimed under (its policyholder is the claimant)." })
  policyId: string;

  @Field(() => String, { description: "Kind of loss, e.g. HOSPITALIZATION, COLLISION, THEFT (upper case, 2–40)." })
  @Matches(/^[A-Z][A-Z_]{1,39}$/, { message: "kind must be 2–40 upper-case letters or underscores" })
  kind: string;

  @Field(() => LocalDateResolver, { description: "Day the insured event happened: within the policy period, not in the future." })
  incidentDate: string;

  @Field(() => SafeIntResolver, { description: "Amount claimed in minor units; at most the sum insured." })
  @Min(1, { message: "claimedAmount must be at least 1" })
  claimedAmount: number;

  @Field(() => String, { nullable: true, description: "Loss description; medical details for health claims (HEALTH)." })
  @IsOptional()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Client-chosen key (8–100 of A–Z a–z 0–9 . _ : -): filing again with the same key files nothing and returns the first claim.",
  })
  @IsOptional()
  @MinLength(8)
  @MaxLength(100)
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_KEY_MESSAGE })
  idempotencyKey?: string | null;
}
