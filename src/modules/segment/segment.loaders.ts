import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Viewer } from "../../auth/viewer";
import { Segment } from "./segment.entity";
import { parseRule } from "./segment-rule";
import { countMembers, membershipsOf } from "./segment.query";

export function segmentLoaders(db: DataSource, viewer: Viewer) {
  return {
    /** Member counts (in the viewer's scope) of many segments: one scan with a FILTER per segment. */
    segmentMemberCount: new DataLoader<Segment, number, string>(
      (segments) => countMembers(db, viewer, segments.map((segment) => parseRule(segment.rule))),
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
