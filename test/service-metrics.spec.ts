import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, SEED_NOW, type GraphQLResponse, type TestApp } from "./support/app";
import { SERVICE_METRICS } from "./support/operations";

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const HOUR = 3_600_000;
const FROM = new Date(SEED_NOW.getTime() - 400 * 24 * HOUR);
const TO = SEED_NOW;

type GroupBy = "CHANNEL" | "MONTH" | "AGENT" | "HANDLER" | "REGION";
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
  const groups = new Map<string | null, { i: any[]; co: any[]; cl: any[] }>();
  const group = (key: string | null) => {
    if (!groups.has(key)) groups.set(key, { i: [], co: [], cl: [] });
    return groups.get(key)!;
  };
  const interactions = await app.db.query(`SELECT id, customer_id, staff_id, channel, direction, occurred_at, first_response_at, satisfaction FROM interaction`);
  const byId = new Map(interactions.map((i: any) => [i.id, i]));
  for (const i of interactions) {
    const occurredAt = new Date(i.occurred_at);
    if (!inScope(i.customer_id) || !inPeriod(occurredAt)) continue;
    const key = groupBy === "CHANNEL" ? i.channel : groupBy === "MONTH" ? month(occurredAt) : groupBy === "HANDLER" ? i.staff_id : ownerKey(i.customer_id);
    group(key).i.push(i);
  }
  for (const co of await app.db.query(`SELECT interaction_id, customer_id, received_at, due_at, resolved_at FROM complaint`)) {
    const receivedAt = new Date(co.received_at);
    if (!inScope(co.customer_id) || !inPeriod(receivedAt)) continue;
    const contact = byId.get(co.interaction_id) as any;
    const key = groupBy === "CHANNEL" ? contact.channel : groupBy === "MONTH" ? month(receivedAt) : groupBy === "HANDLER" ? contact.staff_id : ownerKey(co.customer_id);
    group(key).co.push(co);
  }
  for (const cl of await app.db.query(`SELECT cl.customer_id, cl.assigned_adjuster_id, cl.reported_at, cl.closed_at, cl.status, cl.approved_amount, p.sales_channel FROM claim cl JOIN policy p ON p.id = cl.policy_id`)) {
    const reportedAt = new Date(cl.reported_at);
    if (!inScope(cl.customer_id) || !inPeriod(reportedAt)) continue;
    const key = groupBy === "CHANNEL" ? cl.sales_channel : groupBy === "MONTH" ? month(reportedAt) : groupBy === "HANDLER" ? cl.assigned_adjuster_id : ownerKey(cl.customer_id);
    group(key).cl.push(cl);
  }
  const customersOf = (key: string | null | undefined) =>
    [...owners.entries()].filter(([id, o]) => inScope(id) && !o.erased && o.createdAt < TO && (key === undefined || ownerKey(id) === key)).length;
  if (groupBy === "AGENT" || groupBy === "REGION") {
    for (const [id, o] of owners) if (inScope(id) && !o.erased && o.createdAt < TO) group(ownerKey(id));
  }
  const figures = (rows: { i: any[]; co: any[]; cl: any[] }, customers: number): Figures => {
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
    };
  };
  const perGroup = groupBy === "AGENT" || groupBy === "REGION";
  const result = new Map<string | null, Figures>();
  const all = { i: [] as any[], co: [] as any[], cl: [] as any[] };
  for (const [key, rows] of groups) {
    result.set(`group:${key}`, figures(rows, perGroup ? customersOf(key) : customersOf(undefined)));
    all.i.push(...rows.i);
    all.co.push(...rows.co);
    all.cl.push(...rows.cl);
  }
  result.set("overall", figures(all, customersOf(undefined)));
  return result;
}

function expectFigures(actual: Figures, expected: Figures, label: string) {
  for (const [name, value] of Object.entries(expected)) {
    const got = actual[name];
    if (value === null || typeof value === "string" || typeof value === "boolean") expect([label, name, got]).toEqual([label, name, value]);
    else {
      expect([label, name, typeof got]).toEqual([label, name, "number"]);
      expect(got as number).toBeCloseTo(value, 6);
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

  it.each(["CHANNEL", "MONTH", "AGENT", "HANDLER", "REGION"] as GroupBy[])("matches an independent computation, grouped by %s", async (groupBy) => {
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

  it("answers an empty period with zeros and nulls", async () => {
    const res = await ask(admin, "CHANNEL", new Date("2000-01-01"), new Date("2000-02-01"));
    expect(res.body.data!.serviceMetrics.groups).toEqual([]);
    expect(res.body.data!.serviceMetrics.overall).toMatchObject({ interactions: 0, complaints: 0, claimsFiled: 0, satisfactionIndex: null, medianClaimCycleDays: null });
  });
});
