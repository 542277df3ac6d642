import { ArgsType, createUnionType, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Connection, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../shared/pagination";
import { TIMELINE_KINDS } from "./timeline.kinds";

/** The declared kinds as a GraphQL enum (values and descriptions from TIMELINE_KINDS). */
export const TimelineKind: Record<string, string> = Object.fromEntries(TIMELINE_KINDS.map(({ kind }) => [kind, kind]));
export type TimelineKind = string;
registerEnumType(TimelineKind, {
  name: "TimelineKind",
  description: "What a timeline entry is; each kind is the rows of one source, answered as that source's own object.",
  valuesConfig: Object.fromEntries(TIMELINE_KINDS.map(({ kind, description }) => [kind, { description }])),
});

/** The source objects an entry can be, one type per declared kind's entity (several kinds may share one). */
const recordTypes = () => [...new Set(TIMELINE_KINDS.map((declaration) => declaration.entity() as Function))] as [Function, ...Function[]];

export const TimelineRecord = createUnionType({
  name: "TimelineRecord",
  description: "The record behind a timeline entry: the source's own object, its fields under the same rules, masking and audit as when read directly.",
  types: () => recordTypes() as never,
  resolveType: (value: object) => recordTypes().find((type) => value instanceof type) as never,
});

@ObjectType({ description: "One entry of a customer's timeline: the kind, the source's own time, and the source record itself." })
export class TimelineEntry {
  @Field(() => TimelineKind, { description: "What the entry is." })
  kind: TimelineKind;

  @Field(() => DateTimeISOResolver, { description: "The source's time (its time column at millisecond precision; a date as its midnight UTC)." })
  occurredAt: Date;

  @Field(() => TimelineRecord, { description: "The record itself (Interaction, Complaint, ClaimEvent, Policy, Consent, OfferResponse…)." })
  record: object;

  /** The customer whose timeline holds the entry (not a field: the record names it). */
  customerId: string;
}

export const TimelineConnection = Connection(TimelineEntry, "Timeline");
export type TimelineConnection = InstanceType<typeof TimelineConnection>;

@ArgsType()
export class TimelineArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1–${MAX_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the previous page." })
  after?: string | null;

  @Field(() => [TimelineKind], { nullable: true, description: "Only entries of these kinds (not empty); all kinds your role may read when omitted." })
  kinds?: TimelineKind[] | null;
}
