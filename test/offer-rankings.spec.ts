import { Client } from "pg";
import { Role } from "../src/auth/role";
import { offerRankings } from "../src/observability/metrics";
import { pruneOfferRankings, rankingValidUntil, storeRankings } from "../src/modules/recommendation/offer-rankings";
import { backend, testDatabaseUrl } from "./support/database";
import { startTestApp, type TestApp } from "./support/app";

const OFFERS = /* GraphQL */ `
  query Offers($first: Int, $after: String, $productLine: ProductLine, $includeHeldBack: Boolean = false) {
    offers(first: $first, after: $after, productLine: $productLine, includeHeldBack: $includeHeldBack) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { customer { id customerNumber fullName } product { code line } score reasons { code message }
        suggestedSumInsured { amount currency } estimatedPremium { amount currency } channel contactChannel heldBack } }
    }
  }
`;

type Edge = { node: { customer: { id: string }; product: { code: string; line: string } } };

/** The offers counter by source, as a running total. */
async function sources(): Promise<{ stored: number; computed: number }> {
  const values = (await offerRankings.get()).values;
  const of = (source: string) => values.find((value) => value.labels.source === source)?.value ?? 0;
  return { stored: of("stored"), computed: of("computed") };
}

describe("stored offer rankings", () => {
  let app: TestApp;
  let marketing: string;
  let page: string[];
  /** Customers the first page considers (with an offer or not). */
  let considered: number;

  /** Reads the first page and says how many of its customers were answered from stored rankings and how many computed. */
  async function read(variables: Record<string, unknown> = { first: 100 }) {
    const before = await sources();
    const res = await app.gql(OFFERS, { token: marketing, variables });
    expect(res.body.errors).toBeUndefined();
    const after = await sources();
    return { res, body: res.body.data!.offers, stored: after.stored - before.stored, computed: after.computed - before.computed };
  }

  beforeAll(async () => {
    app = await startTestApp({ customers: 80 });
    marketing = await app.token(Role.MARKETING);
    const first = await read();
    page = first.body.edges.map((edge: Edge) => edge.node.customer.id);
    considered = first.stored + first.computed;
  });
  afterAll(async () => app?.close());

  it("answers a page from its stored rankings, as computed", async () => {
    await app.db.query(`DELETE FROM offer_ranking`);
    const computed = await read();
    expect(computed.stored).toBe(0);
    expect(computed.computed).toBeGreaterThan(20);
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM offer_ranking WHERE role = 'MARKETING'`);
    expect(n).toBe(computed.computed);
    const stored = await read();
    expect(stored.computed).toBe(0);
    expect(stored.stored).toBe(computed.computed);
    expect(stored.body).toEqual(computed.body);
    // one statement fewer: nothing to store
    expect(stored.res.statements).toBe(computed.res.statements - 1);
    // a product line from the stored ranking: the best of that line, as the engine gives it for the line alone
    for (const line of ["LIFE", "PROPERTY", "HEALTH"]) {
      const fromStored = await read({ first: 100, productLine: line });
      expect(fromStored.computed).toBe(0);
      await app.db.query(`DELETE FROM offer_ranking`);
      const fromEngine = await read({ first: 100, productLine: line });
      expect(fromEngine.stored).toBe(0);
      expect(fromStored.body).toEqual(fromEngine.body);
      expect(fromStored.body.edges.length).toBeGreaterThan(0);
    }
  });

  it("stores nothing and reads no stored ranking with OFFER_RANKINGS=off, and answers the same", async () => {
    const on = await read();
    const off = await startTestApp({ customers: 80, env: { OFFER_RANKINGS: "off" } });
    try {
      const before = await sources();
      const res = await off.gql(OFFERS, { token: await off.token(Role.MARKETING), variables: { first: 100 } });
      const after = await sources();
      expect(after.stored - before.stored).toBe(0);
      expect(res.body.data!.offers.edges.map((edge: Edge) => edge.node.product.code)).toEqual(on.body.edges.map((edge: Edge) => edge.node.product.code));
      const [{ n }] = await off.db.query(`SELECT count(*)::int AS n FROM offer_ranking`);
      expect(n).toBe(0);
    } finally {
      await off.close();
    }
  });

  // a write to each table a ranking reads makes exactly the customers it concerns computed again
  const WRITES: [string, string][] = [
    ["policy", `UPDATE policy SET status = status WHERE id = (SELECT id FROM policy WHERE customer_id = ANY($1) ORDER BY id LIMIT 1) RETURNING customer_id`],
    ["claim", `UPDATE claim SET status = status WHERE id = (SELECT id FROM claim WHERE customer_id = ANY($1) ORDER BY id LIMIT 1) RETURNING customer_id`],
    ["interaction", `UPDATE interaction SET subject = subject WHERE id = (SELECT id FROM interaction WHERE customer_id = ANY($1) ORDER BY id LIMIT 1) RETURNING customer_id`],
    ["complaint", `UPDATE complaint SET status = status WHERE id = (SELECT id FROM complaint WHERE customer_id = ANY($1) ORDER BY id LIMIT 1) RETURNING customer_id`],
    ["risk_assessment", `UPDATE risk_assessment SET tier = tier WHERE id = (SELECT id FROM risk_assessment WHERE customer_id = ANY($1) ORDER BY id LIMIT 1) RETURNING customer_id`],
    ["offer_response", `INSERT INTO offer_response (customer_id, product_code, response, responded_at) SELECT ($1::uuid[])[1], (SELECT code FROM product ORDER BY code LIMIT 1), 'ACCEPTED', now() RETURNING customer_id`],
    ["consent", `INSERT INTO consent (customer_id, purpose, granted, recorded_at) SELECT ($1::uuid[])[2], 'SENSITIVE_DATA', true, now() RETURNING customer_id`],
    ["relationship", `INSERT INTO relationship (customer_id, related_customer_id, kind) SELECT ($1::uuid[])[3], ($1::uuid[])[4], 'SIBLING' RETURNING customer_id`],
    // the contact facts kept with a ranking
    ["do_not_contact", `INSERT INTO do_not_contact (customer_id, do_not_contact, reason, set_at) SELECT ($1::uuid[])[5], false, 'test', now() RETURNING customer_id`],
  ];
  it.each(WRITES)("a write to %s makes only its customer's ranking computed again", async (table, sql) => {
    await read(); // every ranking stored
    // through a CTE: TypeORM answers a bare UPDATE … RETURNING as [rows, count]
    const rows: { customer_id: string }[] = await app.db.query(`WITH w AS (${sql}) SELECT customer_id FROM w`, [page]);
    expect(rows).toHaveLength(1);
    expect(page).toContain(rows[0].customer_id);
    const again = await read();
    expect({ table, computed: again.computed }).toEqual({ table, computed: 1 });
    expect(again.stored).toBe(considered - 1);
  });

  it("a changed customer makes its own ranking and those of the households holding it computed again", async () => {
    await read();
    const [holder, member] = [page[5], page[6]];
    await app.db.query(`INSERT INTO relationship (customer_id, related_customer_id, kind) VALUES ($1, $2, 'CHILD')`, [holder, member]);
    await read();
    await app.db.query(`UPDATE customer SET date_of_birth = date_of_birth WHERE id = $1`, [member]);
    const again = await read();
    expect(again.computed).toBe(2);
  });

  it("a refusal on a linked record makes the linked customers' rankings computed again", async () => {
    await read();
    const person = page[7];
    await app.db.query(`INSERT INTO person_link (customer_id, person_id) VALUES ($1, $1), ($2, $1)`, [page[7], page[8]]);
    expect((await read()).computed).toBe(2);
    await app.db.query(`INSERT INTO consent (customer_id, purpose, granted, recorded_at) VALUES ($1, 'SENSITIVE_DATA', false, now())`, [page[8]]);
    expect((await read()).computed).toBe(2);
    await app.db.query(`DELETE FROM person_link WHERE person_id = $1`, [person]);
  });

  it("a do-not-contact flag set after a ranking was stored holds the customer back at once, and one on a linked record too", async () => {
    await read();
    const listed = async (id: string, includeHeldBack = false) => {
      const { body } = await read({ first: 100, includeHeldBack });
      return (body.edges as (Edge & { node: { heldBack: boolean } })[]).find((edge) => edge.node.customer.id === id)?.node;
    };
    const [own, linked, other] = [page[11], page[12], page[13]];
    expect(await listed(own)).toBeDefined();
    await app.db.query(`INSERT INTO do_not_contact (customer_id, do_not_contact, reason, set_at) VALUES ($1, true, 'asked us', now())`, [own]);
    expect(await listed(own)).toBeUndefined();
    expect((await listed(own, true))?.heldBack).toBe(true);
    // linked as one person, then the flag on the other record
    await app.db.query(`INSERT INTO person_link (customer_id, person_id) VALUES ($1, $1), ($2, $1)`, [linked, other]);
    expect(await listed(linked)).toBeDefined();
    const before = await read();
    expect(before.computed).toBe(0);
    await app.db.query(`INSERT INTO do_not_contact (customer_id, do_not_contact, reason, set_at) VALUES ($1, true, 'asked us', now())`, [other]);
    expect(await listed(linked)).toBeUndefined();
    await app.db.query(`DELETE FROM person_link WHERE person_id = $1`, [linked]);
    await app.db.query(`DELETE FROM do_not_contact WHERE customer_id = ANY($1)`, [[own, other]]);
  });

  it("counts a marketing contact dated ahead once its time comes, from the contact facts kept with the ranking", async () => {
    const id = page[14];
    await app.db.query(
      `INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at, status)
       SELECT $1, 'PHONE', 'MARKETING', 'OUTBOUND', 'Campaign call', now() + interval '2 seconds', 'RESOLVED' FROM generate_series(1, 3)`,
      [id],
    );
    const first = await read();
    expect(first.body.edges.some((edge: Edge) => edge.node.customer.id === id)).toBe(true); // not yet contacted
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const later = await read();
    expect(later.computed).toBe(0); // nothing written since: every ranking and its contact facts held
    expect(later.body.edges.some((edge: Edge) => edge.node.customer.id === id)).toBe(false); // three contacts now: the cap holds it back
    await app.db.query(`DELETE FROM interaction WHERE customer_id = $1 AND kind = 'MARKETING' AND subject = 'Campaign call'`, [id]);
  });

  it("a declined offer changes the next page at once", async () => {
    const before = await read();
    const edge = before.body.edges[0] as Edge;
    await app.db.query(`INSERT INTO offer_response (customer_id, product_code, response, responded_at) VALUES ($1, $2, 'DECLINED', now())`, [
      edge.node.customer.id, edge.node.product.code,
    ]);
    const after = await read();
    expect(after.computed).toBe(1);
    const now = after.body.edges.find((e: Edge) => e.node.customer.id === edge.node.customer.id) as Edge | undefined;
    expect(now?.node.product.code).not.toBe(edge.node.product.code);
  });

  it("a ranking past its time holds no more, nor one on another basis or other segment memberships", async () => {
    await read();
    await app.db.query(`UPDATE offer_ranking SET valid_until = now() - interval '1 second' WHERE customer_id = $1`, [page[0]]);
    expect((await read()).computed).toBe(1);
    await app.db.query(`UPDATE offer_ranking SET basis = 'another build' WHERE customer_id = $1`, [page[1]]);
    expect((await read()).computed).toBe(1);
    await app.db.query(`UPDATE offer_ranking SET segments = ARRAY[gen_random_uuid()] WHERE customer_id = $1`, [page[2]]);
    expect((await read()).computed).toBe(1);
    // a segment renamed: the reasons name it, so every ranking is computed again
    await app.db.query(`UPDATE segment SET name = name || ' ' WHERE id = (SELECT id FROM segment ORDER BY id LIMIT 1)`);
    expect((await read()).stored).toBe(0);
  });

  it("holds a ranking until the first of its facts leaves a window, or the next UTC day", () => {
    const now = new Date("2026-06-10T15:00:00Z");
    const empty = { offer_responses: [], open_complaints: [], interactions: [], claims: { total: 0, recent: 0, oldestRecent: null } };
    expect(rankingValidUntil(now, empty).toISOString()).toBe("2026-06-11T00:00:00.000Z");
    const declined = { ...empty, offer_responses: [{ productCode: "X", response: "DECLINED" as const, respondedAt: "2026-03-12T10:00:00Z" }] };
    expect(rankingValidUntil(now, declined).toISOString()).toBe("2026-06-10T10:00:00.000Z"); // 90 days on
    const complaint = { ...empty, open_complaints: [{ receivedAt: "2026-05-11T18:00:00Z" }] };
    expect(rankingValidUntil(now, complaint).toISOString()).toBe("2026-06-10T18:00:00.000Z"); // 30 days on
    const contact = { ...empty, interactions: [{ kind: "CALL", subject: "trip", occurredAt: "2026-04-11T20:00:00Z" }] };
    expect(rankingValidUntil(now, contact).toISOString()).toBe("2026-06-10T20:00:00.000Z"); // 60 days on
    const claim = { ...empty, claims: { total: 1, recent: 1, oldestRecent: "2025-06-10T21:00:00Z" } };
    expect(rankingValidUntil(now, claim).toISOString()).toBe("2026-06-10T21:00:00.000Z"); // 365 days on
  });

  it("an erasure deletes the customer's stored rankings", async () => {
    await read();
    const admin = await app.token(Role.ADMIN);
    const res = await app.gql(`mutation E($id: ID!) { eraseCustomer(customerId: $id, reason: "request") { id } }`, { token: admin, variables: { id: page[9] } });
    expect(res.body.errors).toBeUndefined();
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM offer_ranking WHERE customer_id = $1`, [page[9]]);
    expect(n).toBe(0);
  });

  it("prunes expired rankings and the change rows every stored ranking saw, and keeps answering from the rest", async () => {
    await read();
    await app.db.query(`UPDATE policy SET status = status WHERE customer_id = ANY($1)`, [page.slice(0, 3)]);
    const recomputed = await read(); // the changed customers' rankings, from a snapshot that sees the change
    expect(recomputed.computed).toBeGreaterThan(0);
    await app.db.query(`UPDATE offer_ranking SET valid_until = now() - interval '1 second' WHERE customer_id = $1`, [page[4]]);
    const [{ changes }] = await app.db.query(`SELECT count(*)::int AS changes FROM offer_fact_change`);
    expect(changes).toBeGreaterThan(0);
    const pruned = await pruneOfferRankings(app.db);
    expect(pruned.expiredRankings).toBe(1);
    // below the horizon (the oldest stored ranking's snapshot): every change row went; at or above it, every one stayed
    expect(pruned.prunedChanges).toBeGreaterThan(0);
    const [{ below, left }] = await app.db.query(
      `SELECT count(*) FILTER (WHERE xid < $1::bigint)::int AS below, count(*)::int AS left FROM offer_fact_change`, [pruned.horizon],
    );
    expect(below).toBe(0);
    expect(left + pruned.prunedChanges).toBe(changes);
    const after = await read();
    expect(after.computed).toBe(1); // only the expired one
  });

  it("never stores a ranking read from a snapshot older than the pruned horizon", async () => {
    const [{ old }] = await app.db.query(`SELECT pg_current_snapshot()::text AS old`);
    await app.db.query(`UPDATE policy SET status = status WHERE customer_id = $1`, [page[10]]); // a transaction after that snapshot
    await app.db.query(`DELETE FROM offer_ranking`);
    await pruneOfferRankings(app.db);
    const [{ horizon }] = await app.db.query(`SELECT xid::text AS horizon FROM offer_fact_horizon`);
    const [{ oldXmin }] = await app.db.query(`SELECT pg_snapshot_xmin(CAST($1 AS pg_snapshot))::text AS "oldXmin"`, [old]);
    expect(BigInt(oldXmin)).toBeLessThan(BigInt(horizon));
    const entry = { customerId: page[10], validUntil: new Date(Date.now() + 60_000), segments: [], channel: null, ranking: [], contact: {} };
    await storeRankings(app.db, Role.MARKETING, "basis", old, [entry]);
    expect((await app.db.query(`SELECT count(*)::int AS n FROM offer_ranking`))[0].n).toBe(0);
    const [{ fresh }] = await app.db.query(`SELECT pg_current_snapshot()::text AS fresh`);
    await storeRankings(app.db, Role.MARKETING, "basis", fresh, [entry]);
    expect((await app.db.query(`SELECT count(*)::int AS n FROM offer_ranking`))[0].n).toBe(1);
    await app.db.query(`DELETE FROM offer_ranking`);
  });

  (backend === "postgres" ? it : it.skip)("a write that commits after the facts were read makes the ranking stale (PostgreSQL)", async () => {
    await app.db.query(`DELETE FROM offer_ranking`);
    const before = await read();
    const edge = before.body.edges[1] as Edge;
    await app.db.query(`DELETE FROM offer_ranking`);
    const writer = new Client({ connectionString: testDatabaseUrl(app.db) as string });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await writer.query(`INSERT INTO offer_response (customer_id, product_code, response, responded_at) VALUES ($1, $2, 'DECLINED', now())`, [
        edge.node.customer.id, edge.node.product.code,
      ]);
      // read while the decline is not committed: computed without it, and stored
      const during = await read();
      expect(during.computed).toBe(before.computed);
      await writer.query("COMMIT");
    } finally {
      await writer.end();
    }
    const after = await read();
    expect(after.computed).toBe(1);
    const now = after.body.edges.find((e: Edge) => e.node.customer.id === edge.node.customer.id) as Edge | undefined;
    expect(now?.node.product.code).not.toBe(edge.node.product.code);
  });
});
