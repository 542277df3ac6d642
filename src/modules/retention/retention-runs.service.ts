import type { RequestContext } from "../../auth/request-context";
import type { PageArgs } from "../../shared/pagination";
import { newestFirstPage } from "../newest-first";
import { RetentionRun, RetentionRunConnection, RetentionTableCount } from "./retention.types";

interface RetentionRunRow {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  trigger: string;
  status: string;
  failure: string | null;
  deleted_rows: string;
  dropped_partitions: number;
  held_rows: string;
  tables: (Omit<RetentionTableCount, "cutoff"> & { cutoff: string })[];
}

function toRun(row: RetentionRunRow): RetentionRun {
  return Object.assign(new RetentionRun(), {
    id: row.id,
    startedAt: new Date(row.started_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    trigger: row.trigger,
    status: row.status,
    failure: row.failure,
    deletedRows: Number(row.deleted_rows),
    droppedPartitions: Number(row.dropped_partitions),
    heldRows: Number(row.held_rows),
    tables: row.tables.map((count) => Object.assign(new RetentionTableCount(), { ...count, cutoff: new Date(count.cutoff) })),
  });
}

/** The retention runs, newest first (keyset on start and id). */
export function retentionRuns(ctx: RequestContext, args: PageArgs) {
  return newestFirstPage(
    ctx,
    args,
    {
      table: "retention_run",
      columns: "id, started_at, finished_at, trigger, status, failure, deleted_rows, dropped_partitions, held_rows, tables",
      timeColumn: "started_at",
      listName: "retentionRuns:started:DESC",
      toNode: toRun,
      timeOf: (run) => run.startedAt,
    },
    RetentionRunConnection,
  );
}
