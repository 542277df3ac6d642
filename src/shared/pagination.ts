import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { BadUserInputError } from "./errors";
import type { CursorCodec, CursorPosition } from "./cursor-seal";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the previous page." })
  after?: string | null;
}

export type { CursorPosition } from "./cursor-seal";

export interface PageRequest {
  first: number;
  after: CursorPosition | null;
  /** Seals the cursors this page hands out (bound to the viewer and to this list and order). */
  cursors: CursorCodec;
}

/** Validates `first`/`after` once, for every list of the API. */
export function pageRequest(args: { first?: number | null; after?: string | null }, cursors: CursorCodec): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}`, { argument: "first", max: MAX_PAGE_SIZE });
  }
  return { first, after: args.after ? cursors.decode(args.after) : null, cursors };
}

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether more edges follow this page." })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: "Whether edges precede this page (true when `after` was given)." })
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
  /** Counted only when a client asks for totalCount. */
  count: () => Promise<number>;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: Promise<number>;
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

    counter: () => Promise<number>;

    @Field(() => Int, { description: "Number of items in the whole list (all pages)." })
    get totalCount(): Promise<number> {
      return this.counter();
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
