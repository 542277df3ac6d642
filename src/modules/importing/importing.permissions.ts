import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

/**
 * Who may send files (POST /imports) and see import jobs and their errors: administrators, and
 * the service accounts of other systems (INTEGRATION), which see only the jobs they sent.
 */
export const IMPORT_ROLES: readonly Role[] = [Role.ADMIN, Role.INTEGRATION];

/**
 * Who may send files over HTTP: service accounts only, each bound to its own source system. Not
 * ADMIN: an account that may import under any system could probe a value it sees masked (a
 * national id) by sending a guessed record under a known key and reading `unchanged`. Operators
 * load other systems' files with `npm run import` on the machine.
 */
export const IMPORT_SENDERS: readonly Role[] = [Role.INTEGRATION];

const importers = signedInAs(...IMPORT_ROLES);

/**
 * The job (who ran it, counts) and its error rows (line, source id, field, problem — never a
 * value) are readable by IMPORT_ROLES; an INTEGRATION account's view is narrowed to its own jobs
 * in the read service (a job of another account is NOT_FOUND, as a missing one).
 */
export const importingPermissions = {
  Query: { importJob: importers, importErrors: importers },
  ImportJob: Object.fromEntries(
    ["id", "sourceSystem", "entity", "fileName", "createdBy", "status", "processed", "inserted", "updated", "unchanged", "failed", "lastLine", "failure", "startedAt", "finishedAt", "errorsUrl"].map(
      (field) => [field, importers],
    ),
  ),
  ImportError: { id: importers, line: importers, sourceId: importers, field: importers, problem: importers },
};
