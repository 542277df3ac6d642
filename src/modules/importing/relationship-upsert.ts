import type { EntityManager } from "typeorm";
import { REVERSE_KIND } from "../household/household-write.service";
import type { RelationshipKind } from "../household/relationship.entity";
import { SourceEntityKind } from "../source/source-key.entity";
import { unnestOf } from "../../db/write-columns";
import { insertSourceKeys, touchSourceKeys } from "./batch-writes";
import { sortBatch } from "./batch-sort";
import type { BatchContext, BatchCounts } from "./import-kind";
import type { RelationshipRow } from "./relationship-rows";
import { customerProblem, customersBySourceId, keyProblem, knownRecords, type KnownRecord } from "./source-references";

type KnownLink = KnownRecord & { related_customer_id: string | null; kind: RelationshipKind | null };
type Item = { row: RelationshipRow; digest: string };
type Placed = Item & { customerId: string; relatedId: string };

/** A link's rows, both directions: (customer, related, kind) and (related, customer, reverse kind). */
const bothWays = (links: { customerId: string; relatedId: string; kind: RelationshipKind }[]) => {
  const rows = links.flatMap(({ customerId, relatedId, kind }) => [[customerId, relatedId, kind], [relatedId, customerId, REVERSE_KIND[kind]]]);
  return [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])];
};

/**
 * Upserts one batch of valid links keyed on (relationship, sourceSystem, sourceId), in the
 * caller's transaction. Both customers are ones the same system sent (neither erased); the link
 * is written both ways as linkRelationship writes it, and a link that exists already (made in
 * the 360, or by another record) is taken as it is: the key points to its forward row. Same
 * digest → unchanged; another kind → both rows changed to it (refused when the customers are
 * linked so already). A link never changes its customers here (refused by column). No event, as
 * linkRelationship writes none.
 */
export async function upsertRelationships(manager: EntityManager, { sourceSystem }: BatchContext, rows: Item[]): Promise<BatchCounts<RelationshipRow>> {
  const counts: BatchCounts<RelationshipRow> = { inserted: 0, updated: 0, unchanged: 0, refused: [], customers: [] };
  if (rows.length === 0) return counts;
  const customerOf = await customersBySourceId(manager, sourceSystem, rows.flatMap(({ row }) => [row.customerSourceId, row.relatedCustomerSourceId]));
  const known = await knownRecords<KnownLink>(manager, SourceEntityKind.RELATIONSHIP, sourceSystem, rows.map(({ row }) => row.sourceId), "r.related_customer_id, r.kind");
  // the links the pairs of known keys hold already, by (customer, related, kind): only a changed kind is checked against them
  const knownIds = new Set(known.map((key) => key.source_id));
  const pairs = rows
    .filter(({ row }) => knownIds.has(row.sourceId))
    .map(({ row }) => [customerOf.get(row.customerSourceId)?.id, customerOf.get(row.relatedCustomerSourceId)?.id])
    .filter((p): p is [string, string] => !!p[0] && !!p[1]);
  const held: { customer_id: string; related_customer_id: string; kind: string }[] = pairs.length === 0 ? [] : await manager.query(
    `SELECT r.customer_id, r.related_customer_id, r.kind FROM relationship r JOIN ${unnestOf(["uuid", "uuid"])} AS p(a, b) ON r.customer_id = p.a AND r.related_customer_id = p.b`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  const holds = new Set(held.map((r) => `${r.customer_id}:${r.related_customer_id}:${r.kind}`));

  const sorted = sortBatch<RelationshipRow, Placed, KnownLink>(rows, known, counts, (item, key, refuse) => {
    const { row } = item;
    const customer = customerOf.get(row.customerSourceId);
    const related = customerOf.get(row.relatedCustomerSourceId);
    const problem = customerProblem(customer, sourceSystem, "customer");
    if (problem) refuse("customerSourceId", problem);
    const relatedProblem = customerProblem(related, sourceSystem, "related customer", "relatedCustomerSourceId");
    if (relatedProblem) refuse("relatedCustomerSourceId", relatedProblem);
    const moved = keyProblem(key, customer?.id, "link", "customerSourceId");
    if (moved) refuse(moved.field, moved.problem);
    else if (key?.record_id && related && key.related_customer_id !== related.id) {
      refuse("relatedCustomerSourceId", "the link joins another customer here; a link does not change its customers by import (send a new record)");
    } else if (key?.record_id && customer && related && key.kind !== row.kind && holds.has(`${customer.id}:${related.id}:${row.kind}`)) {
      refuse("kind", "the customers are linked so already");
    }
    return () => ({ ...item, customerId: customer!.id, relatedId: related!.id });
  });

  if (sorted.fresh.length > 0) {
    await manager.query(
      `INSERT INTO relationship (customer_id, related_customer_id, kind) SELECT * FROM ${unnestOf(["uuid", "uuid", "varchar"])} ON CONFLICT DO NOTHING`,
      bothWays(sorted.fresh.map(({ customerId, relatedId, row }) => ({ customerId, relatedId, kind: row.kind }))),
    );
    const forward: { id: string; customer_id: string; related_customer_id: string; kind: string }[] = await manager.query(
      `SELECT r.id, r.customer_id, r.related_customer_id, r.kind FROM relationship r
         JOIN ${unnestOf(["uuid", "uuid", "varchar"])} AS f(a, b, k) ON r.customer_id = f.a AND r.related_customer_id = f.b AND r.kind = f.k`,
      [sorted.fresh.map((p) => p.customerId), sorted.fresh.map((p) => p.relatedId), sorted.fresh.map((p) => p.row.kind)],
    );
    const idOf = new Map(forward.map((r) => [`${r.customer_id}:${r.related_customer_id}:${r.kind}`, r.id]));
    await insertSourceKeys(manager, SourceEntityKind.RELATIONSHIP, sourceSystem, sorted.fresh.map(({ row, digest, customerId, relatedId }) => ({
      recordId: idOf.get(`${customerId}:${relatedId}:${row.kind}`)!, sourceId: row.sourceId, digest,
    })));
    counts.inserted = sorted.fresh.length;
  }
  if (sorted.changed.length > 0) {
    // both rows of each link to the new kind: the forward row by id, the reverse one by its pair and old kind
    const links = sorted.changed.map(({ key, row, customerId, relatedId }) => ({ id: key.record_id!, customerId, relatedId, from: key.kind!, to: row.kind }));
    await manager.query(
      `UPDATE relationship r SET kind = u.kind FROM ${unnestOf(["uuid", "varchar"])} AS u(id, kind) WHERE r.id = u.id`,
      [links.map((l) => l.id), links.map((l) => l.to)],
    );
    await manager.query(
      `UPDATE relationship r SET kind = u.kind FROM ${unnestOf(["uuid", "uuid", "varchar", "varchar"])} AS u(a, b, old, kind)
        WHERE r.customer_id = u.a AND r.related_customer_id = u.b AND r.kind = u.old`,
      [links.map((l) => l.relatedId), links.map((l) => l.customerId), links.map((l) => REVERSE_KIND[l.from]), links.map((l) => REVERSE_KIND[l.to])],
    );
    counts.updated = sorted.changed.length;
  }
  await touchSourceKeys(manager, sorted.changed.map(({ key, digest }) => ({ keyId: key.key_id, digest })), sorted.seen);
  counts.unchanged = sorted.seen.length;
  return counts;
}
