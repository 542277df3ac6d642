import type DataLoader from "dataloader";
import type { ObjectLiteral } from "typeorm";
import type { Database } from "../db/data-source";
import type { Viewer } from "../auth/viewer";
import { childPageLoader, type ChildListSpec } from "../db/batched-pages";
import type { Page, PageRequest } from "../shared/pagination";
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
export function createLoaders(db: Database, viewer: Viewer) {
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
    childPages<T extends ObjectLiteral>(spec: ChildListSpec<T>, page: PageRequest): DataLoader<string, Page<T>> {
      const key = JSON.stringify([spec.table, spec.filters ?? {}, page]);
      let loader = pageLoaders.get(key);
      if (!loader) {
        loader = childPageLoader(db, spec, page) as unknown as DataLoader<string, Page<never>>;
        pageLoaders.set(key, loader);
      }
      return loader as unknown as DataLoader<string, Page<T>>;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
