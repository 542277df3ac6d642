import { Role } from "../src/auth/role";
import { roleScope } from "../src/auth/row-scope";
import { loadConfig } from "../src/config";
import { buildServedSchema } from "../src/graphql/schema";
import { startHttpServer, type RunningServer } from "../src/http/server";
import { refreshSegmentCounts } from "../src/modules/segment/segment-counts";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

/**
 * Segment member counts kept ahead (SEGMENT_COUNT_REFRESH): every role with a role-wide scope is
 * counted in the background and a read answers from there, with the time of the count — the
 * same numbers a live count gives at that time, for every role and agent, FORBIDDEN where the role
 * may not use the rule; a segment changed since its count, and a role whose scope is not
 * role-wide (a service rep's verified callers), are counted live.
 */
const SEGMENTS = `{ segments(first: 50) { edges { node { id name memberCount memberCountAsOf } } } }`;

interface Counted {
  counts: Record<string, number | null>;
  asOf: Record<string, string | null>;
  forbidden: string[];
  statements: number;
}

describe("segment member counts kept ahead", () => {
  let app: TestApp;
  let live: RunningServer;

  beforeAll(async () => {
    // the schedule's own first run would come 10 s after start; it finds the specs' counts fresh (within 0.9 h) and leaves them
    app = await startTestApp({ customers: 60, env: { SEGMENT_COUNT_REFRESH: "1h" } });
    live = await startHttpServer(app.db, loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1" }), await buildServedSchema());
  });
  afterAll(async () => {
    await live?.stop();
    await app?.close();
  });

  async function counted(url: string, role: Role, user?: string, query = SEGMENTS): Promise<Counted> {
    const token = await app.token(role, user ? { user } : {});
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as any;
    const forbidden = (body.errors ?? []).map((error: any) => {
      expect(error.extensions.code).toBe("FORBIDDEN");
      return body.data.segments.edges[error.path[2]].node.name as string;
    });
    const nodes: any[] = body.data.segments.edges.map((edge: any) => edge.node);
    return {
      counts: Object.fromEntries(nodes.map((node) => [node.name, node.memberCount])),
      asOf: Object.fromEntries(nodes.map((node) => [node.name, node.memberCountAsOf])),
      forbidden: [...new Set<string>(forbidden)].sort(),
      statements: Number(response.headers.get("x-sql-statements")),
    };
  }

  const ROLES: [Role, string?][] = [[Role.ADMIN], [Role.MARKETING], [Role.COMPLIANCE], [Role.UNDERWRITER], [Role.CLAIMS_ADJUSTER], [Role.AGENT, "agent1"], [Role.AGENT, "agent2"]];

  it("answers every counted role and agent as a live count does, with the count's time, in one statement", async () => {
    const refresh = await refreshSegmentCounts(app.db);
    expect(refresh).not.toBeNull();
    const [{ segments }] = await app.db.query(`SELECT count(*)::int AS segments FROM segment`);
    expect(refresh!.segments).toBe(segments);
    expect(refresh!.rows).toBeGreaterThan(segments * 5);
    const asOf = refresh!.at.toISOString();
    const listOnly = (await counted(app.server.url, Role.ADMIN, undefined, `{ segments(first: 50) { edges { node { id name } } } }`)).statements;
    let nonZero = 0;
    for (const [role, user] of ROLES) {
      const stored = await counted(app.server.url, role, user);
      const now = await counted(live.url, role, user);
      expect({ role, user, counts: stored.counts, forbidden: stored.forbidden }).toEqual({ role, user, counts: now.counts, forbidden: now.forbidden });
      for (const [name, count] of Object.entries(stored.counts)) {
        if (count === null) continue;
        nonZero += count > 0 ? 1 : 0;
        expect(stored.asOf[name]).toBe(asOf); // from the refresh, not counted now
        expect(now.asOf[name]).not.toBe(asOf);
      }
      // the list, then one statement for every stored count (the live server: one with a subquery per segment)
      expect(stored.statements).toBe(listOnly + 1);
    }
    expect(nonZero).toBeGreaterThan(10);
  });

  it("serves the kept count until the next refresh, then the new one", async () => {
    await refreshSegmentCounts(app.db);
    const agent1 = staffIdFor("agent1");
    const before = await counted(app.server.url, Role.AGENT, "agent1");
    const [segment, count] = Object.entries(before.counts).find(([, n]) => n !== null && n > 0)!;
    // one of agent1's members of that segment moves to agent2's book
    const members = await app.gql(`query M($first: Int) { segments(first: 50) { edges { node { name members(first: $first) { edges { node { id } } } } } } }`, {
      token: await app.token(Role.AGENT, { user: "agent1" }),
      variables: { first: 1 },
    });
    const moved = members.body.data?.segments.edges.find((edge: any) => edge.node.name === segment).node.members.edges[0].node.id;
    await app.db.query(`UPDATE customer SET assigned_agent_id = $1 WHERE id = $2 AND assigned_agent_id = $3`, [staffIdFor("agent2"), moved, agent1]);

    const stale = await counted(app.server.url, Role.AGENT, "agent1");
    expect(stale.counts[segment]).toBe(count);
    expect(stale.asOf[segment]).toBe(before.asOf[segment]);
    expect((await counted(live.url, Role.AGENT, "agent1")).counts[segment]).toBe(count! - 1);

    const refresh = await refreshSegmentCounts(app.db);
    const fresh = await counted(app.server.url, Role.AGENT, "agent1");
    expect(fresh.counts[segment]).toBe(count! - 1);
    expect(fresh.asOf[segment]).toBe(refresh!.at.toISOString());
  });

  it("counts a changed segment, and a role without a role-wide scope, live", async () => {
    await refreshSegmentCounts(app.db);
    const before = await counted(app.server.url, Role.ADMIN);
    const [segment] = Object.entries(before.counts).find(([, n]) => n !== null)!;
    await app.db.query(`UPDATE segment SET version = version + 1 WHERE name = $1`, [segment]);
    const listOnly = (await counted(app.server.url, Role.ADMIN, undefined, `{ segments(first: 50) { edges { node { id name } } } }`)).statements;
    const changed = await counted(app.server.url, Role.ADMIN);
    expect(changed.counts[segment]).toBe(before.counts[segment]);
    expect(Date.parse(changed.asOf[segment]!)).toBeGreaterThan(Date.parse(before.asOf[segment]!)); // counted now
    expect(changed.statements).toBe(listOnly + 2); // and the stored counts, the live count of the changed one

    expect(roleScope(Role.SERVICE_REP, "c")).toBeNull();
    const started = Date.now();
    const rep = await counted(app.server.url, Role.SERVICE_REP);
    for (const [name, count] of Object.entries(rep.counts)) if (count !== null) expect(Date.parse(rep.asOf[name]!)).toBeGreaterThanOrEqual(started - 1000);
  });

  it("agrees with the row scope: each agent's kept groups sum to the role-wide count", async () => {
    await refreshSegmentCounts(app.db);
    const rows: { segment_id: string; scope_group: string; member_count: number }[] = await app.db.query(
      `SELECT segment_id, scope_group, member_count FROM segment_member_count WHERE role = 'AGENT'`,
    );
    const totals = rows.filter((r) => r.scope_group === "");
    expect(totals.length).toBeGreaterThan(0);
    for (const total of totals) {
      const groups = rows.filter((r) => r.segment_id === total.segment_id && r.scope_group !== "");
      expect(groups.reduce((sum, r) => sum + r.member_count, 0)).toBe(total.member_count);
    }
    expect(rows.some((r) => r.scope_group === staffIdFor(DEFAULT_USERNAME_BY_ROLE.AGENT))).toBe(true);
  });

  it("leaves fresh counts to the process that made them", async () => {
    expect(await refreshSegmentCounts(app.db)).not.toBeNull();
    expect(await refreshSegmentCounts(app.db, { unlessNewerThanMs: 60_000 })).toBeNull();
    expect(await refreshSegmentCounts(app.db, { unlessNewerThanMs: 0 })).not.toBeNull();
  });
});
