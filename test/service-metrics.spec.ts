import { Role } from "../src/auth/role";
import { derivedGrant } from "../src/auth/use-policy";
import { GROUP_KEY_INPUTS } from "../src/modules/metrics/metrics.service";
import { loadBusinessCalendar } from "../src/modules/service-desk/business-calendar.query";
import { readCaseClock } from "../src/modules/service-desk/case-sla";
import { SlaMilestone } from "../src/modules/service-desk/sla-policy";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, SEED_NOW, type GraphQLResponse, type TestApp } from "./support/app";
import { SERVICE_METRICS } from "./support/operations";

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const HOUR = 3_600_000;
const FROM = new Date(SEED_NOW.getTime() - 400 * 24 * HOUR);
const TO = SEED_NOW;

type GroupBy = "CHANNEL" | "MONTH" | "AGENT" | "HANDLER" | "REGION" | "QUEUE";
interface Owner { region: string | null; agent: string | null }
interface Figures { [name: string]: number | null | string | boolean }

const month = (t: Date) => t.toISOString().slice(0, 7);
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
}
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const OPEN_STATUSES = ["NEW", "IN_PROGRESS", "WAITING_ON_CUSTOMER"];

/** The case figures of a group, from each case's clocks read now by readSlaClock (not from the stored verdicts and deadlines). */
function caseFigures(cases: any[], calendar: any, now: Date): Figures {
  let frMet = 0, frDue = 0, resMet = 0, resDue = 0, breachedOpen = 0;
  const ages: number[] = [];
  for (const k of cases) {
    const facts = {
      channel: k.channel, priority: k.priority, openedAt: new Date(k.opened_at), firstRespondedAt: k.first_responded_at && new Date(k.first_responded_at),
      resolvedAt: k.resolved_at && new Date(k.resolved_at),
      pauses: (typeof k.pauses === "string" ? JSON.parse(k.pauses) : k.pauses).map((p: any) => ({ from: new Date(p.from), to: p.to && new Date(p.to) })),
    };
    const fr = readCaseClock(facts, SlaMilestone.FIRST_RESPONSE, calendar, now);
    const res = readCaseClock(facts, SlaMilestone.RESOLUTION, calendar, now);
    if (facts.firstRespondedAt || fr.breached) frDue++;
    if (facts.firstRespondedAt && !fr.breached) frMet++;
    if (facts.resolvedAt || res.breached) resDue++;
    if (facts.resolvedAt && !res.breached) resMet++;
    if (!OPEN_STATUSES.includes(k.status)) continue;
    if ((!facts.firstRespondedAt && fr.breached) || (!facts.resolvedAt && res.breached)) breachedOpen++;
    ages.push((now.getTime() - facts.openedAt.getTime()) / HOUR);
  }
  return {
    cases: cases.length,
    firstResponseAttainment: ratio(frMet, frDue),
    resolutionAttainment: ratio(resMet, resDue),
    openCases: ages.length,
    breachedOpenCases: breachedOpen,
    "openCaseAgeing.underOneDay": ages.filter((a) => a < 24).length,
    "openCaseAgeing.oneToThreeDays": ages.filter((a) => a >= 24 && a < 72).length,
    "openCaseAgeing.threeToSevenDays": ages.filter((a) => a >= 72 && a < 168).length,
    "openCaseAgeing.overSevenDays": ages.filter((a) => a >= 168).length,
    oldestOpenCaseAgeHours: ages.length === 0 ? null : Math.max(...ages),
  };
}

/**
 * The figures recomputed in JavaScript from plain rows, by the definitions in the schema's
 * descriptions: an independent check of the SQL aggregates.
 */
