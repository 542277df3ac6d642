import type { RequestContext } from "../../graphql/context";
import { isUuid } from "../../shared/ids";
import type { DataSource } from "typeorm";
import { StaffUser } from "./staff.entity";

export function staffById(ctx: RequestContext, id: string): Promise<StaffUser | null> | null {
  return isUuid(id) ? ctx.loaders.staffById.load(id) : null;
}

/** A staff user by id, unscoped: sign-in reads it (through auth's StaffDirectory cache) before any viewer exists. */
export function staffUserForSignIn(db: DataSource, id: string): Promise<StaffUser | null> {
  return db.getRepository(StaffUser).findOne({ where: { id } });
}
