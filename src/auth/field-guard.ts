import type { IMiddlewareFieldMap, IMiddlewareFunction } from "graphql-middleware";
import type { RequestContext } from "./request-context";
import { DataClass, FIELD_CLASSES, roleVerdict, type Reducer } from "./field-policy";
import { customerIdOf } from "./shield-rules";

/**
 * A personal value on its way out to a signed-in viewer: reduced where the verdict says so, and
 * recorded for the access audit (staff only). Used by the field guard and by compiled reads.
 */
export function releasePersonal(
  ctx: Pick<RequestContext, "viewer" | "audit">,
  typeName: string,
  path: string,
  reduce: Reducer | null,
  value: unknown,
  parent: unknown,
): unknown {
  const returned = reduce ? reduce(value as never, parent as never) : value;
  // path is `<type>.<field>`: a composed parent (a person's profile) names the record behind each field
  const customerId = customerIdOf(parent as { id?: string; customerId?: string }, typeName, path.slice(typeName.length + 1));
  if (ctx.viewer.kind === "staff" && customerId) ctx.audit.record(customerId, path, reduce ? "MASKED" : "ALLOWED");
  return returned;
}

/**
 * Runs inside the shield, on non-PUBLIC fields only: reduces the value where the viewer's access
 * is masked or banded, and records every personal value returned to staff for the access audit.
 */
function guard(typeName: string, fieldName: string, dataClass: DataClass): IMiddlewareFunction {
  const path = `${typeName}.${fieldName}`;
  return async (resolve, parent, args, ctx: RequestContext, info) => {
    const value = await resolve(parent, args, ctx, info);
    const viewer = ctx.viewer;
    if (value === null || value === undefined || viewer.kind === "anonymous") return value;
    // the shield let the value through; only a reduction can still apply (consent means "as stored")
    const verdict = roleVerdict(viewer.role, typeName, fieldName, dataClass);
    return releasePersonal(ctx, typeName, path, verdict.kind === "read" ? verdict.reduce : null, value, parent);
  };
}

export function fieldGuardMiddleware(): IMiddlewareFieldMap {
  const map: IMiddlewareFieldMap = {};
  for (const [typeName, fields] of Object.entries(FIELD_CLASSES)) {
    for (const [fieldName, dataClass] of Object.entries(fields)) {
      if (dataClass === DataClass.PUBLIC) continue;
      map[typeName] = { ...((map[typeName] as object) ?? {}), [fieldName]: guard(typeName, fieldName, dataClass) };
    }
  }
  return map;
}
