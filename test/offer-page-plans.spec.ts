import { Role } from "../src/auth/role";
import { backend } from "./support/database";
import { startTestApp, type TestApp } from "./support/app";

const OFFERS = `{ offers(first: 50) { edges { node { customer { id } product { code } score estimatedPremium { amount } channel } } } }`;

/**
 * PostgreSQL only (the embedded database prepares nothing): the offers page's statement settles
 * on a generic plan after PostgreSQL's five custom ones on a connection. With its clock and windows
 * as parameters the planner could not estimate the windows, judged the generic plan costlier and
 * planned the statement at every execution (docs/performance.md, session 44). One pooled
 * connection, so that the server's prepared statements are the ones this spec reads.
 */
(backend === "postgres" ? describe : describe.skip)("the offers page's plans on PostgreSQL", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ customers: 600, env: { DB_POOL_SIZE: "1" } });
  });
  afterAll(() => app?.close());

  it("is planned five times, then runs its generic plan, with the same answers", async () => {
    const token = await app.token(Role.MARKETING);
    const answers: string[] = [];
    for (let run = 0; run < 9; run += 1) {
      const res = await app.gql(OFFERS, { token });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.offers.edges.length).toBeGreaterThan(10);
      answers.push(JSON.stringify(res.body.data));
    }
    expect(new Set(answers).size).toBe(1);
    const plans: { custom_plans: number; generic_plans: number; types: string[] }[] = await app.db.query(
      `SELECT custom_plans::int, generic_plans::int, parameter_types::text[] AS types FROM pg_prepared_statements WHERE statement LIKE $1`,
      ["%AS rec_now%"],
    );
    expect(plans.map(({ custom_plans, generic_plans }) => ({ custom_plans, generic_plans }))).toEqual([{ custom_plans: 5, generic_plans: 4 }]);
    // what kept the generic plan out on a larger book (20,000 customers and up; this book is too small
    // for the planner to prefer custom plans either way): the clock and the windows as parameters
    expect(plans[0].types.length).toBeGreaterThan(0); // the page's own (the marketing consent, the segments' rules)
    expect(plans[0].types.filter((type) => /timestamp|integer/.test(type))).toEqual([]);
  });

  it("asks MARKETING's page for the marketing consent once: the row scope holds it, the page does not repeat it", async () => {
    await app.gql(OFFERS, { token: await app.token(Role.MARKETING) });
    const [{ statement }]: { statement: string }[] = await app.db.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE $1`, ["%AS rec_now%"]);
    const page = statement.slice(statement.indexOf("WITH page AS ("), statement.indexOf("members AS ("));
    expect(page.length).toBeGreaterThan(500);
    const count = (text: string) => page.split(text).length - 1;
    // the consent in force: the record's own latest decision and the linked records' refusals, one sub-select each
    expect(count("k.purpose = 'MARKETING'")).toBe(2);
    expect(count("k.purpose = 'PROFILING'")).toBe(2);
    expect(count("erased_at IS NULL")).toBe(1);
  });
});
