import type DataLoader from "dataloader";
import type { ObjectLiteral } from "typeorm";
import type { Database } from "./data-source";
import {
  keyedRelationLoader, pageRelationLoader, relationColumns, relationListName, scopedLookupLoader,
  type ListRelation, type OneRelation, type PageRelation, type Relation, type ScopedLookup, type ScopeOn,
} from "./relations";
import { pageRequest, type Page } from "../shared/pagination";
import type { RequestCursors } from "../shared/cursor-seal";

/** Builds a module's loaders for one request from the data source and the viewer (`V`: auth's Viewer). */
export type LoaderFactory<V, T> = (db: Database, viewer: V) => T;

/**
 * The loaders of one request, knowing no module. Created for every request, never shared: a
 * loader's cache holds rows scoped to one viewer. Everything is made on first use: a module's
 * loaders once per factory (the factory is the key), a declared relation's loader once per
 * relation (and per filters and page for pages).
 */
export class RequestLoaders<V> {
  private readonly made = new Map<LoaderFactory<V, unknown>, unknown>();
  private readonly keyed = new Map<Relation, DataLoader<string, unknown>>();
  private readonly pages = new Map<string, DataLoader<string, Page<ObjectLiteral>>>();
  private readonly lookups = new Map<ScopedLookup, DataLoader<string, unknown>>();

  constructor(
    private readonly db: Database,
    private readonly viewer: V,
    private readonly scopeOn: ScopeOn,
    private readonly cursors: RequestCursors,
  ) {}

  /** The loaders a module declares (`<domain>.loaders.ts`), made for this request on first use. */
  get<T>(factory: LoaderFactory<V, T>): T {
    if (!this.made.has(factory)) this.made.set(factory, factory(this.db, this.viewer));
    return this.made.get(factory) as T;
  }

  /** The loader of a declared plain list (rows per parent value) or to-one (the row or null); shared by the GraphQL field and services. */
  relation<P, C>(relation: ListRelation<P, C>): DataLoader<string, C[]>;
  relation<P, C>(relation: OneRelation<P, C>): DataLoader<string, C | null>;
  relation(relation: Relation): DataLoader<string, unknown>;
  relation(relation: Relation): DataLoader<string, unknown> {
    let loader = this.keyed.get(relation);
    if (!loader) this.keyed.set(relation, (loader = keyedRelationLoader(this.db, relationColumns(this.db, relation), this.scopeOn)));
    return loader;
  }

  /** Rows by id under the viewer's row scope, as a module declares the look-up (out of scope → null). */
  byId<T>(found: ScopedLookup<T>): DataLoader<string, T | null> {
    let loader = this.lookups.get(found);
    if (!loader) this.lookups.set(found, (loader = scopedLookupLoader(this.db, found, this.scopeOn)));
    return loader as DataLoader<string, T | null>;
  }

  /** The page loader of a declared page relation with given arguments (one per distinct filters and page). */
  relationPage(relation: PageRelation<unknown, ObjectLiteral>, args: Record<string, unknown>): DataLoader<string, Page<ObjectLiteral>> {
    const columns = relationColumns(this.db, relation);
    const key = JSON.stringify([columns.table, columns.toColumn, relation.field, relation.filters?.(args) ?? {}, args.first ?? null, args.after ?? null]);
    let loader = this.pages.get(key);
    if (!loader) {
      const page = pageRequest(args as { first?: number | null; after?: string | null }, this.cursors.list(relationListName(columns)));
      this.pages.set(key, (loader = pageRelationLoader(this.db, columns, args, page, this.scopeOn)));
    }
    return loader;
  }
}
