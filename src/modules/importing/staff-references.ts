import type { EntityManager } from "typeorm";
import { Role } from "../../auth/role";

/**
 * The file columns that name a staff user, and the role each requires (null: any active staff
 * user): a customer's agent (assignAgent's rule), a claim's adjuster, a contact's handler.
 * Declared once for the row checks, the batch's look-up and the refusal.
 */
export const STAFF_COLUMN_ROLES = { agent: Role.AGENT, adjuster: Role.CLAIMS_ADJUSTER, handledBy: null } as const satisfies Record<string, Role | null>;
export type StaffColumn = keyof typeof STAFF_COLUMN_ROLES;

/** A staff username as the staff table holds it (up to 64 characters, no spaces); another value names nobody. */
export const STAFF_USERNAME = /^[^\s]{1,64}$/;

/** The one refusal of a username that names nobody the column accepts: whether the user exists, is inactive or has another role is not told apart. */
export function staffProblem(column: StaffColumn): string {
  const role = STAFF_COLUMN_ROLES[column];
  return `${column} must be the username of an active staff user${role === null ? "" : ` in the ${role} role`}`;
}

/**
 * The ids of the staff users a batch names in `column`, by username: active ones in the column's
 * role only. One look-up for the batch; a username missing from the answer names nobody a record
 * may be given to.
 */
export async function activeStaffByUsername(manager: EntityManager, usernames: (string | null)[], column: StaffColumn): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames.filter((username): username is string => username !== null))];
  if (wanted.length === 0) return new Map();
  const staff: { id: string; username: string }[] = await manager.query(
    `SELECT id, username FROM staff_user WHERE username = ANY($1::varchar[]) AND active AND ($2::varchar IS NULL OR role = $2)`,
    [wanted, STAFF_COLUMN_ROLES[column]],
  );
  return new Map(staff.map((member) => [member.username, member.id]));
}
