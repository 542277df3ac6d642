import { Role } from "./role";

/** Who is calling: a staff user in a role, a customer (self-service), or nobody. */
export type Viewer =
  | { kind: "staff"; id: string; role: Exclude<Role, Role.CUSTOMER>; username: string; purpose: string | null }
  | { kind: "customer"; id: string; role: Role.CUSTOMER; purpose: string | null }
  | { kind: "anonymous" };

export const ANONYMOUS: Viewer = { kind: "anonymous" };

export function roleOf(viewer: Viewer): Role | null {
  return viewer.kind === "anonymous" ? null : viewer.role;
}
