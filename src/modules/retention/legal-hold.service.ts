import type { RequestContext } from "../../auth/request-context";
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { requireCustomer } from "../customer/customer.service";
import { AuditEntry } from "../audit/audit-entry.entity";
import { LegalHold } from "./legal-hold.entity";

interface LegalHoldRow {
  id: string;
  customer_id: string;
  reason: string;
  placed_by: string;
  placed_at: Date;
  released_by: string | null;
  released_at: Date | null;
}

const COLUMNS = "id, customer_id, reason, placed_by, placed_at, released_by, released_at";

function toHold(row: LegalHoldRow): LegalHold {
  return Object.assign(new LegalHold(), {
    id: row.id,
    customerId: row.customer_id,
    reason: row.reason,
    placedBy: row.placed_by,
    placedAt: new Date(row.placed_at),
    releasedBy: row.released_by,
    releasedAt: row.released_at ? new Date(row.released_at) : null,
  });
}

function actorOf(ctx: RequestContext) {
  if (ctx.viewer.kind === "anonymous") throw new UnauthenticatedError();
  return ctx.viewer;
}

/** Places a hold on a customer: retention keeps all their records until it is released. Audited. */
export async function placeLegalHold(ctx: RequestContext, customerId: string, reason: string): Promise<LegalHold> {
  const actor = actorOf(ctx);
  const why = reason.trim();
  if (why.length === 0 || why.length > 300) throw new BadUserInputError("reason must be 1 to 300 characters", { argument: "reason" });
  const customer = await requireCustomer(ctx, customerId);
  return ctx.db.transaction(async (manager) => {
    const [row]: LegalHoldRow[] = await manager.query(`INSERT INTO legal_hold (customer_id, reason, placed_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`, [customer.id, why, actor.id]);
    await manager.insert(AuditEntry, {
      actorId: actor.id, role: actor.role, purpose: why.slice(0, 80), operation: "placeLegalHold", requestId: ctx.requestId, customerId: customer.id, fields: [], outcome: "ALLOWED",
    });
    return toHold(row);
  });
}

/** Releases a hold in force (CONFLICT when it was released already). Audited. */
export async function releaseLegalHold(ctx: RequestContext, id: string): Promise<LegalHold> {
  const actor = actorOf(ctx);
  if (!isUuid(id)) throw new NotFoundError("LegalHold", id);
  return ctx.db.transaction(async (manager) => {
    const [found]: LegalHoldRow[] = await manager.query(`SELECT ${COLUMNS} FROM legal_hold WHERE id = $1 FOR UPDATE`, [id]);
    if (!found) throw new NotFoundError("LegalHold", id);
    if (found.released_at) throw new ConflictError(`legal hold ${id} was released already`, { releasedAt: new Date(found.released_at).toISOString() });
    const [row]: LegalHoldRow[] = await manager.query(
      `WITH released AS (UPDATE legal_hold SET released_at = now(), released_by = $2 WHERE id = $1 RETURNING ${COLUMNS}) SELECT * FROM released`,
      [id, actor.id],
    );
    await manager.insert(AuditEntry, {
      actorId: actor.id, role: actor.role, purpose: null, operation: "releaseLegalHold", requestId: ctx.requestId, customerId: row.customer_id, fields: [], outcome: "ALLOWED",
    });
    return toHold(row);
  });
}

/** A customer's holds, newest first (released ones too). */
export async function legalHolds(ctx: RequestContext, customerId: string): Promise<LegalHold[]> {
  const customer = await requireCustomer(ctx, customerId);
  const rows: LegalHoldRow[] = await ctx.db.query(`SELECT ${COLUMNS} FROM legal_hold WHERE customer_id = $1 ORDER BY placed_at DESC, id DESC`, [customer.id]);
  return rows.map(toHold);
}
