import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Stored offer rankings (src/modules/recommendation/offer-rankings.ts) and the change log that
 * decides whether one still holds.
 *
 * `offer_ranking`: per customer and role, the engine's ranked offers as computed from the facts read
 * under `snapshot` (the reading statement's pg_snapshot, as text), valid until `valid_until` (the first
 * instant a time window of the rules or an age would change the answer), for `basis` (the engine's
 * code and the product catalogue) and `segments` (the memberships it used, compared with the live
 * ones at every read).
 *
 * `offer_fact_change`: one row per customer and writing transaction (its pg_current_xact_id as bigint) that changed a fact the ranking
 * reads, appended by the statement triggers below. A stored ranking holds only while every change
 * row of its customer was visible in its snapshot: a writer that committed after the facts were read
 * (even one that started before) makes it stale. Appending takes no lock on a shared row, so writers
 * never wait on each other or on a reader because of it.
 */
/** A table whose writes change facts a ranking reads: the customers a set of its rows concerns, and the events watched (all by default). */
export interface WatchedTable {
  table: string;
  customers: (rows: string) => string;
  events?: string[];
}

/** The customers of a set of rows, and every record linked with one of them as one person. */
export const withLinkedRecords = (rows: string) =>
  `SELECT customer_id FROM ${rows} UNION SELECT m.customer_id FROM person_link l JOIN person_link m ON m.person_id = l.person_id JOIN ${rows} x ON x.customer_id = l.customer_id`;

const WATCHED: WatchedTable[] = [
  // the customer's own columns, and the ages of those whose household holds the customer (a new
  // customer has no ranking yet, and a household takes it in through a relationship row)
  {
    table: "customer",
    events: ["UPDATE"],
    customers: (rows) => `SELECT id FROM ${rows} UNION SELECT r.customer_id FROM relationship r JOIN ${rows} x ON r.related_customer_id = x.id`,
  },
  { table: "policy", customers: (rows) => `SELECT customer_id FROM ${rows}` },
  { table: "claim", customers: (rows) => `SELECT customer_id FROM ${rows}` },
  { table: "offer_response", customers: (rows) => `SELECT customer_id FROM ${rows}` },
  { table: "complaint", customers: (rows) => `SELECT customer_id FROM ${rows}` },
  { table: "interaction", customers: (rows) => `SELECT customer_id FROM ${rows}` },
  { table: "relationship", customers: (rows) => `SELECT customer_id FROM ${rows}` },
  { table: "risk_assessment", customers: (rows) => `SELECT customer_id FROM ${rows}` },
  // a refusal holds across the records linked as one person
  { table: "consent", customers: (rows) => withLinkedRecords(rows) },
  {
    table: "person_link",
    customers: (rows) => `SELECT customer_id FROM ${rows} UNION SELECT m.customer_id FROM person_link m JOIN ${rows} x ON m.person_id = x.person_id`,
  },
];

const EVENTS = [
  { event: "INSERT", referencing: "NEW TABLE AS changed_new" },
  { event: "UPDATE", referencing: "OLD TABLE AS changed_old NEW TABLE AS changed_new" },
  { event: "DELETE", referencing: "OLD TABLE AS changed_old" },
];

function functionSql(table: string, customers: (rows: string) => string): string {
  const log = (rows: string) =>
    `INSERT INTO offer_fact_change (customer_id, xid) SELECT DISTINCT t.customer_id, pg_current_xact_id()::text::bigint FROM (${customers(rows)}) AS t(customer_id) WHERE t.customer_id IS NOT NULL ON CONFLICT DO NOTHING;`;
  return `CREATE FUNCTION "offer_facts_changed_${table}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN ${log("changed_new")} END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN ${log("changed_old")} END IF;
  RETURN NULL;
END $$`;
}

/** Appends a change row per customer and writing transaction for each statement that writes `watched` (this migration's, and later ones'). */
export async function watchOfferFacts(q: QueryRunner, { table, customers, events }: WatchedTable): Promise<void> {
  await q.query(functionSql(table, customers));
  for (const { event, referencing } of EVENTS.filter(({ event }) => !events || events.includes(event))) {
    await q.query(
      `CREATE TRIGGER "offer_facts_${event.toLowerCase()}" AFTER ${event} ON "${table}" REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION "offer_facts_changed_${table}"()`,
    );
  }
}

export async function unwatchOfferFacts(q: QueryRunner, { table, events }: WatchedTable): Promise<void> {
  for (const { event } of EVENTS.filter(({ event }) => !events || events.includes(event))) await q.query(`DROP TRIGGER "offer_facts_${event.toLowerCase()}" ON "${table}"`);
  await q.query(`DROP FUNCTION "offer_facts_changed_${table}"()`);
}

export class OfferRankings1795700001100 implements MigrationInterface {
  name = "OfferRankings1795700001100";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "offer_ranking" ("customer_id" uuid NOT NULL, "role" varchar(20) NOT NULL, "basis" varchar(64) NOT NULL, "snapshot" text NOT NULL,
        "valid_until" TIMESTAMP WITH TIME ZONE NOT NULL, "segments" uuid[] NOT NULL, "channel" varchar(20), "ranking" jsonb NOT NULL,
        "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_offer_ranking" PRIMARY KEY ("customer_id", "role"))`,
    );
    await q.query(
      `CREATE TABLE "offer_fact_change" ("customer_id" uuid NOT NULL, "xid" bigint NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_offer_fact_change" PRIMARY KEY ("customer_id", "xid"))`,
    );
    // the pruning horizon (src/modules/recommendation/offer-rankings.ts, pruneOfferRankings): change rows
    // below it are gone, so a ranking whose snapshot is older is never stored
    await q.query(`CREATE TABLE "offer_fact_horizon" ("id" smallint NOT NULL, "xid" bigint NOT NULL, CONSTRAINT "PK_offer_fact_horizon" PRIMARY KEY ("id"), CONSTRAINT "CHK_offer_fact_horizon_one" CHECK ("id" = 1))`);
    await q.query(`INSERT INTO "offer_fact_horizon" ("id", "xid") VALUES (1, 0)`);
    for (const watched of WATCHED) await watchOfferFacts(q, watched);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const watched of WATCHED) await unwatchOfferFacts(q, watched);
    await q.query(`DROP TABLE "offer_fact_horizon"`);
    await q.query(`DROP TABLE "offer_fact_change"`);
    await q.query(`DROP TABLE "offer_ranking"`);
  }
}
