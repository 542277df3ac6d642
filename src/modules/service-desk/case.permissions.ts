import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";
import { CASE_WORKER_ROLES } from "./case-roles";

const workers = signedInAs(...CASE_WORKER_ROLES);

/**
 * Case operations: case workers (their book for an agent: row scope in the service) open, move and
 * assign cases and read work lists; a customer opens and reads their own. Any other role — a new
 * one included — is refused (deny by default). The ServiceCase fields are in the policy table.
 */
export const casePermissions = {
  Query: {
    case: signedInAs(...CASE_WORKER_ROLES, Role.CUSTOMER),
    cases: workers,
  },
  Mutation: {
    openCase: signedInAs(...CASE_WORKER_ROLES, Role.CUSTOMER),
    transitionCase: workers,
    assignCase: workers,
  },
};
