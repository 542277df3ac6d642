import type { DomainModule } from "../domain-module";
import { ServiceTask } from "./service-task.entity";
import { TaskRule } from "./task-rule.entity";
import { TASK_DERIVED } from "./task.derived";
import { TaskMutations } from "./task.mutations";
import { taskPermissions } from "./task.permissions";
import { TASK_RELATIONS } from "./task.relations";
import { TaskResolver } from "./task.resolver";

export const tasksModule: DomainModule = {
  name: "tasks",
  entities: [ServiceTask, TaskRule],
  resolvers: [TaskResolver, TaskMutations],
  permissions: [taskPermissions],
  relations: TASK_RELATIONS,
  derived: TASK_DERIVED,
};
