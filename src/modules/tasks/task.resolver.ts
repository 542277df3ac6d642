import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { ServiceTask } from "./service-task.entity";
import { TaskRule } from "./task-rule.entity";
import { taskRules } from "./task-rule.service";
import { myTasks, taskById, taskWorkList } from "./task.service";
import { MyTasksArgs, TaskConnection, TaskWorkListArgs } from "./task.types";

@Resolver(() => ServiceTask)
export class TaskResolver {
  @Query(() => ServiceTask, { name: "task", nullable: true, description: "A task by id, if its customer is in your scope." })
  taskById(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The task's id (UUID); null when unknown or when its customer is out of your row scope." }) id: string) {
    return taskById(ctx, id);
  }

  @Query(() => TaskConnection, { description: "Your own tasks (OPEN unless a status is given), soonest due first." })
  myTasks(@Ctx() ctx: RequestContext, @Args(() => MyTasksArgs) args: MyTasksArgs) {
    return myTasks(ctx, args);
  }

  @Query(() => TaskConnection, { description: "A work list of tasks in your scope (staff): by queue, assignee, status (default OPEN), kind and due window; soonest due first." })
  tasks(@Ctx() ctx: RequestContext, @Args(() => TaskWorkListArgs) args: TaskWorkListArgs) {
    return taskWorkList(ctx, args);
  }

  @Query(() => [TaskRule], { description: "The rules that raise follow-up tasks (ADMIN, COMPLIANCE)." })
  taskRules(@Ctx() ctx: RequestContext) {
    return taskRules(ctx);
  }
}
