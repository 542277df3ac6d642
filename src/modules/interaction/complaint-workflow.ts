import type { Workflow } from "../../shared/workflow";
import { ComplaintStatus } from "./complaint.entity";

const { RECEIVED, INVESTIGATING, RESOLVED, ESCALATED } = ComplaintStatus;

/** RECEIVED → INVESTIGATING → RESOLVED; any open state → ESCALATED; an escalated complaint is resolved from there. */
export const COMPLAINT_WORKFLOW: Workflow<ComplaintStatus> = {
  [RECEIVED]: [INVESTIGATING, ESCALATED],
  [INVESTIGATING]: [RESOLVED, ESCALATED],
  [ESCALATED]: [RESOLVED],
  [RESOLVED]: [],
};
