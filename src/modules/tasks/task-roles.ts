import { Role } from "../../auth/role";
import { CASE_WORKER_ROLES } from "../service-desk/case-roles";

/**
 * Staff who work follow-up tasks: the case workers except the contact centre, which sees a customer
 * only while serving a caller it verified (row scope) and so could not call one back. Declared once:
 * the shield rules and the assignee check read it.
 */
export const TASK_WORKER_ROLES: readonly Role[] = CASE_WORKER_ROLES.filter((role) => role !== Role.SERVICE_REP);
