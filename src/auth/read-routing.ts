import type { ReadReplicas } from "../db/read-replicas";
import { UNKNOWN, type WriteMarks } from "../db/write-marks";
import { readRoutes } from "../observability/metrics";
import { logger } from "../shared/logger";
import { readFrom, type RequestContext } from "./request-context";
import type { Viewer } from "./viewer";

/** The read replicas and the callers' write marks (absent: every read goes to the primary). */
export interface ReadRouting {
  replicas: ReadReplicas;
  marks: WriteMarks;
}

/** Whose writes a read must see: the signed-in actor (anonymous callers write nothing of their own). */
function actorOf(viewer: Viewer): string | null {
  return viewer.kind === "anonymous" ? null : `${viewer.kind}:${viewer.id}`;
}

/**
 * Before a read-only operation runs: its reads go to a healthy replica that has replayed the
 * caller's last write (read-your-writes, across API replicas through the shared marks), else to
 * the primary. Writes, the access audit and anything in a transaction stay on `ctx.db`.
 */
export async function routeReads(ctx: RequestContext, routing: ReadRouting | undefined): Promise<void> {
  if (!routing) return;
  const actor = actorOf(ctx.viewer);
  const pending = actor ? await routing.marks.pending(actor) : null;
  const chosen = routing.replicas.readerFor(pending);
  readRoutes.inc({ target: chosen.target, reason: chosen.reason });
  readFrom(ctx, chosen.db);
}

/**
 * After a write operation, before its answer leaves: the caller's reads stay on the primary until
 * the replicas have replayed past the primary's position now. If the position cannot be read, the
 * caller is marked as waiting for a write no replica has (primary until the mark expires).
 */
export async function markWrite(ctx: RequestContext, routing: ReadRouting | undefined): Promise<void> {
  if (!routing) return;
  readRoutes.inc({ target: "primary", reason: "write" });
  const actor = actorOf(ctx.viewer);
  if (!actor) return;
  let position = UNKNOWN;
  try {
    position = await routing.replicas.writePosition();
  } catch (err) {
    logger.warn({ err: (err as Error).message, requestId: ctx.requestId }, "write position not read: the caller reads from the primary for a while");
  }
  await routing.marks.wrote(actor, position);
}
