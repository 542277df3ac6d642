import type { DataSource } from "typeorm";
import { getArgumentValues } from "graphql";
import type { AccessAuditCollector } from "../../auth/access-audit";
import type { Viewer } from "../../auth/viewer";
import type { RequestContext } from "../../auth/request-context";
import { releasePersonal } from "../../auth/field-guard";
import { relationCursor } from "../../db/relations";
import { countUpTo, requireCountLimit } from "../../shared/pagination";
import type { ConnectionPlan, DerivedResult, RelationPlan, RowShape, ValuePlan } from "./read-plan";
import type { ReadStatement } from "./read-sql";
import { FAULT } from "./read-text";
import { JsonText } from "../../shared/json-text";

type Row = Record<string, any>;

/**
 * Answer objects are plain object literals: V8 keeps them in fast mode, built and serialized about twice
 * as fast as objects without a prototype (which the executor builds). So that an alias named
 * `__proto__` stays a plain key rather than setting the prototype, keys are written with `put`.
 */
const answerObject = (): Row => ({});

/** Writes one key of an answer object (an own property even when the key is `__proto__`). */
export function put(out: Row, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** A value the executor would have answered differently (a null in a non-null field): the operation goes to the executor. */
export class NotCompiledValue extends Error {}

/** One page of a connection as the walker needs it. */
export interface PageOf {
  nodes: Row[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  cursorOf: (node: Row) => string;
  /** The list's size; with a limit, any number above it when there are more (Page.count). */
  count: (limit?: number) => number | Promise<number>;
  /** A page whose end cursor is not its last node's (offers: the last customer scanned, with or without an offer). */
  endCursor?: string | null;
  /** Nodes whose answer the statement wrote as text (read-text.ts). */
  texts?: NodeTexts;
}

/** Per node of a page: its answer text, and the personal values it released (one flag per path, 1 where released). */
export interface NodeTexts {
  typeName: string;
  paths: string[];
  of: Map<Row, { text: string; released: string }>;
}

/** A Relay connection a service built (edges with their cursors, pageInfo, its counter) as the walker reads it. */
export function pageOfConnection(connection: {
  edges: { cursor: string; node: object }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor?: string | null };
  counter: (limit?: number) => Promise<number>;
}): PageOf {
  const cursors = new Map<object, string>(connection.edges.map((edge) => [edge.node, edge.cursor]));
  return {
    nodes: connection.edges.map((edge) => edge.node as Row),
    hasNextPage: connection.pageInfo.hasNextPage,
    hasPreviousPage: connection.pageInfo.hasPreviousPage,
    cursorOf: (node) => cursors.get(node) as string,
    count: connection.counter,
    endCursor: connection.pageInfo.endCursor ?? null,
  };
}

const timestampsOf = new WeakMap<RowShape, string[]>();

/**
 * Turns the statement's JSON rows into the response, field by field as the plan says: the same
 * values the executor produces (leaf types serialize them), personal fields reduced and recorded
 * for the access audit exactly as the field guard does.
 */
export class ReadResult {
  readonly viewer: Viewer;
  /** Derived values being computed (their keys already hold their place in the answer). */
  private readonly pending: Promise<void>[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly ctx: RequestContext,
    readonly audit: AccessAuditCollector,
    private readonly statement: ReadStatement,
  ) {
    this.viewer = ctx.viewer;
  }

  /** Waits for every derived value of the answer (a failure sends the operation to the executor). */
  async settled(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }

  private derivedValue(result: DerivedResult, nonNull: boolean, value: unknown): unknown {
    if (value === null || value === undefined) {
      if (nonNull) throw new NotCompiledValue();
      return null;
    }
    return result.kind === "leaf" ? result.type.serialize(value) : this.values(result.fields, value as Row, result.typeName);
  }

  /** Rows as the entity carries them: timestamps as Dates, the entity's getters where asked for. */
  prepare(rows: Row[], shape: RowShape): Row[] {
    let timestamps = timestampsOf.get(shape);
    if (!timestamps) {
      const metadata = this.db.getMetadata(shape.entity);
      timestamps = [...shape.properties].filter((property) => {
        const column = metadata.findColumnWithPropertyName(property);
        return column !== undefined && String(this.db.driver.normalizeType(column)).startsWith("timestamp");
      });
      timestampsOf.set(shape, timestamps);
    }
    const prototype = shape.computed ? shape.entity.prototype : null;
    for (const row of rows) {
      for (const property of timestamps) if (row[property] !== null) row[property] = new Date(row[property]);
      if (prototype) Object.setPrototypeOf(row, prototype);
    }
    return rows;
  }

  values(plans: ValuePlan[], row: Row, typeName: string): Row {
    const out: Row = answerObject();
    for (const plan of plans) {
      switch (plan.kind) {
        case "typename":
          put(out, plan.key, plan.value);
          break;
        case "leaf": {
          let value = row[plan.property];
          if (value !== null && value !== undefined && plan.personal) {
            value = releasePersonal(this, typeName, plan.personal.path, plan.personal.reduce, value, row);
          }
          if (value === null || value === undefined) {
            if (plan.nonNull) throw new NotCompiledValue();
            put(out, plan.key, null);
          } else if (plan.list) {
            // a list's items are non-null leaves here; anything else is the executor's to answer
            if (!Array.isArray(value) || value.some((item) => item === null || item === undefined)) throw new NotCompiledValue();
            put(out, plan.key, value.map((item) => plan.type.serialize(item)));
          } else put(out, plan.key, plan.type.serialize(value));
          break;
        }
        case "object": {
          const value = row[plan.property];
          if (value === null || value === undefined) {
            if (plan.nonNull) throw new NotCompiledValue();
            put(out, plan.key, null);
          } else if (plan.list) {
            if (!Array.isArray(value) || value.some((item) => item === null || item === undefined)) throw new NotCompiledValue();
            put(out, plan.key, value.map((item) => this.values(plan.fields, item, plan.typeName ?? "")));
          } else put(out, plan.key, this.values(plan.fields, value, plan.typeName ?? ""));
          break;
        }
        case "relation":
          put(out, plan.key, this.relation(plan.relation, row[plan.relation.alias]));
          break;
        case "derived": {
          // the module's own code answers, on the row the statement built (its loaders primed with what was prefetched)
          if (plan.alias !== null) plan.derived.prefetch!.prime(this.ctx, row, row[plan.alias]);
          put(out, plan.key, null);
          this.pending.push(Promise.resolve(plan.derived.resolve(this.ctx, row)).then((value) => put(out, plan.key, this.derivedValue(plan.result, plan.nonNull, value))));
          break;
        }
      }
    }
    return out;
  }

  /** One row of a to-one relation or root, or null (a null the field may not hold sends the operation to the executor). */
  row(plans: ValuePlan[], json: Row | null, shape: RowShape, nonNull: boolean): Row | null {
    if (json === null || json === undefined) {
      if (nonNull) throw new NotCompiledValue();
      return null;
    }
    return this.values(plans, this.prepare([json], shape)[0], shape.typeName);
  }

  private relation(plan: RelationPlan, json: any): unknown {
    if (plan.relation.kind === "one") return this.row(plan.items ?? [], json, plan.shape, plan.nonNull);
    if (plan.relation.kind === "list") {
      const rows = this.prepare(json as Row[], plan.shape);
      return rows.map((row) => this.values(plan.items ?? [], row, plan.shape.typeName));
    }
    const child = this.statement.pages.get(plan.alias);
    if (!child || !plan.connection) throw new Error(`no page for ${plan.alias}`);
    const rows = this.prepare(json.rows as Row[], plan.shape);
    const page: PageOf = {
      nodes: rows.slice(0, child.page.first),
      hasNextPage: rows.length > child.page.first,
      hasPreviousPage: child.page.after !== null,
      cursorOf: (node) => relationCursor(child.columns, child.page.cursors, node),
      count: () => json.total as number,
    };
    return this.connection(plan.connection, page, plan.shape.typeName);
  }

  /** An edge whose node the statement wrote: its text, as the answer writer would write the edge object. */
  private edgeText(fields: Extract<ConnectionPlan["fields"][number], { kind: "edges" }>["fields"], node: Row, page: PageOf, texts: NodeTexts): JsonText {
    const parts: string[] = [];
    for (const field of fields) {
      const value = field.kind === "typename" ? JSON.stringify(field.value) : field.kind === "cursor" ? JSON.stringify(page.cursorOf(node)) : this.nodeText(node, texts);
      parts.push(`${JSON.stringify(field.key)}:${value}`);
    }
    return new JsonText(`{${parts.join(",")}}`);
  }

  /** A node's text, its personal values recorded as the field guard records them; a FAULT in it sends the operation to the executor. */
  private nodeText(node: Row, texts: NodeTexts): string {
    const { text, released } = texts.of.get(node) as { text: string; released: string };
    if (text.includes(FAULT)) throw new NotCompiledValue();
    for (let i = 0; i < released.length; i++) if (released[i] === "1") releasePersonal(this, texts.typeName, texts.paths[i], null, true, node);
    return text;
  }

  connection(plan: ConnectionPlan, page: PageOf, nodeType: string): Row | Promise<Row> {
    const out: Row = answerObject();
    const counted: Promise<void>[] = [];
    for (const field of plan.fields) {
      switch (field.kind) {
        case "typename":
          put(out, field.key, field.value);
          break;
        case "totalCount": {
          const count = page.count();
          put(out, field.key, typeof count === "number" ? count : null); // keeps the key's place in the answer
          if (typeof count !== "number") counted.push(count.then((n) => put(out, field.key, n)));
          break;
        }
        case "count": {
          const { limit } = getArgumentValues(field.field, field.node, this.statement.variables) as { limit: number };
          requireCountLimit(limit);
          const answer = (n: number) => {
            const found = countUpTo(n, limit);
            const value: Row = answerObject();
            for (const { key, name } of field.fields) put(value, key, name === "__typename" ? "ListCount" : found[name as "value" | "precision"]);
            put(out, field.key, value);
          };
          const count = page.count(limit);
          if (typeof count === "number") answer(count);
          else {
            put(out, field.key, null); // keeps the key's place in the answer
            counted.push(count.then(answer));
          }
          break;
        }
        case "pageInfo": {
          const first = page.nodes[0];
          const last = page.nodes[page.nodes.length - 1];
          const info: Row = answerObject();
          for (const { key, name } of field.fields) {
            if (name === "hasNextPage") put(info, key, page.hasNextPage);
            else if (name === "hasPreviousPage") put(info, key, page.hasPreviousPage);
            else if (name === "startCursor") put(info, key, first === undefined ? null : page.cursorOf(first));
            else if (name === "endCursor") put(info, key, page.endCursor !== undefined ? page.endCursor : last === undefined ? null : page.cursorOf(last));
            else put(info, key, "PageInfo");
          }
          put(out, field.key, info);
          break;
        }
        case "edges": {
          const texts = page.texts;
          const edges = page.nodes.map((node) => {
            if (texts) return this.edgeText(field.fields, node, page, texts);
            const edge: Row = answerObject();
            for (const edgeField of field.fields) {
              if (edgeField.kind === "typename") put(edge, edgeField.key, edgeField.value);
              else if (edgeField.kind === "cursor") put(edge, edgeField.key, page.cursorOf(node));
              else put(edge, edgeField.key, this.values(edgeField.fields, node, nodeType));
            }
            return edge;
          });
          put(out, field.key, edges);
          break;
        }
      }
    }
    return counted.length ? Promise.all(counted).then(() => out) : out;
  }
}
