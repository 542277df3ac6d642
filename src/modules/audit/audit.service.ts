import type { RequestContext } from "../../auth/request-context";
import { BadUserInputError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { keysetColumn, keysetValue } from "../../db/keyset";
import { pageRequest, toConnection, type PageArgs } from "../../shared/pagination";
import { AuditEntry } from "./audit-entry.entity";
import { AuditEntryConnection, type AuditLogArgs } from "./audit.types";
import { countRows } from "../../db/bounded-count";

function requireId(value: string | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isUuid(value)) throw new BadUserInputError(`${field} is not a valid id`, { field });
  return value;
}

const AT = keysetColumn("a.at", "timestamptz");

/** The access audit, filtered, newest first (keyset on time and id). */
export async function auditLog(ctx: RequestContext, args: AuditLogArgs) {
  const page = pageRequest(args, ctx.cursors.list("auditLog:at:DESC"));
  const filter = args.filter ?? {};
  const customerId = requireId(filter.customerId, "filter.customerId");
  const actorId = requireId(filter.actorId, "filter.actorId");
  const base = ctx.reader.getRepository(AuditEntry).createQueryBuilder("a").where("TRUE");
  if (customerId) base.andWhere("a.customer_id = :customerId", { customerId });
  if (actorId) base.andWhere("a.actor_id = :actorId", { actorId });
  if (filter.from) base.andWhere("a.at >= :from", { from: filter.from });
  if (filter.to) base.andWhere("a.at < :to", { to: filter.to });
  const query = base.clone();
  if (page.after) {
    query.andWhere(`(${AT}, a.id) < (${keysetValue(":afterAt", "timestamptz")}, CAST(:afterId AS uuid))`, {
      afterAt: page.after.value,
      afterId: page.after.id,
    });
  }
  const rows = await query.orderBy(AT, "DESC").addOrderBy("a.id", "DESC").limit(page.first + 1).getMany();
  return toConnection(
    {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (entry) => page.cursors.encode({ value: entry.at.toISOString(), id: entry.id }),
      count: (limit) => countRows(base, limit),
    },
    AuditEntryConnection,
  );
}
