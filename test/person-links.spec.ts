import { withStatementTally } from "../src/db/sql-counter";
import { linkPairs, type RecordLink } from "../src/modules/identity/person-links";
import type { Database } from "../src/db/data-source";
import { closeTestDatabase, openTestDatabase } from "./support/database";

const CAUSE = { actorId: null, requestId: "person-links-spec" };

/** The persons (as sets of records), each link row's deciding pair, and the events with persons named by first appearance. */
async function linkState(db: Database) {
  const persons: { members: string }[] = await db.query(
    `SELECT string_agg(c.customer_number, ' ' ORDER BY c.customer_number) AS members FROM person_link p JOIN customer c ON c.id = p.customer_id GROUP BY p.person_id ORDER BY 1`,
  );
  const rows: { number: string; candidate: string | null }[] = await db.query(
    `SELECT c.customer_number AS number, p.candidate_id::text AS candidate FROM person_link p JOIN customer c ON c.id = p.customer_id ORDER BY 1`,
  );
  const events: { number: string; person: string }[] = await db.query(
    `SELECT c.customer_number AS number, e.data->>'personId' AS person FROM event_outbox e JOIN customer c ON c.id = e.customer_id
      WHERE e.request_id = $1 AND e.type = 'customer.linked' ORDER BY e.position`,
    [CAUSE.requestId],
  );
  const labels = new Map<string, string>();
  const label = (person: string) => labels.get(person) ?? (labels.set(person, `P${labels.size + 1}`), labels.get(person)!);
  return { persons: persons.map((p) => p.members), rows, events: events.map((e) => `${e.number}→${label(e.person)}`) };
}

/**
 * Linking is set-based (linkPairs): every pair of an import batch or a re-cluster transaction in
 * a fixed number of statements. Its outcome must be linking the pairs one after another.
 */
describe("linking records into persons", () => {
  let db: Database;
  let ids: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase();
    const rows: { id: string; customer_number: string }[] = await db.query(
      `INSERT INTO customer (customer_number, kind, full_name, dependents)
       SELECT 'L' || n, 'INDIVIDUAL', 'Link ' || n, 0 FROM unnest($1::text[]) AS t(n) RETURNING id, customer_number`,
      [["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]],
    );
    ids = Object.fromEntries(rows.map((row) => [row.customer_number.slice(1), row.id]));
  });
  afterAll(async () => {
    await closeTestDatabase(db);
  });

  const reset = async () => {
    await db.query(`DELETE FROM person_link`);
    await db.query(`DELETE FROM event_outbox WHERE request_id = $1`, [CAUSE.requestId]);
    // two persons stored before the batch, whose records are not all among its pairs
    await db.query(
      `INSERT INTO person_link (customer_id, person_id) SELECT id, person FROM unnest($1::uuid[], $2::uuid[]) AS t(id, person)`,
      [[ids.g, ids.h, ids.j, ids.k], ["aa", "aa", "bb", "bb"].map((p) => `00000000-0000-4000-8000-0000000000${p}`)],
    );
  };
  const pair = (a: string, b: string, n: number): RecordLink => ({ customerId: ids[a], otherId: ids[b], candidateId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}` });
  const pairs = () => [
    pair("a", "b", 1), // a new person
    pair("c", "a", 2), // c joins it
    pair("d", "e", 3), // a second new person
    pair("b", "e", 4), // the two persons become one: d and e move
    pair("a", "e", 5), // already one person: nothing
    pair("f", "d", 6), // f joins the merged person
    pair("i", "g", 7), // i joins the stored person
    pair("h", "a", 8), // the stored person absorbs the batch's person (h's person comes first)
    pair("a", "j", 9), // the other stored person moves into it: j and k are updated
  ];

  it("gives the persons, link rows and events that linking the pairs one by one gives, in five statements", async () => {
    await reset();
    for (const one of pairs()) await db.transaction((manager) => linkPairs(manager, [one], null, CAUSE));
    const oneByOne = await linkState(db);
    // not vacuous: one person holds every record, each joining record names its pair, and merges moved records
    expect(oneByOne.persons).toEqual(["La Lb Lc Ld Le Lf Lg Lh Li Lj Lk"]);
    expect(oneByOne.rows.filter((row) => row.candidate !== null)).toHaveLength(7);
    expect(oneByOne.events).toHaveLength(17); // 7 records join; merges move 2, 6 and 2

    await reset();
    const tally = { count: 0 };
    const persons = await db.transaction((manager) => withStatementTally(tally, () => linkPairs(manager, pairs(), null, CAUSE)));
    expect(await linkState(db)).toEqual(oneByOne);
    expect(tally.count).toBe(5); // the register lock, the persons read, the moved records, the joining ones, the events
    expect(new Set(persons).size).toBe(3); // pairs name the person as it was when they were linked
    expect(persons[8]).toBe("00000000-0000-4000-8000-0000000000aa");
    expect(persons[4]).toBe(persons[3]);
  });

  it("writes nothing but the lock and the read for pairs already in one person", async () => {
    const tally = { count: 0 };
    await db.transaction((manager) => withStatementTally(tally, () => linkPairs(manager, [pair("a", "i", 10), pair("k", "b", 11)], null, CAUSE)));
    expect(tally.count).toBe(2);
    expect((await linkState(db)).events).toHaveLength(17);
  });
});
