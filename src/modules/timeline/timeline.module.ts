import type { DomainModule } from "../domain-module";
import { TimelineResolver } from "./timeline.resolver";

/** The customer timeline: no table of its own; it reads the tables TIMELINE_KINDS declares. */
export const timelineModule: DomainModule = {
  name: "timeline",
  entities: [],
  resolvers: [TimelineResolver],
  permissions: [],
};
