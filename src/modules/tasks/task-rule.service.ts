import type { RequestContext } from "../../auth/request-context";
import { NotFoundError, invalidFields } from "../../shared/errors";
import { TaskRule } from "./task-rule.entity";
import type { UpdateTaskRuleInput } from "./task.inputs";

export function taskRules(ctx: RequestContext): Promise<TaskRule[]> {
  return ctx.reader.getRepository(TaskRule).find({ order: { code: "ASC" } });
}

/** Changes a rule (ADMIN): what it changes applies from the next sweep; tasks already raised stay as they are. */
export async function updateTaskRule(ctx: RequestContext, input: UpdateTaskRuleInput): Promise<TaskRule> {
  const repo = ctx.db.getRepository(TaskRule);
  const found = await repo.findOneBy({ code: input.code });
  if (!found) throw new NotFoundError("TaskRule", input.code);
  const changes: Partial<TaskRule> = {};
  if (input.active !== null && input.active !== undefined) changes.active = input.active;
  if (input.offsetDays !== null && input.offsetDays !== undefined) changes.offsetDays = input.offsetDays;
  if (input.maxAgeDays !== null && input.maxAgeDays !== undefined) changes.maxAgeDays = input.maxAgeDays;
  if (input.queue) changes.queue = input.queue;
  if (Object.keys(changes).length === 0) throw invalidFields([{ field: "code", problems: ["nothing to change: give active, offsetDays, maxAgeDays or queue"] }]);
  await repo.update({ code: found.code }, changes);
  return repo.findOneByOrFail({ code: found.code });
}
