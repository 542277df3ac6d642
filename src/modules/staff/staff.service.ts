import type { RequestContext } from "../../auth/request-context";
import { isUuid } from "../../shared/ids";
import type { DataSource } from "typeorm";
import { StaffUser } from "./staff.entity";
import { staffLoaders } from "./staff.loaders";

export function staffById(ctx: RequestContext, id: string): Promise<StaffUser | null> | null {
  return isUuid(id) ? ctx.loaders.get(staffLoaders).staffById.load(id) : null;
}

/** A staff user by id, unscoped: sign-in reads it (through auth's StaffDirectory cache) before any viewer exists. */
export function staffUserForSignIn(db: DataSource, id: string): Promise<StaffUser | null> {
  return db.getRepository(StaffUser).findOne({ where: { id } });
}
