import { randomUUID } from "node:crypto";
import { recordApiSourceKey } from "../source/source-key.service";
import { causeOf, recordEvents } from "../events/outbox";
import { SourceEntityKind } from "../source/source-key.entity";
import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import { ConflictError, invalidFields, type FieldProblem } from "../../shared/errors";
import { idempotencyAuthor, scopedIdempotencyKey } from "../../shared/idempotency";
import { requireCustomer } from "../customer/customer.service";
import { Direction, Interaction, InteractionKind, InteractionStatus } from "./interaction.entity";
import type { RecordInteractionInput } from "./interaction-write.inputs";

/** Clocks of callers differ a little; a time up to this far ahead still counts as now. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function timeProblems(times: Record<string, Date | null | undefined>, startField: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const latest = Date.now() + CLOCK_SKEW_MS;
  const start = times[startField];
  for (const [field, time] of Object.entries(times)) {
    if (!time) continue;
    if (time.getTime() > latest) problems.push({ field, problems: [`${field} must not be in the future`] });
    else if (start && field !== startField && time < start) problems.push({ field, problems: [`${field} must not be before ${startField}`] });
  }
  return problems;
}

/** The staff user who handles a contact; a customer's own contact has none. */
export function handlerOf(ctx: RequestContext): string | null {
  return ctx.viewer.kind === "staff" ? ctx.viewer.id : null;
}

/**
 * Inserts an interaction unless its (author-scoped, see shared/idempotency.ts) idempotency key was
 * used before; returns the new row, or the row the same author recorded earlier under the key.
 * The key is claimed in `interaction_idempotency` first (interaction is partitioned by month, so
 * no index there can keep a key unique): ON CONFLICT DO NOTHING makes a concurrent duplicate wait
 * for the first one and then find it; the table's trigger accepts the claim made for this row.
 */
export async function insertOnce(manager: EntityManager, row: Partial<Interaction>): Promise<{ interaction: Interaction; created: boolean }> {
  const key = row.idempotencyKey ?? null;
  if (key) {
    const earlier = await interactionByKey(manager, key);
    if (earlier) return { interaction: sameRequest(earlier, row), created: false };
    const id = randomUUID();
    const claimed: unknown[] = await manager.query(
      `INSERT INTO interaction_idempotency (idempotency_key, interaction_id, occurred_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING interaction_id`,
      [key, id, row.occurredAt],
    );
    if (claimed.length === 0) return { interaction: sameRequest((await interactionByKey(manager, key))!, row), created: false };
    row = { ...row, id };
  }
  const result = await manager.createQueryBuilder().insert().into(Interaction).values(row).execute();
  const inserted = (result.raw as { id: string }[])[0];
  await recordApiSourceKey(manager, SourceEntityKind.INTERACTION, inserted.id);
  return { interaction: await manager.findOneByOrFail(Interaction, { id: inserted.id, occurredAt: row.occurredAt }), created: true };
}

/** The interaction holding an idempotency key: its claim names the row and the month it lives in. */
async function interactionByKey(manager: EntityManager, key: string): Promise<Interaction | null> {
  const [claim]: { interaction_id: string; occurred_at: Date }[] = await manager.query(
    `SELECT interaction_id, occurred_at FROM interaction_idempotency WHERE idempotency_key = $1`,
    [key],
  );
  return claim ? manager.findOneBy(Interaction, { id: claim.interaction_id, occurredAt: claim.occurred_at }) : null;
}

function sameRequest(earlier: Interaction, row: Partial<Interaction>): Interaction {
  if (earlier.customerId !== row.customerId || earlier.kind !== row.kind) {
    throw new ConflictError("This idempotencyKey was already used for a different request", { reason: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" });
  }
  return earlier;
}

export async function recordInteraction(ctx: RequestContext, input: RecordInteractionInput): Promise<Interaction> {
  const problems: FieldProblem[] = [];
  if (input.kind === InteractionKind.COMPLAINT) problems.push({ field: "kind", problems: ["record complaints with fileComplaint"] });
  const occurredAt = input.occurredAt ?? new Date();
  problems.push(...timeProblems({ occurredAt, firstResponseAt: input.firstResponseAt, resolvedAt: input.resolvedAt }, "occurredAt"));
  if (ctx.viewer.kind === "customer") {
    for (const field of ["notes", "firstResponseAt", "resolvedAt"] as const) {
      if (input[field] !== null && input[field] !== undefined) problems.push({ field, problems: [`${field} is recorded by staff only`] });
    }
  }
  if (problems.length > 0) throw invalidFields(problems);
  const customer = await requireCustomer(ctx, input.customerId);
  const resolvedAt = input.resolvedAt ?? null;
  const row: Partial<Interaction> = {
    customerId: customer.id,
    channel: input.channel,
    kind: input.kind,
    direction: ctx.viewer.kind === "customer" ? Direction.INBOUND : input.direction,
    subject: input.subject.trim(),
    notes: input.notes ?? null,
    occurredAt,
    staffId: handlerOf(ctx),
    satisfaction: input.satisfaction ?? null,
    firstResponseAt: input.firstResponseAt ?? null,
    resolvedAt,
    status: resolvedAt ? InteractionStatus.RESOLVED : InteractionStatus.OPEN,
    idempotencyKey: scopedIdempotencyKey("recordInteraction", idempotencyAuthor(ctx.viewer), input.idempotencyKey),
  };
  return ctx.db.transaction(async (manager) => {
    const { interaction, created } = await insertOnce(manager, row);
    if (created) await recordEvents(manager, causeOf(ctx), [{ type: "interaction.recorded", data: { customerId: customer.id, interactionId: interaction.id } }]);
    return interaction;
  });
}
