import type DataLoader from "dataloader";
import type { ObjectLiteral } from "typeorm";
import type { Database } from "../db/data-source";
import type { Viewer } from "../auth/viewer";
import { customerScope } from "../auth/row-scope";
import { keyedRelationLoader, pageRelationLoader, relationColumns, relationListName, type PageRelation, type Relation, type ScopeOn } from "../db/relations";
import { pageRequest, type Page } from "../shared/pagination";
import type { RequestCursors } from "../shared/cursor-seal";
import { customerLoaders } from "../modules/customer/customer.loaders";
import { policyLoaders } from "../modules/policy/policy.loaders";
import { claimLoaders } from "../modules/claim/claim.loaders";
import { complaintLoaders } from "../modules/interaction/complaint.loaders";
import { segmentLoaders } from "../modules/segment/segment.loaders";
import { recommendationLoaders } from "../modules/recommendation/recommendation.loaders";
import { CURRENT_CONSENTS } from "../modules/consent/consent.relations";
import { RISK_PROFILE } from "../modules/risk/risk.relations";
import type { Consent } from "../modules/consent/consent.entity";
import type { RiskAssessment } from "../modules/risk/risk-assessment.entity";

/**
 * The loaders of one request. Created in the context factory for every request, never shared:
 * a loader's cache holds rows scoped to one viewer. The loaders of declared relations are made on
 * first use, one per relation (and per page arguments for pages).
 */
export function createLoaders(db: Database, viewer: Viewer, cursors: RequestCursors) {
  const scopeOn: ScopeOn = (alias) => customerScope(viewer, alias);
  const keyed = new Map<Relation, DataLoader<string, unknown>>();
  const pages = new Map<string, DataLoader<string, Page<ObjectLiteral>>>();
  const relationLoader = (relation: Relation): DataLoader<string, unknown> => {
    let loader = keyed.get(relation);
    if (!loader) keyed.set(relation, (loader = keyedRelationLoader(db, relationColumns(db, relation), scopeOn)));
    return loader;
  };
  return {
    ...customerLoaders(db, viewer),
    ...policyLoaders(db, viewer),
    ...claimLoaders(db, viewer),
    ...complaintLoaders(db, viewer),
    ...segmentLoaders(db, viewer),
    ...recommendationLoaders(db),
    /** The loader of a declared plain list or to-one relation (rows per parent value, or the row or null). */
    relation: relationLoader,
    /** The page loader of a declared page relation with given arguments (one per distinct filters and page). */
    relationPage(relation: PageRelation<unknown, ObjectLiteral>, args: Record<string, unknown>): DataLoader<string, Page<ObjectLiteral>> {
      const columns = relationColumns(db, relation);
      const key = JSON.stringify([columns.table, columns.toColumn, relation.field, relation.filters?.(args) ?? {}, args.first ?? null, args.after ?? null]);
      let loader = pages.get(key);
      if (!loader) {
        const page = pageRequest(args as { first?: number | null; after?: string | null }, cursors.list(relationListName(columns)));
        pages.set(key, (loader = pageRelationLoader(db, columns, args, page, scopeOn)));
      }
      return loader;
    },
    /** Relation loaders services read too (shared with the GraphQL fields, so one request reads them once). */
    get currentConsentsByCustomerId() {
      return relationLoader(CURRENT_CONSENTS) as DataLoader<string, Consent[]>;
    },
    get riskProfileByCustomerId() {
      return relationLoader(RISK_PROFILE) as DataLoader<string, RiskAssessment | null>;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
