import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { INACTIVE_AGENT_USERNAME } from "../src/seed";
import { startTestApp, type TestApp } from "./support/app";
import { ImportFiles, importerOf, rowErrors } from "./support/import-files";

const HEADER = "sourceId,kind,fullName,city,agent";

/** Customers in agents' books by the file's `agent` column (agent2 and agent3 active, former.agent inactive, admin no agent). */
const CSV = [
  HEADER,
  "A-1,INDIVIDUAL,Zhou Min,Beijing,agent2",
  "A-2,INDIVIDUAL,Wu Fang,Shanghai,agent3",
  "A-3,INDIVIDUAL,Zheng Hao,Tianjin,",
  `A-4,INDIVIDUAL,Feng Jie,Wuhan,${INACTIVE_AGENT_USERNAME}`,
  "A-5,INDIVIDUAL,Chen Yu,Xi'an,admin",
  "A-6,INDIVIDUAL,Wei Lan,Chengdu,nobody.here",
].join("\n") + "\n";

describe("imported records name their staff and dates: agents and customerSince, adjusters, handlers", () => {
  let app: TestApp;
  const files = new ImportFiles();
  beforeAll(async () => {
    app = await startTestApp({ customers: 10 });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  const run = (name: string, content: string) => importerOf(app.db, app.config.piiEncryptionKey, files)(name, content, "customers");
  /** source id → [customer id, assigned agent id, version] of the imported customers. */
  const imported = async (): Promise<Record<string, [string, string | null, number]>> => {
    const rows: { source_id: string; id: string; assigned_agent_id: string | null; version: number }[] = await app.db.query(
      `SELECT k.source_id, c.id, c.assigned_agent_id, c.version FROM source_key k JOIN customer c ON c.id = k.record_id
        WHERE k.source_system = 'CORE_PAS' AND k.entity_kind = 'customer' ORDER BY k.source_id`,
    );
    return Object.fromEntries(rows.map((row) => [row.source_id, [row.id, row.assigned_agent_id, row.version]]));
  };
  const seenBy = async (user: string, id: string) => {
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { id fullName } }`, { token: await app.token(Role.AGENT, { user }), variables: { id } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.customer as { id: string; fullName: string } | null;
  };

  it("assigns the named active agent, leaves an empty column unassigned, and refuses any other username on `agent` without telling which case it is", async () => {
    const job = await run("agents.csv", CSV);
    expect(job).toMatchObject({ status: "COMPLETED", processed: 6, inserted: 3, updated: 0, unchanged: 0, failed: 3 });
    expect(await rowErrors(app.db, job.id)).toEqual([[5, "A-4", "agent"], [6, "A-5", "agent"], [7, "A-6", "agent"]]);
    const problems: { problem: string }[] = await app.db.query(`SELECT DISTINCT problem FROM import_error WHERE job_id = $1`, [job.id]);
    expect(problems).toEqual([{ problem: "agent must be the username of an active staff user in the AGENT role" }]);
    const rows = await imported();
    expect(Object.keys(rows)).toEqual(["A-1", "A-2", "A-3"]);
    expect([rows["A-1"][1], rows["A-2"][1], rows["A-3"][1]]).toEqual([staffIdFor("agent2"), staffIdFor("agent3"), null]);
  });

  it("puts the customer in that agent's book: the agent reads it over GraphQL, another agent does not", async () => {
    const rows = await imported();
    expect(await seenBy("agent2", rows["A-1"][0])).toEqual({ id: rows["A-1"][0], fullName: "Zhou Min" });
    expect(await seenBy("agent3", rows["A-1"][0])).toBeNull();
    expect(await seenBy("agent3", rows["A-2"][0])).toEqual({ id: rows["A-2"][0], fullName: "Wu Fang" });
    expect(await seenBy("agent2", rows["A-3"][0])).toBeNull();
  });

  it("counts the same file again unchanged", async () => {
    const before = await imported();
    const job = await run("agents.csv", CSV);
    expect(job).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, failed: 3 });
    expect(await imported()).toEqual(before);
  });

  it("moves a customer to the agent a later file names (an event names assignedAgentId), and keeps an agent the file leaves empty", async () => {
    const before = await imported();
    // the 360 assigns A-3 itself; the source never names an agent for it
    await app.db.query(`UPDATE customer SET assigned_agent_id = $1 WHERE id = $2`, [staffIdFor("agent4"), before["A-3"][0]]);
    const moved = CSV.replace("Zhou Min,Beijing,agent2", "Zhou Min,Beijing,agent3").replace("Wu Fang,Shanghai,agent3", "Wu Fang,Shanghai,").replace("Zheng Hao,Tianjin,", "Zheng Hao,Tianjin North,");
    const job = await run("agents-moved.csv", moved);
    expect(job).toMatchObject({ inserted: 0, updated: 3, unchanged: 0, failed: 3 });
    const after = await imported();
    expect(after["A-1"]).toEqual([before["A-1"][0], staffIdFor("agent3"), 2]);
    expect(after["A-2"]).toEqual([before["A-2"][0], staffIdFor("agent3"), 2]); // no agent in the file: kept
    expect(after["A-3"]).toEqual([before["A-3"][0], staffIdFor("agent4"), 2]); // assigned in the 360: kept
    const events: { customer_id: string; data: { changedFields?: string[] } }[] = await app.db.query(
      `SELECT customer_id, data FROM event_outbox WHERE type = 'customer.updated' AND customer_id = ANY($1::uuid[]) ORDER BY position`,
      [[before["A-1"][0], before["A-2"][0], before["A-3"][0]]],
    );
    expect(events.map((event) => [event.customer_id, event.data.changedFields])).toEqual([
      [before["A-1"][0], ["assignedAgentId"]],
      [before["A-3"][0], ["city"]],
    ]);
    expect(await seenBy("agent2", before["A-1"][0])).toBeNull();
    expect(await seenBy("agent3", before["A-1"][0])).toEqual({ id: before["A-1"][0], fullName: "Zhou Min" });
  });

  it("refuses a changed row whose agent left, and leaves the customer as it was", async () => {
    await app.db.query(`UPDATE staff_user SET active = false WHERE username = 'agent3'`);
    try {
      const before = await imported();
      const job = await run("agents-left.csv", CSV.replace("Zhou Min,Beijing,agent2", "Zhou Min,Beijing South,agent3"));
      expect(await rowErrors(app.db, job.id)).toEqual([[2, "A-1", "agent"], [3, "A-2", "agent"], [5, "A-4", "agent"], [6, "A-5", "agent"], [7, "A-6", "agent"]]);
      expect((await imported())["A-1"]).toEqual(before["A-1"]);
    } finally {
      await app.db.query(`UPDATE staff_user SET active = true WHERE username = 'agent3'`);
    }
  });

  it("dates a customer from the file's customerSince (its createdAt), keeps the date when a later file leaves it empty, and refuses a future one", async () => {
    const header = "sourceId,kind,fullName,city,customerSince";
    const job = await run("since.csv", [header, "S-1,INDIVIDUAL,Han Mei,Nanjing,2012-04-01", "S-2,INDIVIDUAL,Lu Bo,Nanjing,", "S-3,INDIVIDUAL,Ma Li,Nanjing,2999-01-01"].join("\n") + "\n");
    expect(job).toMatchObject({ inserted: 2, failed: 1 });
    expect(await rowErrors(app.db, job.id)).toEqual([[4, "S-3", "customerSince"]]);
    const since = async (sourceId: string): Promise<string> =>
      (await app.db.query(`SELECT c.created_at FROM customer c JOIN source_key k ON k.record_id = c.id WHERE k.entity_kind = 'customer' AND k.source_id = $1`, [sourceId]))[0].created_at.toISOString();
    expect(await since("S-1")).toBe("2012-04-01T00:00:00.000Z");
    expect(Date.now() - Date.parse(await since("S-2"))).toBeLessThan(10 * 60_000);
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { createdAt } }`, { token: await app.token(Role.ADMIN), variables: { id: (await imported())["S-1"][0] } });
    expect(res.body.data!.customer).toEqual({ createdAt: "2012-04-01T00:00:00.000Z" });
    // a later file without the date changes another field: the date stays
    expect(await run("since-2.csv", ["sourceId,kind,fullName,city", "S-1,INDIVIDUAL,Han Mei,Suzhou"].join("\n") + "\n")).toMatchObject({ updated: 1 });
    expect(await since("S-1")).toBe("2012-04-01T00:00:00.000Z");
  });

  describe("claims name their adjuster (`adjuster`), contacts their handler (`handledBy`)", () => {
    const staffOf = async (table: string, column: string, sourceId: string): Promise<string | null> =>
      (await app.db.query(`SELECT t.${column} AS staff FROM ${table} t JOIN source_key k ON k.record_id = t.id WHERE k.entity_kind = $1 AND k.source_id = $2`, [table, sourceId]))[0].staff;
    beforeAll(async () => {
      const policy = { sourceId: "AP-1", customerSourceId: "A-1", productCode: "HEALTH-MILLION", status: "ACTIVE", premium: 30_000, premiumFrequency: "ANNUAL", sumInsured: 300_000_000, startDate: "2026-01-01", endDate: "2026-12-31" };
      const job = await importerOf(app.db, app.config.piiEncryptionKey, files, 1_000)("ap.ndjson", `${JSON.stringify(policy)}\n`, "policies");
      expect(job).toMatchObject({ inserted: 1 });
    });
    const runAs = (entity: string, name: string, records: Record<string, unknown>[]) =>
      importerOf(app.db, app.config.piiEncryptionKey, files, 1_000)(name, records.map((r) => JSON.stringify(r)).join("\n") + "\n", entity);
    const claim = (sourceId: string, adjuster?: string, amount = 100_000) => ({
      sourceId, policySourceId: "AP-1", kind: "HOSPITALIZATION", incidentDate: "2026-03-14", reportedAt: "2026-03-15T09:30:00Z", status: "REPORTED", claimedAmount: amount, ...(adjuster ? { adjuster } : {}),
    });
    const contact = (sourceId: string, handledBy?: string, subject = "Renewal date question") => ({
      sourceId, customerSourceId: "A-1", kind: "INQUIRY", channel: "HOTLINE", subject, occurredAt: "2026-03-15T09:30:00Z", ...(handledBy ? { handledBy } : {}),
    });

    it("assigns a claim to the named active adjuster, refuses another username on `adjuster`, and keeps the adjuster a later file leaves empty", async () => {
      const job = await runAs("claims", "claims.ndjson", [claim("AC-1", "adjuster2"), claim("AC-2"), claim("AC-3", "agent2"), claim("AC-4", "nobody.here")]);
      expect(job).toMatchObject({ inserted: 2, failed: 2 });
      expect(await rowErrors(app.db, job.id)).toEqual([[3, "AC-3", "adjuster"], [4, "AC-4", "adjuster"]]);
      expect([await staffOf("claim", "assigned_adjuster_id", "AC-1"), await staffOf("claim", "assigned_adjuster_id", "AC-2")]).toEqual([staffIdFor("adjuster2"), null]);
      expect(await runAs("claims", "claims-2.ndjson", [claim("AC-1", undefined, 120_000)])).toMatchObject({ updated: 1 });
      expect(await staffOf("claim", "assigned_adjuster_id", "AC-1")).toBe(staffIdFor("adjuster2"));
      expect(await runAs("claims", "claims-3.ndjson", [claim("AC-1", "adjuster3", 120_000)])).toMatchObject({ updated: 1 });
      expect(await staffOf("claim", "assigned_adjuster_id", "AC-1")).toBe(staffIdFor("adjuster3"));
    });

    it("records the contact's handler, refuses an unknown or inactive one on `handledBy`, and keeps the handler a later file leaves empty", async () => {
      const job = await runAs("interactions", "contacts.ndjson", [contact("AI-1", "rep1"), contact("AI-2"), contact("AI-3", INACTIVE_AGENT_USERNAME), contact("AI-4", "nobody.here")]);
      expect(job).toMatchObject({ inserted: 2, failed: 2 });
      expect(await rowErrors(app.db, job.id)).toEqual([[3, "AI-3", "handledBy"], [4, "AI-4", "handledBy"]]);
      expect([await staffOf("interaction", "staff_id", "AI-1"), await staffOf("interaction", "staff_id", "AI-2")]).toEqual([staffIdFor("rep1"), null]);
      expect(await runAs("interactions", "contacts-2.ndjson", [contact("AI-1", undefined, "Renewal date question (again)")])).toMatchObject({ updated: 1 });
      expect(await staffOf("interaction", "staff_id", "AI-1")).toBe(staffIdFor("rep1"));
    });
  });
});
