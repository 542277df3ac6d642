import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/** Who may see import jobs and their errors, over GraphQL and as the errors download. */
export const IMPORT_ROLES: readonly Role[] = [Role.ADMIN];

const administrators = signedInAs(...IMPORT_ROLES);

/**
 * Imports are an administrator's business: the job (who ran it, counts) and its error rows (line,
 * source id, field, problem — never a value) are readable by ADMIN only.
 */
export const importingPermissions = {
  Query: { importJob: administrators, importErrors: administrators },
  ImportJob: Object.fromEntries(
    ["id", "sourceSystem", "entity", "fileName", "createdBy", "status", "processed", "inserted", "updated", "unchanged", "failed", "lastLine", "failure", "startedAt", "finishedAt", "errorsUrl"].map(
      (field) => [field, administrators],
    ),
  ),
  ImportError: { id: administrators, line: administrators, sourceId: administrators, field: administrators, problem: administrators },
};
