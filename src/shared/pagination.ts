import { Arg, ArgsType, Field, Int, ObjectType, registerEnumType, type ClassType } from "type-graphql";
import { BadUserInputError } from "./errors";
import type { CursorCodec, CursorPosition } from "./cursor-seal";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** How many items `count` reads at most unless asked for more, and the most it may be asked to read. */
export const DEFAULT_COUNT_LIMIT = 10_000;
export const MAX_COUNT_LIMIT = 100_000;

export enum CountPrecision {
  EXACT = "EXACT",
  AT_LEAST = "AT_LEAST",
}
registerEnumType(CountPrecision, {
  name: "CountPrecision",
  description: "Whether a list's count is its size or a lower bound of it.",
  valuesConfig: {
    EXACT: { description: "The list has exactly `value` items." },
    AT_LEAST: { description: "The list has more than `limit` items; `value` is the limit (counting stopped there)." },
  },
});

@ObjectType({ description: "The size of a list, counted up to a limit so that the cost does not grow with the data." })
export class ListCount {
  @Field(() => Int, { description: "The number of items, or the limit when there are more (precision AT_LEAST)." })
  value: number;

  @Field(() => CountPrecision, { description: "EXACT, or AT_LEAST when the list has more items than the limit." })
  precision: CountPrecision;
}

/**
 * Counts a list up to `limit` items: `counter(limit)` answers the size, or any number above
 * `limit` when there are more (it needs to read only `limit + 1` items).
 */
export async function listCount(counter: (limit?: number) => Promise<number>, limit: number): Promise<ListCount> {
  requireCountLimit(limit);
  return countUpTo(await counter(limit), limit);
}

/** Refuses a count limit out of range (BAD_USER_INPUT). */
export function requireCountLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_COUNT_LIMIT) {
    throw new BadUserInputError(`limit must be between 1 and ${MAX_COUNT_LIMIT}`, { argument: "limit", max: MAX_COUNT_LIMIT });
  }
}

/** The count of a list with `n` items (or `n` > limit: more than the limit) as asked up to `limit`. */
export function countUpTo(n: number, limit: number): ListCount {
  return Object.assign(new ListCount(), n > limit ? { value: limit, precision: CountPrecision.AT_LEAST } : { value: n, precision: CountPrecision.EXACT });
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the previous page." })
  after?: string | null;
}

@ArgsType()
export class BidirectionalPageArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: `Page backward: the last items before \`before\` (or of the list), 1–${MAX_PAGE_SIZE}; not with first/after.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge of the next page (paging backward: the page ends before it)." })
  before?: string | null;
}

export type { CursorPosition } from "./cursor-seal";

export interface PageRequest {
  /** The page size (`first`, or `last` when paging backward). */
  first: number;
  /** The cursor the page starts after (`after`), or ends before when paging backward (`before`). */
  after: CursorPosition | null;
  /** Seals the cursors this page hands out (bound to the viewer and to this list and order). */
  cursors: CursorCodec;
  /** `last`/`before`: the rows before the cursor, read in the reverse order and turned around (pageOf). */
  backward?: boolean;
}

/** Validates `first`/`after` (and, on the lists that page both ways, `last`/`before`) once, for every list of the API. */
export function pageRequest(args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null }, cursors: CursorCodec): PageRequest {
  const given = (value: unknown) => value !== null && value !== undefined;
  const backward = given(args.last) || given(args.before);
  if (backward && (given(args.first) || given(args.after))) {
    throw new BadUserInputError("Page forward (first, after) or backward (last, before), not both", { argument: given(args.first) ? "first" : "after" });
  }
  const name = backward ? "last" : "first";
  const size = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`${name} must be between 1 and ${MAX_PAGE_SIZE}`, { argument: name, max: MAX_PAGE_SIZE });
  }
  const cursor = backward ? args.before : args.after;
  return { first: size, after: cursor ? cursors.decode(cursor) : null, cursors, ...(backward ? { backward: true } : {}) };
}

/**
 * A page from the rows read for it (page size + 1, in the page's reading order): the nodes in the
 * list's order and whether more follow or precede. Backward, the rows were read in reverse.
 */
export function pageOf<T>(rows: T[], page: PageRequest): Pick<Page<T>, "nodes" | "hasNextPage" | "hasPreviousPage"> {
  const more = rows.length > page.first;
  const nodes = rows.slice(0, page.first);
  if (!page.backward) return { nodes, hasNextPage: more, hasPreviousPage: page.after !== null };
  return { nodes: nodes.reverse(), hasNextPage: page.after !== null, hasPreviousPage: more };
}

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether more edges follow this page (paging backward: true when `before` was given)." })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: "Whether edges precede this page (paging forward: true when `after` was given; backward: whether more precede)." })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first edge of the page." })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the page." })
  endCursor: string | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  cursorOf: (node: T) => string;
  /**
   * Counted only when a client asks for totalCount or count. With a limit, the answer may stop
   * at any number above it (only `limit + 1` items need be read); without, it is the exact size.
   */
  count: (limit?: number) => Promise<number>;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: Promise<number>;
  count: (limit: number) => Promise<ListCount>;
}

/** Builds the `XConnection` and `XEdge` object types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `An edge of a ${name} list.` })
  class Edge {
    @Field(() => String, { description: "Opaque cursor of this edge." })
    cursor: string;

    @Field(() => nodeType, { description: "The item." })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay connection).` })
  class ConnectionType {
    @Field(() => [Edge], { description: "Items of this page with their cursors." })
    edges: Edge[];

    @Field(() => PageInfo, { description: "Where this page stands in the list." })
    pageInfo: PageInfo;

    counter: (limit?: number) => Promise<number>;

    @Field(() => Int, {
      description: "Number of items in the whole list (all pages). Reads the whole list, so its cost grows with the data.",
      deprecationReason: "Reads the whole list; use count(limit:), which stops at its limit and says whether it is exact.",
    })
    get totalCount(): Promise<number> {
      return this.counter();
    }

    @Field(() => ListCount, { description: `Number of items in the whole list (all pages), counted up to limit (default ${DEFAULT_COUNT_LIMIT}).` })
    count(
      @Arg("limit", () => Int, { defaultValue: DEFAULT_COUNT_LIMIT, description: `Count at most this many items, 1–${MAX_COUNT_LIMIT}; beyond it the answer is AT_LEAST limit.` }) limit: number,
    ): Promise<ListCount> {
      return listCount(this.counter, limit);
    }
  }
  return ConnectionType;
}

export function toConnection<T, C extends object>(page: Page<T>, type: ClassType<C>): C {
  // cursors are encoded only when a client asks for them (most lists ask for nodes only)
  const edges = page.nodes.map((node) => ({
    node,
    get cursor(): string {
      return page.cursorOf(node);
    },
  }));
  const first = page.nodes[0];
  const last = page.nodes[page.nodes.length - 1];
  const pageInfo = Object.defineProperties(Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage }), {
    startCursor: { enumerable: true, get: () => (first === undefined ? null : page.cursorOf(first)) },
    endCursor: { enumerable: true, get: () => (last === undefined ? null : page.cursorOf(last)) },
  });
  return Object.assign(new type() as object, { edges, pageInfo, counter: page.count }) as C;
}
