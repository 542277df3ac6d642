import type DataLoader from "dataloader";
import type { RequestLoaderFactory } from "../../auth/request-context";
import type { Page, PageRequest } from "../../shared/pagination";
import type { TimelineKindDeclaration } from "./timeline.kinds";
import { timelinePageLoader } from "./timeline.query";
import type { TimelineEntry } from "./timeline.types";

export interface TimelineLoaders {
  /** One loader per (kinds, page) per request: the timelines of every customer asked in one statement. */
  page(key: string, kinds: readonly TimelineKindDeclaration[], page: PageRequest, cursorOf: (entry: TimelineEntry) => string): DataLoader<string, Page<TimelineEntry>>;
}

export const timelineLoaders: RequestLoaderFactory<TimelineLoaders> = (db) => {
  const pages = new Map<string, DataLoader<string, Page<TimelineEntry>>>();
  return {
    page(key, kinds, page, cursorOf) {
      let loader = pages.get(key);
      if (!loader) pages.set(key, (loader = timelinePageLoader(db, kinds, page, cursorOf)));
      return loader;
    },
  };
};
