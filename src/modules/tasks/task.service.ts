import type { RequestContext } from "../../auth/request-context";
import type { Keyset } from "../../db/keyset";
import { scopedWorkList } from "../work-list";
import { isUuid } from "../../shared/ids";
import { CaseAssignee } from "../service-desk/case.types";
import { assigneeCondition } from "../service-desk/case.service";
import { DAY_MS } from "../service-desk/zoned-time";
import { ServiceTask } from "./service-task.entity";
import { TaskStatus } from "./task.enums";
import { TASK_BY_ID } from "./task.relations";
import { TaskConnection, TaskDue, type TaskWorkListArgs } from "./task.types";

export function taskById(ctx: RequestContext, id: string): Promise<ServiceTask | null> | null {
  return isUuid(id) ? ctx.loaders.byId(TASK_BY_ID).load(id) : null;
}

/** Work lists of tasks run by due time, soonest (most overdue) first. */
const DUE_ORDER: Keyset = { sortColumn: "due_at", sortCast: "timestamptz", direction: "ASC" };

const DUE_CONDITIONS: Record<TaskDue, string> = {
  OVERDUE: "k.due_at < :now",
  TODAY: "k.due_at >= :now AND k.due_at < :tomorrow",
  LATER: "k.due_at >= :tomorrow",
};

/**
 * A staff work list of tasks of customers in the viewer's row scope: by queue, assignee, status
 * (OPEN by default), kind and due window (read at the request's instant), soonest due first,
 * keyset-paged — one statement for the page (the caller's own staff record aside).
 */
export function taskWorkList(ctx: RequestContext, args: TaskWorkListArgs): Promise<TaskConnection> {
  const filters = { queue: args.queue ?? null, assignee: args.assignee ?? null, status: args.status ?? TaskStatus.OPEN, kind: args.kind ?? null, due: args.due ?? null };
  const now = new Date();
  const where = ["k.status = :status"];
  const params: Record<string, unknown> = { status: filters.status, now, tomorrow: new Date(now.getTime() + DAY_MS) };
  if (filters.queue) where.push("k.queue = :queue"), (params.queue = filters.queue);
  if (filters.kind) where.push("k.kind = :kind"), (params.kind = filters.kind);
  if (filters.due) where.push(DUE_CONDITIONS[filters.due]);
  where.push(...assigneeCondition(ctx, filters.assignee, params));
  return scopedWorkList(ctx, args, {
    entity: ServiceTask, table: "service_task", sort: "dueAt", keyset: DUE_ORDER, listName: `tasks:${JSON.stringify(filters)}:dueAt:ASC`, where, params,
  }, TaskConnection);
}

/** The signed-in staff user's own tasks: the work list with assignee ME. */
export function myTasks(ctx: RequestContext, args: Omit<TaskWorkListArgs, "queue" | "assignee">): Promise<TaskConnection> {
  return taskWorkList(ctx, { ...args, assignee: CaseAssignee.ME });
}
