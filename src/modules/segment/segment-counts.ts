import type { DataSource, EntityManager } from "typeorm";
import { Role } from "../../auth/role";
import { roleOf, type Viewer } from "../../auth/viewer";
import type { Database } from "../../db/data-source";
import { refreshExclusively, type RefreshOptions, type RefreshTarget } from "../../db/exclusive-refresh";
import { startScheduledRefresh } from "../../shared/periodic";
import { Segment } from "./segment.entity";
import { compileRule, parseRule, SqlParams } from "./segment-rule";
import { segmentRoleScope, usableRule } from "./segment.query";

/**
 * Segment member counts kept ahead (SEGMENT_COUNT_REFRESH). Counting a segment's members means
 * evaluating its rule over every customer in scope, which grows with the book (at 100,000
 * customers it ran past the statement timeout); so the server counts every segment for every role
 * whose scope is role-wide (roleScope: all customers, MARKETING's consenting ones, an agent's book
 * as one group per agent) in the background, and a read answers from there with the time of the
 * count. A segment changed since (its version), or a role counted per viewer in another way (a
 * service rep's verified callers), is counted live, as before. Each role's count uses the rule as
 * that role may evaluate it (authorizeRule) — exactly the count a live read would give — and a
 * rule the role may not use is not counted for it (the read stays FORBIDDEN).
 */

/** One segment's count for a viewer, and when it was counted. */
export interface MemberCount {
  count: number;
  asOf: Date;
}

/** Counting runs longer than a request may (the app's statement timeout): one background job. */
const REFRESH: RefreshTarget = {
  lockKey: "customer360:segment-counts",
  madeAt: { table: "segment_member_count", column: "computed_at" },
  timeout: "15min",
};

const countedRoles = (): Role[] => Object.values(Role).filter((role) => segmentRoleScope(role, "c") !== null);

interface CountRow {
  segment_id: string;
  segment_version: number;
  role: Role;
  scope_group: string;
  member_count: number;
  computed_at: Date;
}

/** A count statement shared by the roles whose scope and authorized rule come out the same. */
interface SharedCount {
  where: string;
  values: Record<string, unknown>;
  /** The viewer column a role of this statement groups by (an agent's book), if any. */
  viewerColumn: string | null;
  roles: { role: Role; perViewer: boolean }[];
}

/**
 * Counts of one segment for every counted role. Roles whose scope and authorized rule come out the
 * same share one statement (ADMIN, COMPLIANCE, …), and so do the roles that see the same customers
 * by viewer (AGENT's books) and as a whole: one scan grouped by GROUPING SETS ((book), ()), whose
 * total row is the whole's count and whose book rows are each agent's. A rule's per-customer
 * aggregates (interactions, policies) dominate a count, so each is evaluated once per customer.
 */
async function countSegment(db: EntityManager, segment: Segment, at: Date): Promise<CountRow[]> {
  const shared = new Map<string, SharedCount>();
  for (const role of countedRoles()) {
    const rule = usableRule(parseRule(segment.rule), role);
    if (rule instanceof Error) continue;
    const scope = segmentRoleScope(role, "c")!;
    const params = new SqlParams();
    const where = `(${scope.sql}) AND ${compileRule(rule, params)}`;
    const key = JSON.stringify([where, params.values]);
    const count = shared.get(key) ?? { where, values: params.values, viewerColumn: null, roles: [] };
    shared.set(key, count);
    if (scope.viewerColumn && count.viewerColumn && count.viewerColumn !== scope.viewerColumn) throw new Error(`two viewer columns in one count: ${count.viewerColumn}, ${scope.viewerColumn}`);
    count.viewerColumn ??= scope.viewerColumn;
    count.roles.push({ role, perViewer: scope.viewerColumn !== null });
  }
  const rows: CountRow[] = [];
  const row = (role: Role, group: string, n: number): CountRow => ({ segment_id: segment.id, segment_version: segment.version, role, scope_group: group, member_count: n, computed_at: at });
  for (const count of shared.values()) {
    const column = count.viewerColumn;
    const [sql, values] = db.connection.driver.escapeQueryWithParameters(
      column
        ? `SELECT GROUPING(${column}) AS total, CAST(${column} AS text) AS g, count(*)::int AS n FROM customer c WHERE ${count.where} GROUP BY GROUPING SETS ((${column}), ())`
        : `SELECT 1 AS total, NULL AS g, count(*)::int AS n FROM customer c WHERE ${count.where}`,
      count.values,
      {},
    );
    const counted: { total: number; g: string | null; n: number }[] = await db.query(sql, values);
    const books = counted.filter((c) => Number(c.total) === 0 && c.g !== null);
    const whole = Number(counted.find((c) => Number(c.total) === 1)?.n ?? 0);
    for (const { role, perViewer } of count.roles) {
      // the role-wide row ('') marks the role as counted: a viewer group without a row has no members
      if (!perViewer) rows.push(row(role, "", whole));
      else rows.push(row(role, "", books.reduce((sum, c) => sum + Number(c.n), 0)), ...books.map((c) => row(role, c.g!, Number(c.n))));
    }
  }
  return rows;
}

