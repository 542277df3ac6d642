import { keysetAfter, keysetOrder, type Keyset } from "../src/db/keyset";
import { startTestApp, type TestApp } from "./support/app";
import { predicates } from "../src/modules/retention/retention.service";
import { cutoffOf, retentionPolicy } from "../src/modules/retention/retention-policy";

/**
 * The access audit's pages — all of it, one customer's (auditLog filter, Customer.accessHistory) or
 * one actor's — are read from an index in the keyset order, never by sorting every entry that
 * matches: a customer in daily use gathers thousands of entries, and a sort would grow with them.
 * Shown with sorting priced out (enable_sort off): a plan that still sorts has no index to read the
 * order from. The order and the cursor predicate are the ones every list builds (src/db/keyset.ts).
 */
interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
const AT_DESC: Keyset = { sortColumn: "at", sortCast: "timestamptz", direction: "DESC" };

describe("access audit pages read in index order", () => {
  let app: TestApp;
  let customerId: string;
  let actorId: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    [{ customer_id: customerId, actor_id: actorId }] = await app.db.query(
      `INSERT INTO audit_entry (actor_id, role, purpose, operation, request_id, customer_id, fields, outcome)
       SELECT s.id, 'ADMIN', 'probe', 'customer', 'probe', c.id, '{}', 'ALLOWED' FROM customer c, staff_user s WHERE s.username = 'admin' LIMIT 5
       RETURNING customer_id, actor_id`,
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  async function plan(where: string, params: unknown[], sql = (w: string) => `SELECT a.id FROM audit_entry a WHERE ${w} ORDER BY ${keysetOrder("a", AT_DESC)} LIMIT 21`): Promise<PlanNode[]> {
    return app.db.transaction(async (manager) => {
      await manager.query("SET LOCAL enable_sort = off");
      await manager.query("SET LOCAL enable_seqscan = off");
      const [row] = await manager.query(`EXPLAIN (FORMAT JSON) ${sql(where)}`, params);
      const explained = typeof row["QUERY PLAN"] === "string" ? JSON.parse(row["QUERY PLAN"]) : row["QUERY PLAN"];
      return nodes(explained[0].Plan as PlanNode);
    });
  }

  const after = keysetAfter("a", AT_DESC, "$2", "$3");
  const cursor = [new Date().toISOString(), "ffffffff-ffff-4fff-bfff-ffffffffffff"];

  it.each([
    ["one customer's first page", "a.customer_id = $1", () => [customerId], "IDX_audit_customer_keyset"],
    ["one customer's next page", `a.customer_id = $1 AND ${after}`, () => [customerId, ...cursor], "IDX_audit_customer_keyset"],
    ["one actor's first page", "a.actor_id = $1", () => [actorId], "IDX_audit_actor_keyset"],
    ["one actor's next page", `a.actor_id = $1 AND ${after}`, () => [actorId, ...cursor], "IDX_audit_actor_keyset"],
    ["the whole log's first page", "TRUE", () => [], "IDX_audit_keyset"],
  ])("%s: no sort, the keyset index of every partition", async (_name, where, params, index) => {
    const found = await plan(where, params());
    expect(found.filter((node) => /Sort/.test(node["Node Type"]) && node["Node Type"] !== "Merge Append")).toEqual([]);
    // each monthly partition carries the parent's index under its own name: the parent's name is a prefix-free match
    const scans = found.filter((node) => node["Index Name"] !== undefined);
    expect(scans.length).toBeGreaterThan(1);
    const partitionIndexes: { indexname: string }[] = await app.db.query(
      `SELECT c.relname AS indexname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_class c ON c.oid = i.inhrelid WHERE p.relname = $1`,
      [index],
    );
    const names = new Set(partitionIndexes.map((row) => row.indexname));
    expect(names.size).toBeGreaterThan(1);
    for (const scan of scans) expect(names.has(scan["Index Name"]!)).toBe(true);
  });

  it("retention finds expired entries through the keyset index (the plain index on `at` is gone)", async () => {
    const rule = retentionPolicy().find((candidate) => candidate.table === "audit_entry")!;
    const { purgeable } = predicates(rule, { streaming: false });
    // a cutoff inside a monthly partition (one that cannot be dropped whole): the DELETE's batch query, as retention runs it
    const cutoff = cutoffOf(rule, new Date(Date.UTC(2031, 5, 15, 12, 30, 0, 123)));
    const found = await plan(purgeable, [cutoff, 1000], (where) => `SELECT t.id FROM audit_entry t WHERE ${where} LIMIT $2`);
    // each partition's scan is bounded by the time at millisecond precision, as a keyset index holds it (not a whole-index walk)
    const audited = found.filter((node) => /^audit_entry/.test(String(node["Relation Name"])));
    expect(audited.length).toBeGreaterThan(0);
    for (const scan of audited) {
      expect(scan["Node Type"]).toMatch(/^Index (Only )?Scan$/);
      expect(scan["Index Cond"]).toMatch(/date_trunc\('milliseconds'::text, \(at AT TIME ZONE 'UTC'::text\)\) </);
    }
  });
});
