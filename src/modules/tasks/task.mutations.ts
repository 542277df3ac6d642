import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { CaseQueue } from "../service-desk/service-case.entity";
import { ServiceTask } from "./service-task.entity";
import { TaskRule } from "./task-rule.entity";
import { updateTaskRule } from "./task-rule.service";
import { assignTask, completeTask, createTask } from "./task-write.service";
import { CompleteTaskInput, CreateTaskInput, UpdateTaskRuleInput } from "./task.inputs";

@Resolver(() => ServiceTask)
export class TaskMutations {
  @Mutation(() => ServiceTask, { description: "Plans a follow-up task for a customer in your scope." })
  createTask(@Ctx() ctx: RequestContext, @Arg("input", () => CreateTaskInput, { description: "The customer, kind, subject, due time, contact purpose and assignee or queue of the task; a customer out of your row scope is NOT_FOUND." }) input: CreateTaskInput) {
    return createTask(ctx, input);
  }

  @Mutation(() => ServiceTask, { description: "Gives an open task to a staff user (null: back to its queue) and/or another queue." })
  assignTask(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The task." }) id: string,
    @Arg("assigneeId", () => ID, { nullable: true, description: "An active task worker who can see the customer (an agent: only in their book); null unassigns." })
    assigneeId?: string | null,
    @Arg("queue", () => CaseQueue, { nullable: true, description: "The queue to move it to." }) queue?: CaseQueue | null,
    @Arg("expectedVersion", () => Int, { nullable: true, description: "The version you read; when given and stale → CONFLICT." }) expectedVersion?: number | null,
  ) {
    return assignTask(ctx, id, { assigneeId, queue, expectedVersion });
  }

  @Mutation(() => ServiceTask, {
    description:
      "Completes an open task with its outcome. A contact attempt must have been allowed by the contact policy (else CONFLICT, CONTACT_HELD_BACK, with the reasons); " +
      "when the customer was reached the contact is recorded, a survey's answer with it (it feeds the satisfaction index).",
  })
  completeTask(@Ctx() ctx: RequestContext, @Arg("input", () => CompleteTaskInput, { description: "The open task (by id), its outcome, and for a contact attempt the channel, time and survey answer; a task out of your row scope is NOT_FOUND." }) input: CompleteTaskInput) {
    return completeTask(ctx, input);
  }

  @Mutation(() => TaskRule, { description: "Changes a task rule (ADMIN): active, offset, maximum age, queue; from the next sweep on." })
  updateTaskRule(@Ctx() ctx: RequestContext, @Arg("input", () => UpdateTaskRuleInput, { description: "The rule (by its code; NOT_FOUND when unknown) and the settings to change: active, offsetDays, maxAgeDays, queue; those not given keep their value, at least one must be given (else BAD_USER_INPUT)." }) input: UpdateTaskRuleInput) {
    return updateTaskRule(ctx, input);
  }
}
