import type { DataSource } from "typeorm";
import { Role } from "../../auth/role";
import { staffIdFor } from "./staff-id";

export interface FirstAdministrator {
  username: string;
  displayName: string;
  branch?: string | null;
}

export type BootstrapOutcome =
  | { outcome: "created"; id: string }
  /** An active ADMIN exists already: nothing is created (the bootstrap is for the first one only). */
  | { outcome: "admin-exists" }
  /** No active ADMIN, but the username belongs to another (or an inactive) staff user. */
  | { outcome: "username-taken" };

/**
 * Creates the first administrator when no active ADMIN exists — the only way production gets a
 * staff user (it never seeds demo data). One statement, so that replicas starting together create
 * at most one row per username.
 */
export async function bootstrapAdministrator(db: DataSource, admin: FirstAdministrator): Promise<BootstrapOutcome> {
  const id = staffIdFor(admin.username);
  const inserted: { id: string }[] = await db.query(
    `INSERT INTO staff_user (id, username, display_name, role, branch, active)
     SELECT $1::uuid, $2::varchar, $3::varchar, $4::varchar, $5::varchar, true
     WHERE NOT EXISTS (SELECT 1 FROM staff_user WHERE role = $4::varchar AND active)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [id, admin.username, admin.displayName, Role.ADMIN, admin.branch ?? null],
  );
  if (inserted.length === 1) return { outcome: "created", id };
  const [existing]: unknown[] = await db.query(`SELECT 1 FROM staff_user WHERE role = $1 AND active LIMIT 1`, [Role.ADMIN]);
  return existing ? { outcome: "admin-exists" } : { outcome: "username-taken" };
}
