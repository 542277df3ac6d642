import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { lockRegister } from "../../db/write-guards";
import { recordEvents, type EventCause } from "../events/outbox";

async function personOf(manager: EntityManager, customerId: string): Promise<string | null> {
  const rows: { person_id: string }[] = await manager.query(`SELECT person_id FROM person_link WHERE customer_id = $1 FOR UPDATE`, [customerId]);
  return rows[0]?.person_id ?? null;
}

/**
 * Puts two customer records into one person. Neither record changes: a record without a person
 * joins the other's, two persons become one (the second's records move to the first). Returns the
 * person's id.
 */
export async function linkRecords(
  manager: EntityManager,
  customerId: string,
  otherId: string,
  linkedById: string | null,
  candidateId: string | null,
  cause: EventCause,
): Promise<string> {
  await lockRegister(manager, "person_link"); // two links of one record at once would make two persons
  const [first, second] = [await personOf(manager, customerId), await personOf(manager, otherId)];
  const person = first ?? second ?? randomUUID();
  let moved: string[] = [];
  if (first && second && first !== second) {
    const rows: { customer_id: string }[] = await manager.query(
      `WITH moved AS (UPDATE person_link SET person_id = $1 WHERE person_id = $2 RETURNING customer_id) SELECT customer_id FROM moved`,
      [first, second],
    );
    moved = rows.map((row) => row.customer_id);
  }
  const joining = [first ? null : customerId, second ? null : otherId].filter((id): id is string => id !== null);
  // every record whose person changed: those joining, and those of a person merged into this one
  await recordEvents(manager, cause, [...joining, ...moved].sort().map((id) => ({ type: "customer.linked", data: { customerId: id, personId: person } })));
  await manager.query(
    `INSERT INTO person_link (customer_id, person_id, linked_by_id, candidate_id)
     SELECT id, $2::uuid, $3::uuid, $4::uuid FROM unnest($1::uuid[]) AS t(id)`,
    [joining, person, linkedById, candidateId],
  );
  return person;
}

/** The customer ids of a record's person, the record included (just the record when unlinked). */
export async function membersOf(manager: EntityManager, customerId: string): Promise<string[]> {
  const rows: { customer_id: string }[] = await manager.query(
    `SELECT m.customer_id FROM person_link p JOIN person_link m ON m.person_id = p.person_id WHERE p.customer_id = $1 ORDER BY m.linked_at, m.customer_id`,
    [customerId],
  );
  return rows.length > 0 ? rows.map((row) => row.customer_id) : [customerId];
}

/**
 * Takes a record out of its person: its link row goes, and a person left with one record is no
 * person any more. Returns the ids of the records it was linked with.
 */
export async function unlinkRecord(manager: EntityManager, customerId: string, cause: EventCause): Promise<string[]> {
  await lockRegister(manager, "person_link");
  const person = await personOf(manager, customerId);
  if (!person) return [];
  await manager.query(`DELETE FROM person_link WHERE customer_id = $1`, [customerId]);
  const rest: { customer_id: string }[] = await manager.query(`SELECT customer_id FROM person_link WHERE person_id = $1`, [person]);
  if (rest.length === 1) await manager.query(`DELETE FROM person_link WHERE person_id = $1`, [person]);
  const left = rest.length === 1 ? [customerId, rest[0].customer_id].sort() : [customerId];
  await recordEvents(manager, cause, left.map((id) => ({ type: "customer.unlinked", data: { customerId: id, personId: person } })));
  return rest.map((row) => row.customer_id);
}
