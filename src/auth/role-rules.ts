import { and, rule } from "graphql-shield";
import type { RequestContext } from "./request-context";
import { isAuthenticated } from "./shield-rules";
import { ForbiddenError } from "../shared/errors";
import { Role } from "./role";

const roleRules = new Map<string, ReturnType<typeof buildRoleRule>>();

/** The roles each `signedInAs` rule admits, so that a planner can ask the shield map instead of assuming (compiled reads). */
const admitted = new WeakMap<object, readonly Role[]>();

/** The roles a shield rule admits when it is a `signedInAs` rule; undefined for any other rule. */
export function rolesAdmittedBy(shieldRule: unknown): readonly Role[] | undefined {
  return typeof shieldRule === "object" && shieldRule !== null ? admitted.get(shieldRule) : undefined;
}

function buildRoleRule(roles: readonly Role[]) {
  // the viewer alone decides, so the result may be cached per request ("contextual")
  return rule(`role_${roles.join("_")}`, { cache: "contextual" })((_parent, _args, ctx: RequestContext) =>
    ctx.viewer.kind !== "anonymous" && roles.includes(ctx.viewer.role) ? true : new ForbiddenError("Your role may not do this", { reason: "ROLE" }),
  );
}

/**
 * An operation open to the given roles only (signed in first, so that a missing token is
 * UNAUTHENTICATED rather than FORBIDDEN). Which rows a role may touch is decided in the service
 * through the scoped loaders.
 */
export function signedInAs(...roles: Role[]) {
  const sorted = [...roles].sort();
  const key = sorted.join("_");
  let roleRule = roleRules.get(key);
  if (!roleRule) {
    roleRule = buildRoleRule(sorted);
    roleRules.set(key, roleRule);
  }
  const signedIn = and(isAuthenticated, roleRule);
  admitted.set(signedIn, sorted);
  return signedIn;
}