async function expectedFigures(app: TestApp, groupBy: GroupBy, agentId: string | null): Promise<Map<string | null, Figures>> {
  const owners = new Map<string, Owner & { createdAt: Date; erased: boolean }>();
  for (const c of await app.db.query(`SELECT id, region, assigned_agent_id, created_at, erased_at FROM customer`)) {
    owners.set(c.id, { region: c.region, agent: c.assigned_agent_id, createdAt: new Date(c.created_at), erased: c.erased_at !== null });
  }
  const inScope = (customerId: string) => agentId === null || owners.get(customerId)!.agent === agentId;
  const ownerKey = (customerId: string) => (groupBy === "AGENT" ? owners.get(customerId)!.agent : owners.get(customerId)!.region);
  const inPeriod = (t: Date) => t >= FROM && t < TO;
  const groups = new Map<string | null, { i: any[]; co: any[]; cl: any[]; k: any[] }>();
  const group = (key: string | null) => {
    if (!groups.has(key)) groups.set(key, { i: [], co: [], cl: [], k: [] });
    return groups.get(key)!;
  };
  const cases = await app.db.query(
    `SELECT id, customer_id, origin_interaction_id, complaint_id, channel, priority, queue, status, assignee_id, opened_at, first_responded_at, resolved_at, pauses FROM service_case`,
  );
  // QUEUE: a contact counts for the queue of the first case it opened, a complaint for its case's
  const firstCaseOf = new Map<string, any>();
  for (const k of [...cases].sort((a, b) => Date.parse(a.opened_at) - Date.parse(b.opened_at) || (a.id < b.id ? -1 : 1))) {
    if (k.origin_interaction_id && !firstCaseOf.has(k.origin_interaction_id)) firstCaseOf.set(k.origin_interaction_id, k);
  }
  const caseOfComplaint = new Map(cases.filter((k: any) => k.complaint_id).map((k: any) => [k.complaint_id, k]));
  const interactions = await app.db.query(`SELECT id, customer_id, staff_id, channel, direction, occurred_at, first_response_at, satisfaction FROM interaction`);
  const byId = new Map(interactions.map((i: any) => [i.id, i]));
  for (const i of interactions) {
    const occurredAt = new Date(i.occurred_at);
    if (!inScope(i.customer_id) || !inPeriod(occurredAt)) continue;
    const key = groupBy === "CHANNEL" ? i.channel : groupBy === "MONTH" ? month(occurredAt) : groupBy === "HANDLER" ? i.staff_id
      : groupBy === "QUEUE" ? (firstCaseOf.get(i.id)?.queue ?? null) : ownerKey(i.customer_id);
    group(key).i.push(i);
  }
  for (const co of await app.db.query(`SELECT id, interaction_id, customer_id, received_at, due_at, resolved_at FROM complaint`)) {
    const receivedAt = new Date(co.received_at);
    if (!inScope(co.customer_id) || !inPeriod(receivedAt)) continue;
    const contact = byId.get(co.interaction_id) as any;
    const key = groupBy === "CHANNEL" ? contact.channel : groupBy === "MONTH" ? month(receivedAt) : groupBy === "HANDLER" ? contact.staff_id
      : groupBy === "QUEUE" ? ((caseOfComplaint.get(co.id) as any)?.queue ?? null) : ownerKey(co.customer_id);
    group(key).co.push(co);
  }
  for (const cl of await app.db.query(`SELECT cl.customer_id, cl.assigned_adjuster_id, cl.reported_at, cl.closed_at, cl.status, cl.approved_amount, p.sales_channel FROM claim cl JOIN policy p ON p.id = cl.policy_id`)) {
    const reportedAt = new Date(cl.reported_at);
    if (!inScope(cl.customer_id) || !inPeriod(reportedAt)) continue;
    const key = groupBy === "CHANNEL" ? cl.sales_channel : groupBy === "MONTH" ? month(reportedAt) : groupBy === "HANDLER" ? cl.assigned_adjuster_id
      : groupBy === "QUEUE" ? null : ownerKey(cl.customer_id);
    group(key).cl.push(cl);
  }
  for (const k of cases) {
    const openedAt = new Date(k.opened_at);
    if (!inScope(k.customer_id) || !inPeriod(openedAt)) continue;
    const key = groupBy === "CHANNEL" ? k.channel : groupBy === "MONTH" ? month(openedAt) : groupBy === "HANDLER" ? k.assignee_id
      : groupBy === "QUEUE" ? k.queue : ownerKey(k.customer_id);
    group(key).k.push(k);
  }
  const calendar = await loadBusinessCalendar(app.db, "CN_MAINLAND");
  const now = new Date();
  const customersOf = (key: string | null | undefined) =>
    [...owners.entries()].filter(([id, o]) => inScope(id) && !o.erased && o.createdAt < TO && (key === undefined || ownerKey(id) === key)).length;
  if (groupBy === "AGENT" || groupBy === "REGION") {
    for (const [id, o] of owners) if (inScope(id) && !o.erased && o.createdAt < TO) group(ownerKey(id));
  }
  const figures = (rows: { i: any[]; co: any[]; cl: any[]; k: any[] }, customers: number): Figures => {
    const rated = rows.i.filter((i) => i.satisfaction !== null);
    const inbound = rows.i.filter((i) => i.direction === "INBOUND");
    const due = inbound.filter((i) => i.first_response_at !== null || Date.parse(i.occurred_at) <= Date.now() - 24 * HOUR);
    const answered = inbound.filter((i) => i.first_response_at !== null && Date.parse(i.first_response_at) - Date.parse(i.occurred_at) <= 24 * HOUR);
    const settled = rows.co.filter((c) => c.resolved_at !== null || Date.parse(c.due_at) < Date.now());
    const onTime = rows.co.filter((c) => c.resolved_at !== null && Date.parse(c.resolved_at) <= Date.parse(c.due_at));
    const average = rated.reduce((sum, i) => sum + i.satisfaction, 0) / rated.length;
    const index = rated.length === 0 ? null : Math.round((average - 1) * 25 * 100) / 100;
    return {
      interactions: rows.i.length,
      ratedInteractions: rated.length,
      satisfactionIndex: index,
      satisfactionBelowTarget: index === null ? null : index < 85,
      answeredWithin24hShare: ratio(answered.length, due.length),
      customers,
      complaints: rows.co.length,
      complaintsPerThousandCustomers: ratio(rows.co.length * 1000, customers),
      complaintsResolvedOnTimeShare: ratio(onTime.length, settled.length),
      medianComplaintResolutionHours: median(rows.co.filter((c) => c.resolved_at).map((c) => (Date.parse(c.resolved_at) - Date.parse(c.received_at)) / HOUR)),
      claimsFiled: rows.cl.length,
      claimsApproved: rows.cl.filter((c) => c.approved_amount !== null).length,
      claimsRejected: rows.cl.filter((c) => c.status === "REJECTED").length,
      medianClaimCycleDays: median(rows.cl.filter((c) => c.closed_at).map((c) => (Date.parse(c.closed_at) - Date.parse(c.reported_at)) / (24 * HOUR))),
      ...caseFigures(rows.k, calendar, now),
    };
  };
  const perGroup = groupBy === "AGENT" || groupBy === "REGION";
  const result = new Map<string | null, Figures>();
  const all = { i: [] as any[], co: [] as any[], cl: [] as any[], k: [] as any[] };
  for (const [key, rows] of groups) {
    result.set(`group:${key}`, figures(rows, perGroup ? customersOf(key) : customersOf(undefined)));
    all.i.push(...rows.i);
    all.co.push(...rows.co);
    all.cl.push(...rows.cl);
    all.k.push(...rows.k);
  }
  result.set("overall", figures(all, customersOf(undefined)));
  return result;
}

