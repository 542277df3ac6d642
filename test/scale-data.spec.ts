import { copyCustomers } from "../src/bench/scale-data";
import { startTestApp, type TestApp } from "./support/app";

/** The bench's SQL growth (npm run bench:scale): copies hold valid values, unique where they must be. */
describe("bench:scale's copies of the seeded customers", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ customers: 12 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("suffixes a key only where no id of the copy makes it unique: kinds and rule codes stay valid values", async () => {
    const values = async (sql: string) => (await app.db.query(sql)).map((row: { v: string }) => row.v).sort();
    const kinds = await values(`SELECT DISTINCT kind AS v FROM relationship`);
    const rules = await values(`SELECT DISTINCT rule_code AS v FROM service_task`);
    const [before] = await app.db.query(`SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM relationship)::int AS relationships`);
    expect(kinds.length).toBeGreaterThan(0); // not vacuous: the seed wrote households
    await copyCustomers(app.db, 2, () => undefined);
    const [after] = await app.db.query(`SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM relationship)::int AS relationships,
      (SELECT count(DISTINCT customer_number) FROM customer)::int AS numbers`);
    expect(after).toEqual({ customers: before.customers * 3, relationships: before.relationships * 3, numbers: before.customers * 3 });
    expect(await values(`SELECT DISTINCT kind AS v FROM relationship`)).toEqual(kinds);
    expect(await values(`SELECT DISTINCT rule_code AS v FROM service_task`)).toEqual(rules);
    // a business key unique on its own is suffixed per copy
    expect(await values(`SELECT customer_number AS v FROM customer WHERE customer_number LIKE '%-2'`)).toHaveLength(before.customers);
  });
});
