import { ArgsType, Field, Float } from "type-graphql";
import { Connection, PageArgs } from "../../shared/pagination";
import { DuplicateCandidate, DuplicateStatus } from "./duplicate-candidate.entity";

export const DuplicateCandidateConnection = Connection(DuplicateCandidate, "DuplicateCandidate");
export type DuplicateCandidateConnection = InstanceType<typeof DuplicateCandidateConnection>;

@ArgsType()
export class DuplicateCandidateListArgs extends PageArgs {
  @Field(() => Float, { nullable: true, description: "Only pairs scored at least this match probability (0–1); unscored pairs are left out." })
  minScore?: number | null;

  @Field(() => DuplicateStatus, { nullable: true, description: "Only pairs in this review status (e.g. OPEN for the review queue)." })
  status?: DuplicateStatus | null;
}
