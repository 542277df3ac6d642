import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { lockRegister } from "../../db/write-guards";
import { recordEvents, type EventCause } from "../events/outbox";
import type { DomainEvent } from "../events/event-types";
import { PLANNED_PER_EXECUTION } from "../../db/prepared-statements";

/** A record's person, locked (planned with its value, as personsOf below). */
async function personOf(manager: EntityManager, customerId: string): Promise<string | null> {
  const rows: { person_id: string }[] = await manager.query(`SELECT person_id FROM person_link WHERE customer_id = $1 FOR UPDATE ${PLANNED_PER_EXECUTION}`, [customerId]);
  return rows[0]?.person_id ?? null;
}

/** Two records to put into one person, and the duplicate pair that decided it (null: a reviewer's own link). */
export interface RecordLink {
  customerId: string;
  otherId: string;
  candidateId: string | null;
}

/**
 * The link rows of every person these records belong to, locked. Planned with its values: a
 * plan kept from when person_link was small scans the whole table for every link (an import's
 * 10,000 links took 15 s, 0.75 ms a look-up and growing, where the index answers in 0.05 ms).
 */
async function personsOf(manager: EntityManager, customerIds: string[]): Promise<{ customer_id: string; person_id: string }[]> {
  return manager.query(
    `SELECT m.customer_id, m.person_id FROM person_link m
      WHERE m.person_id IN (SELECT p.person_id FROM person_link p WHERE p.customer_id = ANY($1::uuid[]))
      ORDER BY m.customer_id FOR UPDATE ${PLANNED_PER_EXECUTION}`,
    [customerIds],
  );
}

/**
 * Puts each pair of customer records into one person, in order, with the outcome of linking them
 * one after another — neither record changes: a record without a person joins the other's, two
 * persons become one (the second's records move to the first) — in at most five statements however
 * many pairs: the register's lock, the persons read and locked, the moved records updated, the
 * joining ones inserted, the events recorded. Returns each pair's person.
 */
export async function linkPairs(manager: EntityManager, pairs: RecordLink[], linkedById: string | null, cause: EventCause): Promise<string[]> {
  if (pairs.length === 0) return [];
  await lockRegister(manager, "person_link"); // two links of one record at once would make two persons
  const stored = new Map<string, string>();
  for (const row of await personsOf(manager, [...new Set(pairs.flatMap((pair) => [pair.customerId, pair.otherId]))])) stored.set(row.customer_id, row.person_id);
  const personOfRecord = new Map<string, string>();
  const members = new Map<string, Set<string>>();
  const join = (customerId: string, person: string) => {
    personOfRecord.set(customerId, person);
    const set = members.get(person);
    if (set) set.add(customerId);
    else members.set(person, new Set([customerId]));
  };
  for (const [customerId, person] of stored) join(customerId, person);
  const joined = new Map<string, string | null>(); // new link rows: record → the pair that brought it
  const events: DomainEvent[] = [];
  const persons: string[] = [];
  for (const pair of pairs) {
    const first = personOfRecord.get(pair.customerId) ?? null;
    const second = personOfRecord.get(pair.otherId) ?? null;
    const person = first ?? second ?? randomUUID();
    let moved: string[] = [];
    if (first && second && first !== second) {
      moved = [...members.get(second)!];
      members.delete(second);
      for (const id of moved) join(id, first);
    }
    const joining = [first ? null : pair.customerId, second ? null : pair.otherId].filter((id): id is string => id !== null);
    for (const id of joining) {
      join(id, person);
      joined.set(id, pair.candidateId);
    }
    // every record whose person changed: those joining, and those of a person merged into this one
    events.push(...[...joining, ...moved].sort().map((id) => ({ type: "customer.linked" as const, data: { customerId: id, personId: person } })));
    persons.push(person);
  }
  const movedRecords = [...stored].filter(([id, person]) => personOfRecord.get(id) !== person).map(([id]) => id);
  if (movedRecords.length > 0) {
    await manager.query(
      `UPDATE person_link p SET person_id = t.person_id FROM unnest($1::uuid[], $2::uuid[]) AS t(customer_id, person_id) WHERE p.customer_id = t.customer_id`,
      [movedRecords, movedRecords.map((id) => personOfRecord.get(id))],
    );
  }
  if (joined.size > 0) {
    const ids = [...joined.keys()];
    await manager.query(
      `INSERT INTO person_link (customer_id, person_id, linked_by_id, candidate_id)
       SELECT id, person, $3::uuid, candidate FROM unnest($1::uuid[], $2::uuid[], $4::uuid[]) AS t(id, person, candidate)`,
      [ids, ids.map((id) => personOfRecord.get(id)), linkedById, ids.map((id) => joined.get(id))],
    );
  }
  await recordEvents(manager, cause, events);
  return persons;
}

/**
 * Puts two customer records into one person (linkPairs with one pair). Returns the person's id.
 */
export async function linkRecords(
  manager: EntityManager,
  customerId: string,
  otherId: string,
  linkedById: string | null,
  candidateId: string | null,
  cause: EventCause,
): Promise<string> {
  const [person] = await linkPairs(manager, [{ customerId, otherId, candidateId }], linkedById, cause);
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
