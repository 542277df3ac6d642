import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** Legal holds and the retention runs are compliance matters: COMPLIANCE and ADMIN only. */
const compliance = signedInAs(Role.COMPLIANCE, Role.ADMIN);
const every = (fields: string[]) => Object.fromEntries(fields.map((field) => [field, compliance]));

// ids, reasons and counts, no customer data beyond the customer's id: not in the personal-data table
export const retentionPermissions = {
  Query: { retentionRuns: compliance, legalHolds: compliance },
  Mutation: { placeLegalHold: compliance, releaseLegalHold: compliance },
  LegalHold: every(["id", "customerId", "reason", "placedBy", "placedAt", "releasedBy", "releasedAt"]),
  RetentionRun: every(["id", "startedAt", "finishedAt", "trigger", "status", "failure", "deletedRows", "droppedPartitions", "heldRows", "tables"]),
  RetentionTableCount: every(["rule", "table", "cutoff", "deletedRows", "droppedPartitions", "heldRows", "keptRows"]),
};
