import { rule } from "graphql-shield";
import type { RequestContext } from "../../graphql/context";
import { Role } from "../staff/staff.entity";
import { ForbiddenError, UnauthenticatedError } from "../../shared/errors";

/** A rule that admits the given roles only (depends on the viewer alone, so cached per request). */
export function rolesRule(name: string, roles: readonly Role[]) {
  return rule(name, { cache: "contextual" })((_parent, _args, ctx: RequestContext) => {
    if (ctx.viewer.kind === "anonymous") return new UnauthenticatedError();
    return roles.includes(ctx.viewer.role) || new ForbiddenError(`Your role may not do this (needs ${roles.join(" or ")})`, { reason: "ROLE" });
  });
}

const STAFF = Object.values(Role).filter((role) => role !== Role.CUSTOMER);
const segmentReader = rolesRule("segmentReader", STAFF);
const segmentWriter = rolesRule("segmentWriter", [Role.MARKETING, Role.ADMIN]);

/** Staff read segments (members still follow each viewer's row scope); marketing and admins define them. */
export const segmentPermissions = {
  Query: {
    segments: segmentReader,
    segment: segmentReader,
    previewSegment: segmentReader,
    explainSegment: segmentReader,
  },
  Mutation: {
    createSegment: segmentWriter,
    updateSegment: segmentWriter,
    deleteSegment: segmentWriter,
  },
};
