import { ArgsType, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver, SafeIntResolver } from "graphql-scalars";
import { Connection, PageArgs } from "../../shared/pagination";
import { SLA_MEASURE_MEANING, SlaMeasure, SlaMilestone } from "./sla-policy";
import { describedValues } from "../../shared/described-values";
import { CaseQueue, CaseStatus, ServiceCase } from "./service-case.entity";

registerEnumType(SlaMilestone, {
  name: "SlaMilestone",
  description: "A case milestone with a service level: the first response, or the resolution.",
  valuesConfig: {
    FIRST_RESPONSE: { description: "The first response: the case leaves NEW." },
    RESOLUTION: { description: "The resolution: the case reaches RESOLVED." },
  },
});
registerEnumType(SlaMeasure, {
  name: "SlaMeasure",
  description: "How a target is counted: BUSINESS (working hours of the business calendar) or ELAPSED (24×7).",
  valuesConfig: describedValues(SLA_MEASURE_MEANING),
});

@ObjectType({ description: "One SLA clock of a case read now: its target, deadline and state (docs/service-desk.md)." })
export class SlaReading {
  @Field(() => SlaMilestone, { description: "Which milestone." })
  milestone: SlaMilestone;

  @Field(() => SlaMeasure, { description: "How the target is counted." })
  measure: SlaMeasure;

  @Field(() => SafeIntResolver, { description: "The target, in milliseconds of the measure." })
  targetMs: number;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "The last instant the milestone is met in time; null while the clock is paused (unless already breached)." })
  breachAt: Date | null;

  @Field(() => Boolean, { description: "Met after breachAt, or still unmet past it." })
  breached: boolean;

  @Field(() => SafeIntResolver, { description: "Target time used, pauses excluded." })
  elapsedMs: number;

  @Field(() => SafeIntResolver, { description: "Target time left (0 once used up); frozen while paused." })
  remainingMs: number;

  @Field(() => Boolean, { description: "The clock stands still (the case waits on the customer)." })
  paused: boolean;

  @Field(() => Boolean, { description: "The milestone was met: the clock counts no further." })
  stopped: boolean;
}

export const CaseConnection = Connection(ServiceCase, "ServiceCase");
export type CaseConnection = InstanceType<typeof CaseConnection>;

@ArgsType()
export class CaseListArgs extends PageArgs {
  @Field(() => CaseStatus, { nullable: true, description: "Only cases in this status." })
  status?: CaseStatus | null;
}

export enum CaseAssignee {
  ME = "ME",
  NOBODY = "NOBODY",
}
registerEnumType(CaseAssignee, {
  name: "CaseAssignee",
  description: "Whose cases: assigned to you (ME), or to nobody yet (NOBODY).",
  valuesConfig: {
    ME: { description: "Cases assigned to you." },
    NOBODY: { description: "Cases assigned to nobody yet (waiting in their queue)." },
  },
});

@ArgsType()
export class CaseWorkListArgs extends PageArgs {
  @Field(() => CaseQueue, { nullable: true, description: "Only cases of this queue." })
  queue?: CaseQueue | null;

  @Field(() => CaseAssignee, { nullable: true, description: "Only your cases, or only unassigned ones." })
  assignee?: CaseAssignee | null;

  @Field(() => CaseStatus, { nullable: true, description: "Only cases in this status (default: every open status)." })
  status?: CaseStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only cases with a running SLA clock past its deadline (the sweep's rule); false: only those without.",
  })
  breached?: boolean | null;
}
