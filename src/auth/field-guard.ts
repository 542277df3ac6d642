import type { IMiddlewareFieldMap, IMiddlewareFunction } from "graphql-middleware";
import type { RequestContext } from "../graphql/context";
import { accessFor, DataClass, FIELD_CLASSES, reducerFor } from "./field-policy";
import { customerIdOf } from "./shield-rules";

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
    const access = accessFor(viewer.role, dataClass);
    const reduce = reducerFor(typeName, fieldName, access);
    const returned = reduce ? reduce(value as never, parent as never) : value;
    const customerId = customerIdOf(parent, typeName);
    if (viewer.kind === "staff" && customerId) ctx.audit.record(customerId, path, reduce ? "MASKED" : "ALLOWED");
    return returned;
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
