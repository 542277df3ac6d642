import type { RelationFace } from "./relations";

/** What a compiled statement brings for a derived value: a JSON subquery on the parent row's alias. */
export interface Prefetch<P> {
  /**
   * The subquery (correlated on the parent alias); request values go through `param`. `fields`: the
   * fields of the value's object the operation reads (null: all); what none of them needs may be left out.
   */
  sql: (parentAlias: string, param: (name: string, value: unknown) => string, fields: ReadonlySet<string> | null) => string;
  /** Primes the request's loaders with what the statement brought, so that `resolve` reads no SQL. */
  prime: (ctx: any, parent: P, json: unknown) => void;
}

/**
 * A value computed from a row by the module's own code (not a column, not a relation): the 360
 * summary of a customer, a risk score as a role may receive it. Declared once; its GraphQL field
 * is generated from it, the executor answers it with `resolve`, and compiled reads call the same
 * `resolve` on the rows their statement built (with `prefetch` priming the loaders it reads).
 */
export interface DerivedValue<P = any> {
  on: () => Function;
  field: string;
  face: RelationFace;
  resolve: (ctx: any, parent: P) => unknown;
  /** The parent's columns `resolve` reads (properties), or "all" (every plain column). */
  reads: string[] | "all";
  prefetch?: Prefetch<P>;
}

export function derived<P>(declaration: DerivedValue<P>): DerivedValue<P> {
  return declaration;
}

export function derivedName(value: DerivedValue): string {
  return `${value.on().name}.${value.field}`;
}
