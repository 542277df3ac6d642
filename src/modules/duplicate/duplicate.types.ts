import { Connection } from "../../shared/pagination";
import { DuplicateCandidate } from "./duplicate-candidate.entity";

export const DuplicateCandidateConnection = Connection(DuplicateCandidate, "DuplicateCandidate");
export type DuplicateCandidateConnection = InstanceType<typeof DuplicateCandidateConnection>;
