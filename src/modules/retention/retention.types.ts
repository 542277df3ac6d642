import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Connection } from "../../shared/pagination";

/** One rule's counts in a run (retention_run.tables). */
@ObjectType({ description: "What one rule of the retention table removed in a run, and what it kept although expired." })
export class RetentionTableCount {
  @Field(() => String, { description: "The rule (docs/retention.md)." })
  rule: string;

  @Field(() => String, { description: "The table purged." })
  table: string;

  @Field(() => DateTimeISOResolver, { description: "Rows older than this were expired." })
  cutoff: Date;

  @Field(() => Int, { description: "Rows removed (those of dropped partitions included)." })
  deletedRows: number;

  @Field(() => [String], { description: "Partitions dropped whole." })
  droppedPartitions: string[];

  @Field(() => Int, { description: "Expired rows kept for a legal hold or an open claim." })
  heldRows: number;

  @Field(() => Int, { description: "Expired rows kept for the rule's other exemptions (a customer relationship not ended, an undelivered event…)." })
  keptRows: number;
}

/** A row of `retention_run`. */
@ObjectType({ description: "One run of the retention job (npm run retention or the server's schedule) with its counts (COMPLIANCE, ADMIN)." })
export class RetentionRun {
  @Field(() => ID, { description: "Run id (the request id of its access-audit entry)." })
  id: string;

  @Field(() => DateTimeISOResolver, { description: "When it started." })
  startedAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When it ended (null: running, or stopped)." })
  finishedAt: Date | null;

  @Field(() => String, { description: "What started it: schedule or cli." })
  trigger: string;

  @Field(() => String, { description: "RUNNING, COMPLETED or FAILED." })
  status: string;

  @Field(() => String, { nullable: true, description: "Why it failed (the first line of the error)." })
  failure: string | null;

  @Field(() => Int, { description: "Rows removed in all." })
  deletedRows: number;

  @Field(() => Int, { description: "Partitions dropped in all." })
  droppedPartitions: number;

  @Field(() => Int, { description: "Expired rows kept for legal holds and open claims in all." })
  heldRows: number;

  @Field(() => [RetentionTableCount], { description: "Per rule, in the order of the retention table." })
  tables: RetentionTableCount[];
}

export const RetentionRunConnection = Connection(RetentionRun, "RetentionRun");
export type RetentionRunConnection = InstanceType<typeof RetentionRunConnection>;
