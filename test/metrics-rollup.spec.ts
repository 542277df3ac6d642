import { Role } from "../src/auth/role";
import { loadConfig } from "../src/config";
import { buildServedSchema } from "../src/graphql/schema";
import { startHttpServer, type RunningServer } from "../src/http/server";
import { HISTOGRAM_RELATIVE_ERROR } from "../src/modules/metrics/metrics-histogram";
import { refreshServiceMetricsRollup } from "../src/modules/metrics/metrics-rollup";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, SEED_NOW, type TestApp } from "./support/app";
import { SERVICE_METRICS } from "./support/operations";

/**
 * serviceMetrics from the daily rollups (METRICS_ROLLUP_REFRESH): the whole days of a period are
 * read from service_metrics_day, the partial first and last days and the days since the refresh
 * live by the same builder; the backlog of days a week before the refresh from there too, the rest
 * live. Every grouping, for an administrator and an agent,
 * over aligned and unaligned periods, gives the live query's figures (medians within the
 * histogram's relative bound), with asOf set; the live server (rollups off) says asOf null.
 */
type GroupBy = "CHANNEL" | "MONTH" | "AGENT" | "HANDLER" | "REGION" | "QUEUE";
const GROUPINGS: GroupBy[] = ["CHANNEL", "MONTH", "AGENT", "HANDLER", "REGION", "QUEUE"];
const DAY = 86_400_000;
const PERIODS: Record<string, { from: Date; to: Date }> = {
  aligned: { from: new Date("2025-11-01T00:00:00.000Z"), to: new Date(SEED_NOW.getTime() + DAY) },
  unaligned: { from: new Date("2025-10-15T07:30:00.000Z"), to: new Date("2026-11-19T13:45:00.000Z") },
  "within one day": { from: new Date("2026-11-10T03:00:00.000Z"), to: new Date("2026-11-10T20:00:00.000Z") },
};
const MEDIANS = ["medianComplaintResolutionHours", "medianClaimCycleDays"];
const AGES = ["oldestOpenCaseAgeHours"];

type Figures = Record<string, any>;

function expectSameFigures(rolled: Figures, live: Figures, label: string) {
  for (const [name, value] of Object.entries(live)) {
    const got = rolled[name];
    if (value === null || typeof value !== "number") expect([label, name, got]).toEqual([label, name, value]);
    else if (MEDIANS.includes(name)) {
      expect([label, name, typeof got]).toEqual([label, name, "number"]);
      expect([label, name, Math.abs(got - value) <= Math.abs(value) * HISTOGRAM_RELATIVE_ERROR + 1e-9]).toEqual([label, name, true]);
    } else {
      expect([label, name, typeof got]).toEqual([label, name, "number"]);
      expect(got).toBeCloseTo(value, AGES.includes(name) ? 1 : 9);
    }
  }
}

