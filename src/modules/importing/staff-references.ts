import type { EntityManager } from "typeorm";
import type { Role } from "../../auth/role";

/**
 * The ids of the staff users a batch names by username (a customer's agent, a claim's adjuster, a
 * contact's handler): active ones only, in `role` when one is given. One look-up for the batch;
 * a username missing from the answer names nobody a record may be given to.
 */
export async function activeStaffByUsername(manager: EntityManager, usernames: (string | null)[], role: Role | null): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames.filter((username): username is string => username !== null))];
  if (wanted.length === 0) return new Map();
  const staff: { id: string; username: string }[] = await manager.query(
    `SELECT id, username FROM staff_user WHERE username = ANY($1::varchar[]) AND active AND ($2::varchar IS NULL OR role = $2)`,
    [wanted, role],
  );
  return new Map(staff.map((member) => [member.username, member.id]));
}

/** A staff username as the staff table holds it (up to 64 characters, no spaces); another value names nobody. */
export const STAFF_USERNAME = /^[^\s]{1,64}$/;
