import { lookup, relation } from "../../db/relations";
import { workItemRelations } from "../service-desk/work-item.relations";
import { Customer } from "../customer/customer.entity";
import { Interaction } from "../interaction/interaction.entity";
import { ServiceTask } from "./service-task.entity";
import { TaskConnection, TaskListArgs } from "./task.types";

/** The task relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const TASK_RELATIONS = [
  relation<Customer, ServiceTask, TaskListArgs>({
    kind: "page",
    on: () => Customer,
    field: "tasks",
    child: () => ServiceTask,
    from: "id",
    to: "customerId",
    sort: "createdAt",
    direction: "DESC",
    filters: (args) => ({ status: args.status, kind: args.kind }),
    face: { type: () => TaskConnection, args: () => TaskListArgs, nullable: true, description: "Follow-up tasks about the customer, newest first (SERVICE: staff only)." },
  }),
  ...workItemRelations(() => ServiceTask, "task"),
  relation<ServiceTask, Interaction>({
    kind: "one",
    on: () => ServiceTask,
    field: "interaction",
    child: () => Interaction,
    from: "interactionId",
    to: "id",
    scopedBy: "customerId",
    face: { type: () => Interaction, nullable: true, description: "The outbound contact recorded when the task reached the customer." },
  }),
];

/** Tasks by id, the rows whose customer is in the viewer's row scope. */
export const TASK_BY_ID = lookup<ServiceTask>(() => ServiceTask, "customerId");
