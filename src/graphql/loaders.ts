import type DataLoader from "dataloader";
import type { ObjectLiteral } from "typeorm";
import type { Database } from "../db/data-source";
import type { Viewer } from "../auth/viewer";
import { childListName, childPageLoader, type ChildListSpec } from "../db/batched-pages";
import { pageRequest, type Page } from "../shared/pagination";
import type { RequestCursors } from "../shared/cursor-seal";
import { customerLoaders } from "../modules/customer/customer.loaders";
import { householdLoaders } from "../modules/household/household.loaders";
import { consentLoaders } from "../modules/consent/consent.loaders";
import { policyLoaders } from "../modules/policy/policy.loaders";
import { claimLoaders } from "../modules/claim/claim.loaders";
import { interactionLoaders } from "../modules/interaction/interaction.loaders";
import { complaintLoaders } from "../modules/interaction/complaint.loaders";
import { riskLoaders } from "../modules/risk/risk.loaders";
import { segmentLoaders } from "../modules/segment/segment.loaders";
import { recommendationLoaders } from "../modules/recommendation/recommendation.loaders";

/**
 * The loaders of one request. Created in the context factory for every request, never shared:
 * a loader's cache holds rows scoped to one viewer.
 */
export function createLoaders(db: Database, viewer: Viewer, cursors: RequestCursors) {
  const pageLoaders = new Map<string, DataLoader<string, Page<never>>>();
  return {
    ...customerLoaders(db, viewer),
    ...householdLoaders(db, viewer),
    ...consentLoaders(db),
    ...policyLoaders(db, viewer),
    ...claimLoaders(db, viewer),
    ...interactionLoaders(db),
    ...complaintLoaders(db, viewer),
    ...riskLoaders(db),
    ...segmentLoaders(db, viewer),
    ...recommendationLoaders(db),
    /** The page loader of one child list with given filters and page arguments (one per distinct arguments). */
    childPages<T extends ObjectLiteral>(spec: ChildListSpec<T>, args: { first?: number | null; after?: string | null }): DataLoader<string, Page<T>> {
      const key = JSON.stringify([spec.table, spec.filters ?? {}, args.first ?? null, args.after ?? null]);
      let loader = pageLoaders.get(key);
      if (!loader) {
        const page = pageRequest(args, cursors.list(childListName(spec)));
        loader = childPageLoader(db, spec, page) as unknown as DataLoader<string, Page<never>>;
        pageLoaders.set(key, loader);
      }
      return loader as unknown as DataLoader<string, Page<T>>;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
