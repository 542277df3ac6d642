import type { DomainModule } from "../domain-module";
import { Segment } from "./segment.entity";
import { SegmentMutations } from "./segment.mutations";
import { segmentPermissions } from "./segment.permissions";
import { CustomerSegmentsResolver, SegmentResolver } from "./segment.resolver";

export const segmentModule: DomainModule = {
  name: "segment",
  entities: [Segment],
  resolvers: [SegmentResolver, CustomerSegmentsResolver, SegmentMutations],
  permissions: [segmentPermissions],
};
