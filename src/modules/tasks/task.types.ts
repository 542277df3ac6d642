import { ArgsType, Field, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Connection, PageArgs } from "../../shared/pagination";
import { ContactChannel, HeldBackReason } from "../contact-policy/contact-policy.enums";
import { CaseAssignee } from "../service-desk/case.types";
import { CaseQueue } from "../service-desk/service-case.entity";
import { ServiceTask } from "./service-task.entity";
import { TaskKind, TaskStatus } from "./task.enums";

export const TaskConnection = Connection(ServiceTask, "ServiceTask");
export type TaskConnection = InstanceType<typeof TaskConnection>;

@ArgsType()
export class TaskListArgs extends PageArgs {
  @Field(() => TaskStatus, { nullable: true, description: "Only tasks in this status." })
  status?: TaskStatus | null;

  @Field(() => TaskKind, { nullable: true, description: "Only tasks of this kind." })
  kind?: TaskKind | null;
}

export enum TaskDue {
  OVERDUE = "OVERDUE",
  TODAY = "TODAY",
  LATER = "LATER",
}
registerEnumType(TaskDue, {
  name: "TaskDue",
  description: "When a task falls due, read now: OVERDUE (its due time passed), TODAY (due within the next 24 hours), LATER.",
  valuesConfig: {
    OVERDUE: { description: "Its due time has passed." },
    TODAY: { description: "Due within the next 24 hours." },
    LATER: { description: "Due more than 24 hours from now." },
  },
});

@ArgsType()
export class MyTasksArgs extends PageArgs {
  @Field(() => TaskStatus, { nullable: true, description: "Only tasks in this status (default: OPEN)." })
  status?: TaskStatus | null;

  @Field(() => TaskKind, { nullable: true, description: "Only tasks of this kind." })
  kind?: TaskKind | null;

  @Field(() => TaskDue, { nullable: true, description: "Only overdue tasks, those due in the next 24 hours, or later ones." })
  due?: TaskDue | null;
}

@ArgsType()
export class TaskWorkListArgs extends MyTasksArgs {
  @Field(() => CaseQueue, { nullable: true, description: "Only tasks of this queue." })
  queue?: CaseQueue | null;

  @Field(() => CaseAssignee, { nullable: true, description: "Only your tasks, or only unassigned ones." })
  assignee?: CaseAssignee | null;
}

@ObjectType({ description: "Whether the contact policy lets us reach the customer for the task now, on which channel, or why not." })
export class TaskReach {
  @Field(() => ContactChannel, { nullable: true, description: "The first channel allowed now for the task's purpose: the customer's preferred one, then phone, SMS, e-mail, WeChat, post; null when held back." })
  contactChannel: ContactChannel | null;

  @Field(() => Boolean, { description: "No channel is allowed now: do not contact the customer for this task." })
  heldBack: boolean;

  @Field(() => [HeldBackReason], { description: "When held back, every reason any channel gave." })
  reasons: HeldBackReason[];

  @Field(() => DateTimeISOResolver, { description: "The instant decided (the request's)." })
  decidedAt: Date;
}
