import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";
import { TASK_WORKER_ROLES } from "./task-roles";

const workers = signedInAs(...TASK_WORKER_ROLES);
const admins = signedInAs(Role.ADMIN);
const ruleReaders = signedInAs(Role.ADMIN, Role.COMPLIANCE);

/**
 * Task operations: task workers (their book for an agent: row scope in the service) plan, list,
 * assign and complete; administrators change the rules, compliance reads them. Any other role — the
 * customer, marketing, the contact centre, a new one — is refused (deny by default). The
 * ServiceTask fields are in the policy table; the rules carry no customer data.
 */
export const taskPermissions = {
  Query: { task: workers, myTasks: workers, tasks: workers, taskRules: ruleReaders },
  Mutation: { createTask: workers, assignTask: workers, completeTask: workers, updateTaskRule: admins },
  TaskRule: Object.fromEntries(
    ["code", "description", "trigger", "offsetDays", "maxAgeDays", "kind", "purpose", "assignTo", "queue", "active", "updatedAt"].map((field) => [field, ruleReaders]),
  ),
};
