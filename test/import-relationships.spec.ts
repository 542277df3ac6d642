import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { ImportFiles, importerOf, recordIdOf, rowErrors } from "./support/import-files";

const CUSTOMERS = [
  "sourceId,kind,fullName,city,agent",
  "H-1,INDIVIDUAL,Zhao Lei,Beijing,agent1",
  "H-2,INDIVIDUAL,Qian Yu,Beijing,agent1",
  "H-3,INDIVIDUAL,Zhao Xin,Beijing,agent1",
  "E-1,ENTERPRISE,Example Trading Co. Ltd,Hangzhou,",
].join("\n") + "\n";
const HEADER = "sourceId,customerSourceId,relatedCustomerSourceId,kind";
const LINKS = [
  HEADER,
  "R-1,H-1,H-2,SPOUSE",
  "R-2,H-1,H-3,CHILD",
  "R-3,H-1,E-1,EMPLOYER",
  "R-4,H-1,H-1,SPOUSE",
  "R-5,H-1,H-404,CHILD",
  "R-6,H-2,H-3,COUSIN",
].join("\n") + "\n";

describe("bulk import of relationships (households and employers)", () => {
  let app: TestApp;
  const files = new ImportFiles();
  const run = (name: string, content: string, entity = "relationships") => importerOf(app.db, app.config.piiEncryptionKey, files)(name, content, entity);
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    expect(await run("customers.csv", CUSTOMERS, "customers")).toMatchObject({ inserted: 4 });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });
  /** Every link among the imported customers as "from → to: kind" by source id. */
  const links = async () => {
    const rows: { a: string; b: string; kind: string }[] = await app.db.query(
      `SELECT ka.source_id AS a, kb.source_id AS b, r.kind FROM relationship r
         JOIN source_key ka ON ka.entity_kind = 'customer' AND ka.source_system = 'CORE_PAS' AND ka.record_id = r.customer_id
         JOIN source_key kb ON kb.entity_kind = 'customer' AND kb.source_system = 'CORE_PAS' AND kb.record_id = r.related_customer_id`,
    );
    return rows.map((r) => `${r.a} → ${r.b}: ${r.kind}`).sort();
  };
  const customerId = (sourceId: string) => recordIdOf(app.db, "customer", sourceId);

  it("writes each link both ways as linkRelationship does, refusing a self-link, an unknown customer and an unknown kind by column", async () => {
    const job = await run("links.csv", LINKS);
    expect(job).toMatchObject({ status: "COMPLETED", processed: 6, inserted: 3, failed: 3 });
    expect(await rowErrors(app.db, job.id)).toEqual([[5, "R-4", "relatedCustomerSourceId"], [6, "R-5", "relatedCustomerSourceId"], [7, "R-6", "kind"]]);
    expect(await links()).toEqual([
      "E-1 → H-1: EMPLOYEE", "H-1 → E-1: EMPLOYER", "H-1 → H-2: SPOUSE", "H-1 → H-3: CHILD", "H-2 → H-1: SPOUSE", "H-3 → H-1: PARENT",
    ]);
  });

  it("shows the household in the 360 view (the agent of the book)", async () => {
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { household { kind member { fullName } } } }`, {
      token: await app.token(Role.AGENT, { user: "agent1" }), variables: { id: await customerId("H-1") },
    });
    expect(res.body.errors).toBeUndefined();
    const members = res.body.data!.customer.household.map((m: { kind: string; member: { fullName: string } }) => `${m.kind}:${m.member.fullName}`).sort();
    // the employer is in no agent's book: out of agent1's row scope, so not a member they see
    expect(members).toEqual(["CHILD:Zhao Xin", "SPOUSE:Qian Yu"]);
  });

  it("counts the same file unchanged, changes a link's kind both ways, refuses a change of customers, and adopts a link the 360 made already", async () => {
    expect(await run("links.csv", LINKS)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, failed: 3 });
    const changed = [HEADER, "R-2,H-1,H-3,OTHER", "R-1,H-1,H-3,SPOUSE"].join("\n") + "\n";
    const job = await run("changed.csv", changed);
    expect(job).toMatchObject({ updated: 1, failed: 1 });
    expect(await rowErrors(app.db, job.id)).toEqual([[3, "R-1", "relatedCustomerSourceId"]]);
    expect(await links()).toEqual([
      "E-1 → H-1: EMPLOYEE", "H-1 → E-1: EMPLOYER", "H-1 → H-2: SPOUSE", "H-1 → H-3: OTHER", "H-2 → H-1: SPOUSE", "H-3 → H-1: OTHER",
    ]);
    // a link made in the 360 first, then sent by the source: one link, the key on it
    const [h2, h3] = [await customerId("H-2"), await customerId("H-3")];
    await app.db.query(`INSERT INTO relationship (customer_id, related_customer_id, kind) VALUES ($1, $2, 'CHILD'), ($2, $1, 'PARENT')`, [h2, h3]);
    expect(await run("adopted.csv", [HEADER, "R-7,H-2,H-3,CHILD"].join("\n") + "\n")).toMatchObject({ inserted: 1, failed: 0 });
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM relationship WHERE customer_id = $1 AND related_customer_id = $2`, [h2, h3]);
    expect(n).toBe(1);
    const [key] = await app.db.query(`SELECT r.kind FROM source_key k JOIN relationship r ON r.id = k.record_id WHERE k.entity_kind = 'relationship' AND k.source_id = 'R-7'`);
    expect(key).toEqual({ kind: "CHILD" });
  });

  it("refuses a changed kind on `kind` when the two customers are linked so already (the 360 linked them), and changes nothing", async () => {
    const [h1, h3] = [await customerId("H-1"), await customerId("H-3")];
    await app.db.query(`INSERT INTO relationship (customer_id, related_customer_id, kind) VALUES ($1, $2, 'CHILD'), ($2, $1, 'PARENT')`, [h1, h3]);
    const before = await links();
    const job = await run("rekind.csv", [HEADER, "R-2,H-1,H-3,CHILD"].join("\n") + "\n");
    expect(job).toMatchObject({ status: "COMPLETED", updated: 0, failed: 1 });
    expect(await rowErrors(app.db, job.id)).toEqual([[2, "R-2", "kind"]]);
    expect(await links()).toEqual(before);
  });

  it("keeps a link removed in the 360 removed: the source's record of it is refused", async () => {
    const [h1, h2] = [await customerId("H-1"), await customerId("H-2")];
    await app.db.query(`DELETE FROM relationship WHERE (customer_id = $1 AND related_customer_id = $2) OR (customer_id = $2 AND related_customer_id = $1)`, [h1, h2]); // as unlinkRelationship
    const job = await run("links.csv", LINKS);
    expect(await rowErrors(app.db, job.id)).toContainEqual([2, "R-1", null]);
    expect(await links()).not.toContain("H-1 → H-2: SPOUSE");
  });
});
