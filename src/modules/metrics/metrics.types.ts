import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";

export enum MetricsGroupBy {
  CHANNEL = "CHANNEL",
  MONTH = "MONTH",
  AGENT = "AGENT",
  HANDLER = "HANDLER",
  REGION = "REGION",
  QUEUE = "QUEUE",
}

/** The satisfaction index managers watch (the seed's target). */
export const SATISFACTION_TARGET = 85;
registerEnumType(MetricsGroupBy, {
  name: "MetricsGroupBy",
  description: "How service figures are grouped: by channel, month, agent (book), handler, region or case queue.",
  valuesConfig: {
    CHANNEL: { description: "The contact channel: a contact's, a complaint's, a case's own; claims by the policy's sales channel." },
    MONTH: { description: "The calendar month (UTC, YYYY-MM) of the record's start: a contact's time, a complaint's receipt, a claim's report, a case's opening." },
    AGENT: { description: "The customer's assigned agent id: the book." },
    HANDLER: { description: "Who handled it: the contact's staff member, a complaint's contact's, a claim's assigned adjuster, a case's assignee." },
    REGION: { description: "The customer's region." },
    QUEUE: {
      description: "The case queue: a case's own, a contact by the queue of the first case it opened, a complaint by its case's; contacts that opened no case and all claims are in the none group.",
    },
  },
});

@ArgsType()
export class ServiceMetricsArgs {
  @Field(() => DateTimeISOResolver, { description: "Start of the period (inclusive)." })
  from: Date;

  @Field(() => DateTimeISOResolver, { description: "End of the period (exclusive); at most 5 years after from." })
  to: Date;

  @Field(() => MetricsGroupBy, { defaultValue: MetricsGroupBy.MONTH, description: "Grouping of the figures." })
  groupBy: MetricsGroupBy;
}

@ObjectType({ description: "The open cases of a group by age (since they were opened, at the request's instant), in the buckets a contact centre reads." })
export class OpenCaseAgeing {
  @Field(() => Int, { description: "Open for less than 24 hours." })
  underOneDay: number;

  @Field(() => Int, { description: "Open for 1 to 3 days (24 hours up to, not including, 72)." })
  oneToThreeDays: number;

  @Field(() => Int, { description: "Open for 3 to 7 days (72 hours up to, not including, 168)." })
  threeToSevenDays: number;

  @Field(() => Int, { description: "Open for 7 days (168 hours) or more." })
  overSevenDays: number;
}

@ObjectType({ description: "Service figures of one group (or of all groups together), for contacts, complaints, claims and cases in the period." })
export class ServiceMetricsGroup {
  @Field(() => String, { nullable: true, description: "The group: channel, month (YYYY-MM), agent or staff id, region or queue; null for none (e.g. unassigned) and for the overall figures." })
  key: string | null;

  @Field(() => Int, { description: "Service contacts that started in the period." })
  interactions: number;

  @Field(() => Int, { description: "Contacts with a satisfaction rating." })
  ratedInteractions: number;

  @Field(() => Float, { nullable: true, description: "Satisfaction index 0–100: (average rating − 1) × 25 over rated contacts (target ≥ 85)." })
  satisfactionIndex: number | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the satisfaction index is below its target (satisfactionTarget); null without rated contacts." })
  satisfactionBelowTarget: boolean | null;

  @Field(() => Float, {
    nullable: true,
    description: "Share 0–1 of inbound contacts first answered within 24 hours (contacts younger than 24 hours and unanswered are not counted yet).",
  })
  answeredWithin24hShare: number | null;

  @Field(() => Int, { description: "Customers the complaint rate is taken over (the group's customers for AGENT and REGION, else all in scope)." })
  customers: number;

  @Field(() => Int, { description: "Complaints received in the period." })
  complaints: number;

  @Field(() => Float, { nullable: true, description: "Complaints received per 1,000 customers." })
  complaintsPerThousandCustomers: number | null;

  @Field(() => Float, { nullable: true, description: "Share 0–1 of complaints resolved by their due time, over those resolved or already due." })
  complaintsResolvedOnTimeShare: number | null;

  @Field(() => Float, { nullable: true, description: "Median hours from receipt to resolution of resolved complaints." })
  medianComplaintResolutionHours: number | null;

  @Field(() => Int, { description: "Claims reported in the period." })
  claimsFiled: number;

  @Field(() => Int, { description: "Of those, claims approved (an approved amount was set)." })
  claimsApproved: number;

  @Field(() => Int, { description: "Of those, claims rejected." })
  claimsRejected: number;

  @Field(() => Float, { nullable: true, description: "Median days from report to closing (CLOSED or REJECTED) of those claims that are closed." })
  medianClaimCycleDays: number | null;

  @Field(() => Int, { description: "Service cases opened in the period." })
  cases: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "Share 0–1 of those cases whose first response was met in time (by its SLA clock), over those whose first response was met or whose deadline has passed; " +
      "null when none is due yet.",
  })
  firstResponseAttainment: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Share 0–1 of those cases resolved in time (business hours, waiting on the customer not counted), over those resolved or past their running deadline " +
      "(a case waiting on the customer has none); null when none is due yet. A reopened case counts by its latest resolution, or as open.",
  })
  resolutionAttainment: number | null;

  @Field(() => Int, { description: "Of the cases opened in the period, those open now (NEW, IN_PROGRESS, WAITING_ON_CUSTOMER) — now, not at the end of the period." })
  openCases: number;

  @Field(() => Int, { description: "Of those open now, the ones past a running deadline (the work list's breached: true); a case waiting on the customer is not, unless its clock ran out before." })
  breachedOpenCases: number;

  @Field(() => OpenCaseAgeing, { description: "The open cases by age now." })
  openCaseAgeing: OpenCaseAgeing;

  @Field(() => Float, { nullable: true, description: "Hours since the oldest open case was opened (now); null without open cases." })
  oldestOpenCaseAgeHours: number | null;
}

@ObjectType({ description: "Service figures for a period, overall and per group; limited to the customers in your scope." })
export class ServiceMetrics {
  @Field(() => DateTimeISOResolver, { description: "Start of the period (inclusive)." })
  from: Date;

  @Field(() => DateTimeISOResolver, { description: "End of the period (exclusive)." })
  to: Date;

  @Field(() => MetricsGroupBy, { description: "The grouping." })
  groupBy: MetricsGroupBy;

  @Field(() => Float, { description: "The satisfaction index target (85): a group below it is flagged (satisfactionBelowTarget)." })
  satisfactionTarget: number;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description:
      "When the figures of the period's whole days were rolled up (METRICS_ROLLUP_REFRESH, every 15 minutes by default); the partial first and last days, " +
      "the days since and the cases opened since its hour are read now; the backlog of cases opened before is as of then (closed or breached since: at the " +
      "next refresh). Counts that depend on the time (contacts due, complaints settled, case milestones due) are " +
      "as of then for rolled-up days; medians within 2.5 %. null: everything computed now (exact medians).",
  })
  asOf: Date | null;

  @Field(() => ServiceMetricsGroup, { description: "All groups together." })
  overall: ServiceMetricsGroup;

  @Field(() => [ServiceMetricsGroup], { description: "One entry per group with any contact, complaint, claim or case, by key (none last)." })
  groups: ServiceMetricsGroup[];
}
