import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { roleOf, type Viewer } from "../../auth/viewer";
import { Segment } from "./segment.entity";
import { parseRule } from "./segment-rule";
import { countMembers, membershipsOf, usableRule } from "./segment.query";
import { storedMemberCounts, type MemberCount } from "./segment-counts";

async function liveCounts(db: DataSource, viewer: Viewer, segments: readonly Segment[]): Promise<(MemberCount | Error)[]> {
  if (segments.length === 0) return [];
  const asOf = new Date();
  const counts = await countMembers(db, viewer, segments.map((segment) => parseRule(segment.rule)));
  return counts.map((count) => (count instanceof Error ? count : { count, asOf }));
}

export function segmentLoaders(db: DataSource, viewer: Viewer) {
  return {
    /** Member counts (in the viewer's scope) of many segments, counted now: one statement with a subquery per segment. */
    liveMemberCount: new DataLoader<Segment, MemberCount, string>(
      (segments) => liveCounts(db, viewer, segments),
      { cacheKeyFn: (segment) => segment.id },
    ),
    /** The same from the counts kept ahead (SEGMENT_COUNT_REFRESH): one statement; live for a segment not counted in its current version. */
    storedMemberCount: new DataLoader<Segment, MemberCount, string>(
      async (segments) => {
        const allowed = segments.map((segment) => usableRule(parseRule(segment.rule), roleOf(viewer)));
        const stored = await storedMemberCounts(db, viewer, segments.filter((_, i) => !(allowed[i] instanceof Error)));
        const missing = segments.filter((segment, i) => !stored.has(segment.id) && !(allowed[i] instanceof Error));
        const live = new Map((await liveCounts(db, viewer, missing)).map((count, i) => [missing[i].id, count]));
        return segments.map((segment, i) => (allowed[i] instanceof Error ? (allowed[i] as Error) : (stored.get(segment.id) ?? live.get(segment.id)!)));
      },
      { cacheKeyFn: (segment) => segment.id },
    ),
    /** Segments each customer belongs to: the segments, then one statement for all customers × segments. */
    segmentsByCustomerId: new DataLoader<string, Segment[]>(async (customerIds) => {
      const segments = await db.getRepository(Segment).find({ order: { name: "ASC" } });
      const byId = new Map(segments.map((segment) => [segment.id, segment]));
      const memberships = await membershipsOf(db, viewer, customerIds, segments.map((s) => ({ id: s.id, rule: parseRule(s.rule) })));
      return customerIds.map((id) => (memberships.get(id) ?? []).map((segmentId) => byId.get(segmentId) as Segment));
    }),
  };
}
