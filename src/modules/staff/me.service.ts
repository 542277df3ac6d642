import type { RequestContext } from "../../auth/request-context";
import { UnauthenticatedError } from "../../shared/errors";
import { customerById } from "../customer/customer.service";
import { Me } from "./me.type";
import { staffById } from "./staff.service";

export async function describeViewer(ctx: RequestContext): Promise<Me> {
  const viewer = ctx.viewer;
  if (viewer.kind === "anonymous") throw new UnauthenticatedError();
  return Object.assign(new Me(), {
    role: viewer.role,
    purpose: viewer.purpose,
    staff: viewer.kind === "staff" ? await staffById(ctx, viewer.id) : null,
    customer: viewer.kind === "customer" ? await customerById(ctx, viewer.id) : null,
  });
}