/** Ages are read at the request's instant and recomputed a moment later: to a few minutes. */
const PRECISION: Record<string, number> = { oldestOpenCaseAgeHours: 1 };

function expectFigures(actual: Figures, expected: Figures, label: string) {
  for (const [name, value] of Object.entries(expected)) {
    const got = name.split(".").reduce((object: any, part) => object?.[part], actual);
    if (value === null || typeof value === "string" || typeof value === "boolean") expect([label, name, got]).toEqual([label, name, value]);
    else {
      expect([label, name, typeof got]).toEqual([label, name, "number"]);
      expect(got as number).toBeCloseTo(value, PRECISION[name] ?? 6);
    }
  }
}

describe("service metrics", () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 120 });
    admin = await app.token(Role.ADMIN);
  });
  afterAll(() => app?.close());

  const ask = (token: string, groupBy: GroupBy, from = FROM, to = TO) =>
    app.gql(SERVICE_METRICS, { token, variables: { from: from.toISOString(), to: to.toISOString(), groupBy } });

  it.each(["CHANNEL", "MONTH", "AGENT", "HANDLER", "REGION", "QUEUE"] as GroupBy[])("matches an independent computation, grouped by %s", async (groupBy) => {
    const res = await ask(admin, groupBy);
    expect(res.body.errors).toBeUndefined();
    const metrics = res.body.data!.serviceMetrics;
    expect(metrics.groupBy).toBe(groupBy);
    expect(metrics.satisfactionTarget).toBe(85);
    const expected = await expectedFigures(app, groupBy, null);
    expect(metrics.overall.key).toBeNull();
    expect(metrics.overall.interactions).toBeGreaterThan(100);
    expect(metrics.overall.complaints).toBeGreaterThan(5);
    expect(metrics.overall.claimsFiled).toBeGreaterThan(5);
    expect(metrics.overall.cases).toBeGreaterThan(5);
    // the seeded cases give the clocks something to say (not vacuous: shares and a backlog)
    expect(metrics.overall).toMatchObject({ firstResponseAttainment: expect.any(Number), resolutionAttainment: expect.any(Number), openCases: expect.any(Number) });
    expect(metrics.overall.openCases).toBeGreaterThan(0);
    expectFigures(metrics.overall, expected.get("overall")!, "overall");
    expect(metrics.groups.map((g: { key: string | null }) => `group:${g.key}`).sort()).toEqual([...expected.keys()].filter((k) => k !== "overall").sort());
    for (const group of metrics.groups) expectFigures(group, expected.get(`group:${group.key}`)!, `${groupBy} ${group.key}`);
    // aggregates in the database: one statement for the figures (plus the caller's staff lookup)
    expect(res.statements).toBeLessThanOrEqual(2);
  });

  it("groups by who handled the work, not by the book, and flags groups below the satisfaction target", async () => {
    const byHandler = (await ask(admin, "HANDLER")).body.data!.serviceMetrics;
    const byBook = (await ask(admin, "AGENT")).body.data!.serviceMetrics;
    const keys = (metrics: { groups: { key: string | null }[] }) => metrics.groups.map((g) => g.key);
    expect(keys(byHandler)).not.toEqual(keys(byBook)); // adjusters and other handlers appear, owners without work do not
    const [adjuster] = await app.db.query(`SELECT DISTINCT assigned_adjuster_id AS id FROM claim WHERE assigned_adjuster_id IS NOT NULL AND reported_at >= $1 AND reported_at < $2 LIMIT 1`, [FROM, TO]);
    expect(byHandler.groups.find((g: { key: string }) => g.key === adjuster.id)?.claimsFiled).toBeGreaterThan(0);
    expect(byBook.groups.find((g: { key: string }) => g.key === adjuster.id)).toBeUndefined();
    const flags = new Set([...byHandler.groups, ...byBook.groups, byHandler.overall].map((g: { satisfactionBelowTarget: boolean | null }) => g.satisfactionBelowTarget));
    expect(flags.has(true) || flags.has(false)).toBe(true);
  });

  it("limits an agent to their own book", async () => {
    const agentId = staffIdFor("agent1");
    const res = await ask(await app.token(Role.AGENT), "AGENT");
    expect(res.body.errors).toBeUndefined();
    const metrics = res.body.data!.serviceMetrics;
    expect(metrics.groups.map((g: { key: string }) => g.key)).toEqual([agentId]);
    const expected = await expectedFigures(app, "AGENT", agentId);
    expectFigures(metrics.overall, expected.get("overall")!, "agent1 overall");
    const everyone = (await ask(admin, "AGENT")).body.data!.serviceMetrics.overall;
    expect(metrics.overall.interactions).toBeLessThan(everyone.interactions);
  });

  it("is for administrators, compliance and agents; checks the period", async () => {
    expect((await ask(await app.token(Role.COMPLIANCE), "REGION")).body.errors).toBeUndefined();
    for (const role of [Role.UNDERWRITER, Role.MARKETING, Role.CLAIMS_ADJUSTER]) {
      expect(codeOf(await ask(await app.token(role), "REGION"))).toBe("FORBIDDEN");
    }
    const [{ id }] = await app.db.query(`SELECT id FROM customer LIMIT 1`);
    expect(codeOf(await ask(await app.token(Role.CUSTOMER, { sub: id }), "REGION"))).toBe("FORBIDDEN");
    expect(codeOf(await ask(admin, "MONTH", TO, FROM))).toBe("BAD_USER_INPUT");
    expect(codeOf(await ask(admin, "MONTH", new Date("2015-01-01"), TO))).toBe("BAD_USER_INPUT");
  });

  it("lets every role that may ask group by every key: the keys' inputs are fields each may derive from", () => {
    for (const role of [Role.ADMIN, Role.COMPLIANCE, Role.AGENT]) {
      for (const [groupBy, inputs] of Object.entries(GROUP_KEY_INPUTS)) expect([role, groupBy, derivedGrant(role, inputs)]).toEqual([role, groupBy, "any"]);
    }
    // a role later given the operation would not group by the SERVICE routing fields it may not read
    expect(derivedGrant(Role.MARKETING, GROUP_KEY_INPUTS.QUEUE)).toBe("none");
    expect(derivedGrant(Role.MARKETING, GROUP_KEY_INPUTS.REGION)).toBe("any");
  });

  it("answers an empty period with zeros and nulls", async () => {
    const res = await ask(admin, "CHANNEL", new Date("2000-01-01"), new Date("2000-02-01"));
    expect(res.body.data!.serviceMetrics.groups).toEqual([]);
    expect(res.body.data!.serviceMetrics.overall).toMatchObject({ interactions: 0, complaints: 0, claimsFiled: 0, satisfactionIndex: null, medianClaimCycleDays: null });
  });
  /**
   * Cases with known clocks, each step at an instant the test sets (jest's fake Date; the server runs
   * in this process), in a period after the seeded data (which ends at SEED_NOW), read on Monday
   * 30 November 2026 10:00 Shanghai (02:00Z). Targets: EMAIL NORMAL first response 24 clock hours,
   * resolution 45 business hours; URGENT first response 2 h, resolution 9 business hours
   * (Mon–Fri 09:00–18:00 Shanghai = 01:00–10:00Z).
   */
  describe("case SLA attainment, backlog and ageing per queue", () => {
    const PERIOD = { from: new Date("2026-11-21T00:00:00.000Z"), to: new Date("2026-11-30T00:00:00.000Z") };
    const READ_AT = "2026-11-30T02:00:00.000Z";
    const OPEN_CASE = `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
    const TRANSITION_CASE = `mutation ($id: ID!, $to: CaseStatus!, $note: String) { transitionCase(id: $id, to: $to, note: $note) { id } }`;
    let customerId: string;
    const ids: Record<string, string> = {};

    const at = (iso: string) => jest.setSystemTime(new Date(iso));
    const as = async (query: string, variables: Record<string, unknown>) => {
      const res = await app.gql(query, { token: await app.token(Role.AGENT), variables });
      expect(res.body.errors).toBeUndefined();
      return Object.values(res.body.data!)[0] as { id: string };
    };
    /** Opens a case at `openedAt` and applies the moves, each at its instant. */
    const story = async (name: string, queue: string, priority: string, openedAt: string, moves: [string, string][] = []) => {
      at(openedAt);
      ids[name] = (await as(OPEN_CASE, { input: { customerId, channel: "EMAIL", subject: `Case ${name}`, queue, priority } })).id;
      for (const [when, to] of moves) {
        at(when);
        await as(TRANSITION_CASE, { id: ids[name], to, note: to === "RESOLVED" ? "Answered" : null });
      }
    };
    /** The figures read at READ_AT (the token minted then: tokens expire within an hour of their fake now). */
    const metricsAt = async (role: Role, groupBy: GroupBy = "QUEUE", user?: string) => {
      at(READ_AT);
      const res = await app.gql(SERVICE_METRICS, { token: await app.token(role, { user }), variables: { from: PERIOD.from.toISOString(), to: PERIOD.to.toISOString(), groupBy } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.serviceMetrics;
    };

    beforeAll(async () => {
      [{ id: customerId }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
      jest.useFakeTimers({
        doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"],
      });
      // CLAIMS (NORMAL)
      await story("answeredAndResolved", "CLAIMS", "NORMAL", "2026-11-23T01:00:00.000Z", [["2026-11-23T02:00:00.000Z", "IN_PROGRESS"], ["2026-11-24T02:00:00.000Z", "RESOLVED"]]);
      // first response after 48 h: met late; the resolution deadline (Fri 27 Nov 10:00Z) passed while in progress
      await story("answeredLate", "CLAIMS", "NORMAL", "2026-11-23T01:00:00.000Z", [["2026-11-25T01:00:00.000Z", "IN_PROGRESS"]]);
      await story("waiting", "CLAIMS", "NORMAL", "2026-11-26T01:00:00.000Z", [["2026-11-26T01:30:00.000Z", "WAITING_ON_CUSTOMER"]]);
      await story("fresh", "CLAIMS", "NORMAL", "2026-11-29T20:00:00.000Z");
      // POLICY_SERVICE (URGENT: resolution due Mon 23 Nov 10:00Z without pauses)
      await story("resolvedLate", "POLICY_SERVICE", "URGENT", "2026-11-23T01:00:00.000Z", [["2026-11-23T02:00:00.000Z", "IN_PROGRESS"], ["2026-11-24T03:00:00.000Z", "RESOLVED"]]);
      // waiting since 01:30Z on the first day: past the unpaused deadline a week ago, but its clock stands still
      await story("pausedLong", "POLICY_SERVICE", "URGENT", "2026-11-23T01:00:00.000Z", [["2026-11-23T01:30:00.000Z", "WAITING_ON_CUSTOMER"]]);
      // waited Mon 01:30Z – Wed 01:00Z (17.5 business hours): due Wed 25 Nov 09:30Z, resolved at 09:00Z — in time only with the pause counted
      await story("resolvedAfterPause", "POLICY_SERVICE", "URGENT", "2026-11-23T01:00:00.000Z", [
        ["2026-11-23T01:30:00.000Z", "WAITING_ON_CUSTOMER"], ["2026-11-25T01:00:00.000Z", "IN_PROGRESS"], ["2026-11-25T09:00:00.000Z", "RESOLVED"],
      ]);
      // GENERAL: never answered, first response due Sat 28 Nov 00:00Z
      await story("unanswered", "GENERAL", "NORMAL", "2026-11-27T00:00:00.000Z");
    });
    afterAll(() => jest.useRealTimers());

    it("stores readSlaClock's verdict when a milestone is met, NULL while it is not", async () => {
      const verdicts = async (name: string) =>
        (await app.db.query(`SELECT first_response_breached AS "firstResponse", resolution_breached AS "resolution" FROM service_case WHERE id = $1`, [ids[name]]))[0];
      expect(await verdicts("answeredAndResolved")).toEqual({ firstResponse: false, resolution: false });
      expect(await verdicts("answeredLate")).toEqual({ firstResponse: true, resolution: null });
      expect(await verdicts("resolvedLate")).toEqual({ firstResponse: false, resolution: true });
      expect(await verdicts("resolvedAfterPause")).toEqual({ firstResponse: false, resolution: false });
      expect(await verdicts("unanswered")).toEqual({ firstResponse: null, resolution: null });
    });

    it("counts cases, SLA attainment, the backlog and its ageing per queue, exactly", async () => {
      const metrics = await metricsAt(Role.ADMIN);
      const ageing = (underOneDay: number, oneToThreeDays: number, threeToSevenDays: number, overSevenDays: number) => ({ underOneDay, oneToThreeDays, threeToSevenDays, overSevenDays });
      const cases = (g: Record<string, unknown>) => ({
        key: g.key, cases: g.cases, firstResponseAttainment: g.firstResponseAttainment, resolutionAttainment: g.resolutionAttainment,
        openCases: g.openCases, breachedOpenCases: g.breachedOpenCases, openCaseAgeing: g.openCaseAgeing, oldestOpenCaseAgeHours: g.oldestOpenCaseAgeHours,
      });
      expect(metrics.groups.map(cases)).toEqual([
        // first response: 2 in time of 3 due (answeredLate was met late; fresh is not due yet);
        // resolution: answeredAndResolved in time, answeredLate past its running deadline; waiting has no deadline (paused)
        // open: answeredLate 169 h (7 days 1 hour), waiting 97 h, fresh 6 h; breached: answeredLate only
        { key: "CLAIMS", cases: 4, firstResponseAttainment: 2 / 3, resolutionAttainment: 0.5, openCases: 3, breachedOpenCases: 1, openCaseAgeing: ageing(1, 0, 1, 1), oldestOpenCaseAgeHours: 169 },
        // first response due since Saturday: 0 of 1; its resolution is due Thursday 3 December: not yet
        { key: "GENERAL", cases: 1, firstResponseAttainment: 0, resolutionAttainment: null, openCases: 1, breachedOpenCases: 1, openCaseAgeing: ageing(0, 0, 1, 0), oldestOpenCaseAgeHours: 74 },
        // resolution: resolvedLate late, resolvedAfterPause in time; pausedLong neither due nor breached
        { key: "POLICY_SERVICE", cases: 3, firstResponseAttainment: 1, resolutionAttainment: 0.5, openCases: 1, breachedOpenCases: 0, openCaseAgeing: ageing(0, 0, 0, 1), oldestOpenCaseAgeHours: 169 },
      ]);
      expect(cases(metrics.overall)).toEqual({
        key: null, cases: 8, firstResponseAttainment: 5 / 7, resolutionAttainment: 0.5, openCases: 5, breachedOpenCases: 2, openCaseAgeing: ageing(1, 0, 2, 2), oldestOpenCaseAgeHours: 169,
      });
      // no contact, complaint or claim in the period: the queues hold cases only
      expect(metrics.overall).toMatchObject({ interactions: 0, complaints: 0, claimsFiled: 0 });
    });

    it("does not read attainment off the running deadlines alone: milestones met late have none left", async () => {
      // read from `breach_at < now` only, a met milestone has no deadline left and looks in time:
      // CLAIMS' first response would be 3/3 (answeredLate) and POLICY_SERVICE's resolution 2/2 (resolvedLate)
      const [claims, , policyService] = (await metricsAt(Role.ADMIN)).groups;
      expect(claims.firstResponseAttainment).toBeCloseTo(2 / 3, 12);
      expect(policyService.resolutionAttainment).toBe(0.5);
      // and a paused case is not breached, though its unpaused deadline passed a week ago
      expect(await app.db.query(`SELECT resolution_breach_at FROM service_case WHERE id = $1`, [ids.pausedLong])).toEqual([{ resolution_breach_at: null }]);
      expect(policyService.breachedOpenCases).toBe(0);
    });

    it("counts a reopened case by its latest resolution, or as open while it is reopened", async () => {
      // URGENT, opened Friday 20 November 09:00 Shanghai: resolution due Friday 10:00Z; resolved late on Monday
      const day = { from: "2026-11-20T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" };
      const figuresOfDay = async () => {
        at(READ_AT);
        const res = await app.gql(SERVICE_METRICS, { token: await app.token(Role.ADMIN), variables: { ...day, groupBy: "QUEUE" } });
        const { cases, resolutionAttainment, openCases, breachedOpenCases } = res.body.data!.serviceMetrics.overall;
        return { cases, resolutionAttainment, openCases, breachedOpenCases };
      };
      await story("reopened", "GENERAL", "URGENT", "2026-11-20T01:00:00.000Z", [["2026-11-20T01:30:00.000Z", "IN_PROGRESS"], ["2026-11-23T02:00:00.000Z", "RESOLVED"]]);
      const resolutionVerdict = async () => (await app.db.query(`SELECT resolution_breached AS v FROM service_case WHERE id = $1`, [ids.reopened]))[0].v;
      expect(await resolutionVerdict()).toBe(true);
      expect(await figuresOfDay()).toEqual({ cases: 1, resolutionAttainment: 0, openCases: 0, breachedOpenCases: 0 });
      at("2026-11-23T03:00:00.000Z");
      await as(TRANSITION_CASE, { id: ids.reopened, to: "IN_PROGRESS", note: "Still not fixed" });
      // reopened: no verdict; its clock had run out before, so the running deadline is still Friday's
      expect(await resolutionVerdict()).toBeNull();
      expect(await figuresOfDay()).toEqual({ cases: 1, resolutionAttainment: 0, openCases: 1, breachedOpenCases: 1 });
      at("2026-11-23T05:00:00.000Z");
      await as(TRANSITION_CASE, { id: ids.reopened, to: "RESOLVED", note: "Fixed" });
      expect(await resolutionVerdict()).toBe(true);
      expect(await figuresOfDay()).toEqual({ cases: 1, resolutionAttainment: 0, openCases: 0, breachedOpenCases: 0 });
    });

    it("groups the same cases by channel and by assignee, and keeps them in the caller's row scope", async () => {
      const byChannel = await metricsAt(Role.ADMIN, "CHANNEL");
      expect(byChannel.groups.map((g: { key: string; cases: number; openCases: number }) => [g.key, g.cases, g.openCases])).toEqual([["EMAIL", 8, 5]]);
      const byHandler = await metricsAt(Role.ADMIN, "HANDLER");
      expect(byHandler.groups.map((g: { key: string | null; cases: number }) => [g.key, g.cases])).toEqual([[null, 8]]); // none assigned
      // the customer is in agent1's book: agent1 sees the figures, agent2 none of them
      expect((await metricsAt(Role.AGENT)).overall.cases).toBe(8);
      const otherBook = await metricsAt(Role.AGENT, "QUEUE", "agent2");
      expect(otherBook.groups).toEqual([]);
      expect(otherBook.overall).toMatchObject({ cases: 0, openCases: 0, firstResponseAttainment: null, oldestOpenCaseAgeHours: null });
    });
  });
});
