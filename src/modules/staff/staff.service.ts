import type { RequestContext } from "../../graphql/context";
import { isUuid } from "../../shared/ids";
import type { StaffUser } from "./staff.entity";

export function staffById(ctx: RequestContext, id: string): Promise<StaffUser | null> | null {
  return isUuid(id) ? ctx.loaders.staffById.load(id) : null;
}
