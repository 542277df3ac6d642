import { Role } from "../src/auth/role";
import { importOrder } from "../src/modules/importing/import-kinds";
import { startTestApp, type TestApp } from "./support/app";
import { ImportFiles, importerOf, recordIdOf, rowErrors } from "./support/import-files";

const DAY = 86_400_000;
/** A calendar date `days` from today (UTC): the grace period is counted from the real today. */
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const ndjson = (records: Record<string, unknown>[]) => records.map((record) => JSON.stringify(record)).join("\n") + "\n";

const CUSTOMERS = ["sourceId,kind,fullName,city", "H-1,INDIVIDUAL,Zhao Lei,Beijing", "H-2,INDIVIDUAL,Qian Yu,Shanghai"].join("\n") + "\n";
const policy = (sourceId: string, holder: string) => ({
  sourceId, customerSourceId: holder, productCode: "HEALTH-MILLION", status: "ACTIVE", premium: 30_000, currency: "CNY", premiumFrequency: "MONTHLY",
  sumInsured: 300_000_000, startDate: day(-365), endDate: day(365),
});
const HEADER = "sourceId,policySourceId,dueDate,amount,currency,paidAt";
/** H-1's policy: one paid, one unpaid 40 days past due (beyond the 30-day grace), one due in 10 days. */
const INSTALMENTS = [
  HEADER,
  `I-1,POL-1,${day(-70)},30000,,${day(-71)}T09:00:00Z`,
  `I-2,POL-1,${day(-40)},30000,,`,
  `I-3,POL-1,${day(10)},30000,CNY,`,
  `I-4,POL-404,${day(-40)},30000,,`,
  `I-5,POL-1,${day(-400)},30000,,`,
  `I-6,POL-1,${day(-10)},30000,cny,`,
  `I-7,POL-1,${day(-10)},30000,,2999-01-01T00:00:00Z`,
].join("\n") + "\n";

describe("bulk import of premium instalments (billing)", () => {
  let app: TestApp;
  const files = new ImportFiles();
  const run = (name: string, content: string, entity: string) => importerOf(app.db, app.config.piiEncryptionKey, files)(name, content, entity);
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    expect(await run("customers.csv", CUSTOMERS, "customers")).toMatchObject({ inserted: 2 });
    expect(await run("policies.ndjson", ndjson([policy("POL-1", "H-1"), policy("POL-2", "H-2")]), "policies")).toMatchObject({ inserted: 2 });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });
  const customerId = (sourceId: string) => recordIdOf(app.db, "customer", sourceId);
  const billing = async (holder: string) => {
    const res = await app.gql(
      `query ($id: ID!) { customer(id: $id) { policies(first: 5) { edges { node { billingStatus instalments { dueDate amount { amount currency } status paidAt } } } } riskProfile { warnings { code } } } }`,
      { token: await app.token(Role.ADMIN), variables: { id: await customerId(holder) } },
    );
    expect(res.body.errors).toBeUndefined();
    const { policies, riskProfile } = res.body.data!.customer;
    return { policy: policies.edges[0].node, warnings: (riskProfile?.warnings ?? []).map((w: { code: string }) => w.code) };
  };

  it("is imported after the policies it names (reference order)", () => {
    expect(importOrder(["instalments", "customers", "policies"])).toEqual(["customers", "policies", "instalments"]);
  });

  it("imports the schedule and payments, refuses by column what breaks a rule, and the 360 derives billing status and the overdue-premium warning", async () => {
    const job = await run("instalments.csv", INSTALMENTS, "instalments");
    expect(job).toMatchObject({ status: "COMPLETED", processed: 7, inserted: 3, failed: 4 });
    expect(await rowErrors(app.db, job.id)).toEqual([[5, "I-4", "policySourceId"], [6, "I-5", "dueDate"], [7, "I-6", "currency"], [8, "I-7", "paidAt"]]);
    const { policy: pol, warnings } = await billing("H-1");
    expect(pol.billingStatus).toBe("OVERDUE");
    expect(pol.instalments.map((i: { dueDate: string; status: string; amount: { currency: string } }) => [i.dueDate, i.status, i.amount.currency]).sort()).toEqual([
      [day(-70), "PAID", "CNY"], [day(-40), "OVERDUE", "CNY"], [day(10), "DUE", "CNY"],
    ]);
    // the job re-assessed the customers it wrote: the lapse warning of the risk engine
    expect(warnings).toContain("PREMIUM_OVERDUE");
    expect((await billing("H-2")).policy.billingStatus).toBe("UP_TO_DATE");
  });

  it("counts the same file again unchanged, records a payment from a later file, and a reversed payment makes the instalment unpaid again", async () => {
    expect(await run("instalments.csv", INSTALMENTS, "instalments")).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, failed: 4 });
    const paid = INSTALMENTS.replace(`I-2,POL-1,${day(-40)},30000,,`, `I-2,POL-1,${day(-40)},30000,,${day(-1)}T10:00:00Z`);
    expect(await run("paid.csv", paid, "instalments")).toMatchObject({ updated: 1, unchanged: 2 });
    const after = await billing("H-1");
    expect(after.policy.billingStatus).toBe("UP_TO_DATE");
    expect(after.warnings).not.toContain("PREMIUM_OVERDUE");
    expect(await run("reversed.csv", INSTALMENTS, "instalments")).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await billing("H-1")).policy.billingStatus).toBe("OVERDUE");
  });

  it("does not move an instalment to another policy, of the same holder or another", async () => {
    expect(await run("policy-3.ndjson", ndjson([policy("POL-3", "H-1")]), "policies")).toMatchObject({ inserted: 1 });
    const moved = [HEADER, `I-3,POL-3,${day(10)},30000,CNY,`, `I-2,POL-2,${day(-40)},30000,,`].join("\n") + "\n";
    const job = await run("moved.csv", moved, "instalments");
    expect(job).toMatchObject({ updated: 0, failed: 2 });
    expect(await rowErrors(app.db, job.id)).toEqual([[2, "I-3", "policySourceId"], [3, "I-2", "policySourceId"]]);
    const problems: { problem: string }[] = await app.db.query(`SELECT problem FROM import_error WHERE job_id = $1 ORDER BY line`, [job.id]);
    expect(problems.map((p) => p.problem)).toEqual([
      "the instalment belongs to another policy here; a move is not applied by import",
      "the instalment belongs to another policyholder here; a change of policyholder is not applied by import",
    ]);
  });
});