describe("service metrics from daily rollups", () => {
  let app: TestApp;
  let live: RunningServer;
  const agentId = staffIdFor("agent1");

  beforeAll(async () => {
    // the schedule's own first run (10 s after start) finds the specs' rollup fresh (within 0.9 h) and leaves it
    app = await startTestApp({ customers: 80, env: { METRICS_ROLLUP_REFRESH: "1h" } });
    live = await startHttpServer(app.db, loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1" }), await buildServedSchema());
  });
  afterAll(async () => {
    await live?.stop();
    await app?.close();
  });

  async function metrics(url: string, role: Role, groupBy: GroupBy, period: { from: Date; to: Date }) {
    const token = await app.token(role, role === Role.AGENT ? { user: "agent1" } : {});
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SERVICE_METRICS.replace("from to groupBy", "from to groupBy asOf"), variables: { from: period.from.toISOString(), to: period.to.toISOString(), groupBy } }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    return Object.assign(body.data.serviceMetrics, { statements: Number(response.headers.get("x-sql-statements")) });
  }

  async function expectSameAsLive(role: Role, groupBy: GroupBy, period: { from: Date; to: Date }, label: string) {
    const rolled = await metrics(app.server.url, role, groupBy, period);
    const now = await metrics(live.url, role, groupBy, period);
    expect([label, typeof rolled.asOf, now.asOf]).toEqual([label, "string", null]);
    expect([label, rolled.groups.map((g: Figures) => g.key)]).toEqual([label, now.groups.map((g: Figures) => g.key)]);
    expectSameFigures(rolled.overall, now.overall, `${label} overall`);
    rolled.groups.forEach((group: Figures, n: number) => expectSameFigures(group, now.groups[n], `${label} ${group.key}`));
    return { rolled, now };
  }

  it("is off until a rollup is stored: the live figures, asOf null", async () => {
    const before = await metrics(app.server.url, Role.ADMIN, "MONTH", PERIODS.aligned);
    expect(before.asOf).toBeNull();
  });

  it("refreshes idempotently: twice gives the same rows", async () => {
    const first = await refreshServiceMetricsRollup(app.db);
    const rows = async () => app.db.query(`SELECT * FROM service_metrics_day ORDER BY day, all_books, book NULLS FIRST, group_by, k NULLS FIRST`);
    const stored = await rows();
    const second = await refreshServiceMetricsRollup(app.db);
    expect(second!.rows).toBe(first!.rows);
    expect(await rows()).toEqual(stored);
    expect(first!.rows).toBeGreaterThan(100);
    expect(second!.asOf.getTime()).toBeGreaterThanOrEqual(first!.asOf.getTime());
    // a refresh finding the rollup fresh leaves it
    expect(await refreshServiceMetricsRollup(app.db, { unlessNewerThanMs: 3_600_000 })).toBeNull();
  });

  it("keeps the rollup's time in the process: after the first request, one statement for the figures as on the live path", async () => {
    const first = await metrics(app.server.url, Role.ADMIN, "MONTH", PERIODS.aligned);
    const next = await metrics(app.server.url, Role.ADMIN, "MONTH", PERIODS.aligned);
    const now = await metrics(live.url, Role.ADMIN, "MONTH", PERIODS.aligned);
    expect([first.statements, next.statements]).toEqual([now.statements + 1, now.statements]);
    expect(next.asOf).toBe(first.asOf);
  });

  for (const [periodName, period] of Object.entries(PERIODS)) {
    it.each(GROUPINGS)(`answers as the live query does, ${periodName} period, grouped by %s, for an administrator and an agent`, async (groupBy) => {
      const admin = await expectSameAsLive(Role.ADMIN, groupBy, period, `ADMIN ${groupBy} ${periodName}`);
      const agent = await expectSameAsLive(Role.AGENT, groupBy, period, `AGENT ${groupBy} ${periodName}`);
      if (periodName === "within one day") return;
      // not vacuous: the period holds contacts, resolved complaints, closed claims and open cases
      expect(admin.rolled.overall).toMatchObject({ medianComplaintResolutionHours: expect.any(Number), medianClaimCycleDays: expect.any(Number) });
      expect(admin.rolled.overall.openCases).toBeGreaterThan(0);
      expect(agent.rolled.overall.interactions).toBeGreaterThan(0);
      expect(agent.rolled.overall.interactions).toBeLessThan(admin.rolled.overall.interactions);
      if (groupBy === "AGENT") expect(agent.rolled.groups.map((g: Figures) => g.key)).toEqual([agentId]);
    });
  }

  /** A contact of agent1's book copied to another instant. */
  async function copyContact(at: Date): Promise<void> {
    const columns: string[] = (
      await app.db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'interaction' AND table_schema = current_schema()
          AND column_name NOT IN ('id', 'occurred_at', 'idempotency_key', 'first_response_at')`,
      )
    ).map((row: { column_name: string }) => row.column_name);
    const list = columns.join(", ");
    await app.db.query(
      `INSERT INTO interaction (${list}, occurred_at) SELECT ${list}, $2 FROM interaction
        WHERE customer_id IN (SELECT id FROM customer WHERE assigned_agent_id = $1) ORDER BY id LIMIT 1`,
      [agentId, at],
    );
  }

  it("counts a contact written after the refresh on a rolled-up day from the next refresh; one written since, at once", async () => {
    await refreshServiceMetricsRollup(app.db);
    const period = { from: PERIODS.aligned.from, to: new Date(Date.now() + 2 * DAY) };
    const count = async (url: string) => (await metrics(url, Role.AGENT, "MONTH", period)).overall.interactions;
    const [rolledBefore, liveBefore] = [await count(app.server.url), await count(live.url)];
    expect(rolledBefore).toBe(liveBefore);

    await copyContact(new Date("2026-11-10T12:00:00.000Z"));
    expect(await count(live.url)).toBe(liveBefore + 1);
    expect(await count(app.server.url)).toBe(rolledBefore); // the rolled-up day is as of the refresh

    await copyContact(new Date(Date.now() - 60_000));
    expect(await count(app.server.url)).toBe(rolledBefore + 1); // today is read live
    expect(await count(live.url)).toBe(liveBefore + 2);

    await refreshServiceMetricsRollup(app.db);
    expect(await count(app.server.url)).toBe(liveBefore + 2);
    await expectSameAsLive(Role.AGENT, "MONTH", period, "after the next refresh");
  });

  it("reads the recent backlog by the hour of opening: live since the refresh and at an age band's edge, as of the refresh elsewhere", async () => {
    await refreshServiceMetricsRollup(app.db);
    // not vacuous: the seeded open cases are weeks old, so the backlog of the period comes from the rollup
    const [{ stored }] = await app.db.query(`SELECT coalesce(sum(open_cases), 0)::int AS stored FROM service_metrics_day WHERE all_books AND group_by = 'NONE' AND day < now() - interval '8 days'`);
    expect(stored).toBeGreaterThan(0);
    const period = { from: PERIODS.aligned.from, to: new Date(Date.now() + 2 * DAY) };
    const backlog = async (url: string) => (await metrics(url, Role.ADMIN, "MONTH", period)).overall;
    const before = await backlog(app.server.url);
    const liveBefore = await backlog(live.url);
    expect([before.openCases, before.openCaseAgeing]).toEqual([liveBefore.openCases, liveBefore.openCaseAgeing]);
    expect(before.openCaseAgeing.overSevenDays).toBeGreaterThanOrEqual(stored); // every stored day's open case is over a week old
    const band = (figures: Figures, name: string) => [figures.openCases, figures.openCaseAgeing[name]];
    const openCaseAt = async (at: string) =>
      (await app.db.query(`INSERT INTO service_case (${await caseColumns()}, opened_at) SELECT ${await caseColumns()}, ${at} FROM service_case WHERE status = 'NEW' ORDER BY id LIMIT 1 RETURNING id`))[0].id;

    // opened since the refresh: counted at once, in its band
    const recent = await openCaseAt("now()");
    expect(band(await backlog(app.server.url), "underOneDay")).toEqual([before.openCases + 1, before.openCaseAgeing.underOneDay + 1]);
    // written after the refresh two days back, in a stored hour: counted from the next refresh, as a contact on a rolled-up day is
    const twoDays = await openCaseAt("now() - interval '50 hours'");
    expect(band(await backlog(app.server.url), "oneToThreeDays")).toEqual([before.openCases + 1, before.openCaseAgeing.oneToThreeDays]);
    // at the start of the hour whose cases are a day old now (the band's edge): that hour is read live, so counted at once
    const edge = await openCaseAt("date_trunc('hour', now() - interval '24 hours')");
    expect(band(await backlog(app.server.url), "oneToThreeDays")).toEqual([before.openCases + 2, before.openCaseAgeing.oneToThreeDays + 1]);

    // an old case closed: its day is as of the refresh until the next one
    const [{ id: old }] = await app.db.query(`SELECT id FROM service_case WHERE status = 'NEW' AND opened_at < now() - interval '8 days' ORDER BY opened_at LIMIT 1`);
    await app.db.query(`UPDATE service_case SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [old]);
    expect((await backlog(app.server.url)).openCases).toBe(before.openCases + 2);
    expect((await backlog(live.url)).openCases).toBe(before.openCases + 3 - 1);
    await refreshServiceMetricsRollup(app.db);
    const after = await backlog(app.server.url);
    expect(band(after, "oneToThreeDays")).toEqual([before.openCases + 3 - 1, before.openCaseAgeing.oneToThreeDays + 2]);
    // closed after the refresh in a stored hour: as of the refresh until the next one
    await app.db.query(`UPDATE service_case SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [twoDays]);
    expect((await backlog(app.server.url)).openCases).toBe(after.openCases);
    expect((await backlog(live.url)).openCases).toBe(after.openCases - 1);
    await refreshServiceMetricsRollup(app.db);
    await expectSameAsLive(Role.AGENT, "QUEUE", period, "backlog by the hour, an agent");
    await expectSameAsLive(Role.ADMIN, "HANDLER", period, "backlog by the hour");
    await app.db.query(`DELETE FROM service_case WHERE id IN ($1, $2, $3)`, [recent, twoDays, edge]);
  });

  async function caseColumns(): Promise<string> {
    const columns = await app.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'service_case' AND table_schema = current_schema()
        AND column_name NOT IN ('id', 'opened_at', 'number', 'idempotency_key', 'origin_interaction_id', 'complaint_id')`,
    );
    return columns.map((row: { column_name: string }) => row.column_name).join(", ");
  }
});

describe("METRICS_ROLLUP_REFRESH", () => {
  const config = (value?: string) => loadConfig({ NODE_ENV: "test", ...(value === undefined ? {} : { METRICS_ROLLUP_REFRESH: value }) });
  it("is a duration from 10 s to a day, or off; off under NODE_ENV=test", () => {
    expect(config().metricsRollupRefreshMs).toBeNull();
    expect(config("off").metricsRollupRefreshMs).toBeNull();
    expect(config("15m").metricsRollupRefreshMs).toBe(900_000);
    expect(config("10s").metricsRollupRefreshMs).toBe(10_000);
    expect(() => config("5s")).toThrow(/METRICS_ROLLUP_REFRESH/);
    expect(() => config("2d")).toThrow(/METRICS_ROLLUP_REFRESH/);
  });
});