export interface SegmentCountRefresh {
  segments: number;
  rows: number;
  at: Date;
}

/**
 * Counts every segment for every counted role and replaces the stored counts, in one transaction
 * under an advisory lock (API replicas on the same schedule count once between them). Skipped
 * (null) while another process counts, or when the last counts are newer than `unlessNewerThanMs`.
 */
export async function refreshSegmentCounts(db: Database, options: RefreshOptions = {}): Promise<SegmentCountRefresh | null> {
  return refreshExclusively(db, REFRESH, options, async (manager, at) => {
    const segments = await manager.getRepository(Segment).find();
    const rows: CountRow[] = [];
    for (const segment of segments) rows.push(...(await countSegment(manager, segment, at)));
    // the counts were read in this transaction's snapshot of the segments: a segment changed since keeps its new version uncounted
    await manager.query(`DELETE FROM segment_member_count`);
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await manager.query(
        `INSERT INTO segment_member_count (segment_id, segment_version, role, scope_group, member_count, computed_at)
         SELECT u.* FROM unnest($1::uuid[], $2::int[], $3::varchar[], $4::varchar[], $5::int[], $6::timestamptz[]) AS u(segment_id, v, r, g, n, t)
         JOIN segment s ON s.id = u.segment_id`, // a segment deleted meanwhile is left out
        [chunk.map((r) => r.segment_id), chunk.map((r) => r.segment_version), chunk.map((r) => r.role), chunk.map((r) => r.scope_group), chunk.map((r) => r.member_count), chunk.map((r) => r.computed_at)],
      );
    }
    return { segments: segments.length, rows: rows.length, at };
  });
}

/**
 * The stored counts of these segments for a viewer, where the viewer's role is counted ahead and
 * the count is of the segment's current version (the others are missing from the map).
 */
export async function storedMemberCounts(db: DataSource, viewer: Viewer, segments: readonly Segment[]): Promise<Map<string, MemberCount>> {
  const role = roleOf(viewer);
  const scope = role && segmentRoleScope(role, "c");
  const found = new Map<string, MemberCount>();
  if (!scope || viewer.kind !== "staff" || segments.length === 0) return found;
  const group = scope.viewerColumn ? viewer.id : "";
  const rows: { segment_id: string; segment_version: number; scope_group: string; member_count: number; computed_at: Date }[] = await db.query(
    `SELECT segment_id, segment_version, scope_group, member_count, computed_at FROM segment_member_count
      WHERE role = $1 AND segment_id = ANY($2::uuid[]) AND scope_group IN ('', $3)`,
    [role, segments.map((s) => s.id), group],
  );
  for (const segment of segments) {
    const counted = rows.find((r) => r.segment_id === segment.id && r.scope_group === "" && r.segment_version === segment.version);
    if (!counted) continue;
    const own = group === "" ? counted : rows.find((r) => r.segment_id === segment.id && r.scope_group === group);
    found.set(segment.id, { count: own?.member_count ?? 0, asOf: new Date(counted.computed_at) });
  }
  return found;
}

/** The background count in the server (SEGMENT_COUNT_REFRESH). */
export function startSegmentCountRefresh(
  db: Database,
  everyMs: number,
  log: { done: (refresh: SegmentCountRefresh & { ms: number }) => void; failed: (err: unknown) => void },
): () => Promise<void> {
  return startScheduledRefresh(everyMs, (options) => refreshSegmentCounts(db, options), log);
}
