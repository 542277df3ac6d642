import type { RequestContext } from "../../auth/request-context";
import { isUuid } from "../../shared/ids";
import { NODE_LOOKUPS } from "./node-types";

/** The object with this id, through the same scoped look-ups as every other path (out of scope → null). */
export async function nodeById(ctx: RequestContext, id: string) {
  if (!isUuid(id)) return null;
  const found = await Promise.all(NODE_LOOKUPS.map((lookup) => ctx.loaders.byId(lookup).load(id)));
  return found.find((row) => row !== null && row !== undefined) ?? null;
}
