import type { RequestContext } from "../../auth/request-context";
import { BadUserInputError } from "../../shared/errors";
import { pageRequest, toConnection } from "../../shared/pagination";
import type { Customer } from "../customer/customer.entity";
import { timelineLoaders } from "./timeline.loaders";
import { encodePosition } from "./timeline.query";
import { TimelineConnection, type TimelineArgs, type TimelineEntry } from "./timeline.types";
import { visibleKinds } from "./timeline.visibility";

/** The list the timeline's cursors are bound to (with the viewer): its name and order. */
const TIMELINE_LIST = "Customer.timeline:occurredAt,kind,id:DESC";

/**
 * One page of a customer's timeline (the customer is already in the viewer's scope: it was read
 * through the scoped customer loader). Only the kinds the viewer's role may read directly are
 * asked of the database, so neither the entries nor totalCount show any other.
 */
export async function customerTimeline(ctx: RequestContext, customer: Customer, args: TimelineArgs): Promise<TimelineConnection> {
  if (args.kinds && args.kinds.length === 0) throw new BadUserInputError("kinds must name at least one kind (omit it for all)", { argument: "kinds" });
  const viewer = ctx.viewer;
  const asked = args.kinds ? new Set(args.kinds) : null;
  const kinds = viewer.kind === "anonymous" ? [] : visibleKinds(viewer.role).filter((declaration) => !asked || asked.has(declaration.kind));
  const cursors = ctx.cursors.list(TIMELINE_LIST);
  const page = pageRequest(args, cursors);
  const key = JSON.stringify([kinds.map((declaration) => declaration.kind), page.first, args.after ?? null]);
  const cursorOf = (entry: TimelineEntry) => cursors.encode(encodePosition(entry));
  const loaded = await ctx.loaders.get(timelineLoaders).page(key, kinds, page, cursorOf).load(customer.id);
  return toConnection(loaded, TimelineConnection);
}
