import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { ImportFiles, importerOf, recordIdOf, rowErrors } from "./support/import-files";

const CUSTOMERS = ["sourceId,kind,fullName,city", "H-1,INDIVIDUAL,Zhao Lei,Beijing", "H-2,INDIVIDUAL,Qian Yu,Shanghai"].join("\n") + "\n";
const HEADER = "sourceId,customerSourceId,purpose,granted,channel,contactChannel,recordedAt";
const DECISIONS = [
  HEADER,
  "C-1,H-1,MARKETING,true,APP,,2025-03-01T10:00:00Z",
  "C-2,H-1,MARKETING,false,HOTLINE,SMS,2026-02-10T08:30:00+08:00",
  "C-3,H-2,PROFILING,true,WEB,,2026-01-05T12:00:00Z",
  "C-4,H-2,PROFILING,true,WEB,EMAIL,2026-01-05T12:00:00Z",
  "C-5,H-2,MARKETING,yes,WEB,,2026-01-05T12:00:00Z",
  "C-6,H-2,MARKETING,true,WEB,,2999-01-01T00:00:00Z",
  "C-7,H-404,MARKETING,true,WEB,,2026-01-05T12:00:00Z",
].join("\n") + "\n";

describe("bulk import of consent decisions", () => {
  let app: TestApp;
  const files = new ImportFiles();
  const run = (name: string, content: string, entity = "consents") => importerOf(app.db, app.config.piiEncryptionKey, files)(name, content, entity);
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    expect(await run("customers.csv", CUSTOMERS, "customers")).toMatchObject({ inserted: 2 });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });
  const customerId = (sourceId: string) => recordIdOf(app.db, "customer", sourceId);
  /** What MARKETING reads of a customer: its row scope holds only customers who consent to marketing. */
  const seenByMarketing = async (sourceId: string) => {
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { id } }`, { token: await app.token(Role.MARKETING), variables: { id: await customerId(sourceId) } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.customer !== null;
  };

  it("records decisions as setConsent does, refuses by column what breaks a rule, and a granted MARKETING consent opens the customer to MARKETING", async () => {
    expect(await seenByMarketing("H-1")).toBe(false);
    const job = await run("consents.csv", DECISIONS);
    expect(job).toMatchObject({ status: "COMPLETED", processed: 7, inserted: 3, failed: 4 });
    expect(await rowErrors(app.db, job.id)).toEqual([[5, "C-4", "contactChannel"], [6, "C-5", "granted"], [7, "C-6", "recordedAt"], [8, "C-7", "customerSourceId"]]);
    const stored = await app.db.query(
      `SELECT k.source_id, c.purpose, c.granted, c.channel, c.contact_channel, c.recorded_at, c.recorded_by FROM consent c JOIN source_key k ON k.record_id = c.id AND k.entity_kind = 'consent' ORDER BY k.source_id`,
    );
    expect(stored).toEqual([
      { source_id: "C-1", purpose: "MARKETING", granted: true, channel: "APP", contact_channel: null, recorded_at: new Date("2025-03-01T10:00:00Z"), recorded_by: null },
      { source_id: "C-2", purpose: "MARKETING", granted: false, channel: "HOTLINE", contact_channel: "SMS", recorded_at: new Date("2026-02-10T00:30:00Z"), recorded_by: null },
      { source_id: "C-3", purpose: "PROFILING", granted: true, channel: "WEB", contact_channel: null, recorded_at: new Date("2026-01-05T12:00:00Z"), recorded_by: null },
    ]);
    expect(await seenByMarketing("H-1")).toBe(true);
    expect(await seenByMarketing("H-2")).toBe(false);
    const events: { n: number }[] = await app.db.query(`SELECT count(*)::int AS n FROM event_outbox WHERE type = 'consent.changed' AND customer_id = ANY($1::uuid[])`, [[await customerId("H-1"), await customerId("H-2")]]);
    expect(events[0].n).toBe(3);
  });

  it("counts the same file again unchanged; a later withdrawal from another file is the decision in force", async () => {
    expect(await run("consents.csv", DECISIONS)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, failed: 4 });
    expect(await run("withdrawn.csv", [HEADER, "C-8,H-1,MARKETING,false,APP,,2026-03-01T10:00:00Z"].join("\n") + "\n")).toMatchObject({ inserted: 1 });
    expect(await seenByMarketing("H-1")).toBe(false);
    // the source corrects its last decision: a grant after all
    expect(await run("corrected.csv", [HEADER, "C-8,H-1,MARKETING,true,APP,,2026-03-01T10:00:00Z"].join("\n") + "\n")).toMatchObject({ updated: 1 });
    expect(await seenByMarketing("H-1")).toBe(true);
  });
});
