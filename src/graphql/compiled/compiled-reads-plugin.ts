import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { getArgumentValues, getVariableValues, type GraphQLSchema } from "graphql";
import { validateOrReject } from "class-validator";
import { pageOf } from "../../shared/pagination";
import { AccessAuditCollector, type AuditOutcome } from "../../auth/access-audit";
import type { AuditWriter } from "../../auth/audit-writer";
import type { Viewer } from "../../auth/viewer";
import { auditWrites, compiledReads } from "../../observability/metrics";
import { logger } from "../../shared/logger";
import { withheldResponse, writeRequestAudit } from "../audit-plugin";
import type { RequestContext } from "../../auth/request-context";
import { planOperation, type OperationPlan, type PermissionMap, type RootPlan, type RowShape } from "./read-plan";
import { isDatabaseUnavailable } from "../../db/database-errors";
import { DATABASE_UNAVAILABLE } from "../errors";
import { put, ReadResult, type NodeTexts } from "./read-result";
import { AnswerText, TextNotPossible } from "./read-text";
import { ReadStatement } from "./read-sql";
import { AuditNotInStatement, AuditSelects, auditedRowSql, type AuditAuthor } from "./read-audit";
import { customerScope } from "../../auth/row-scope";
import { scopedEntitySource, type ScopedLookup } from "../../db/relations";
import { isUuid } from "../../shared/ids";
import { buildPermissionMap } from "../permissions";

const permissionMaps = new WeakMap<GraphQLSchema, PermissionMap>();

/** The shield map the served schema was built with (derived once per schema, as permissions() derives it). */
function permissionMapOf(schema: GraphQLSchema): PermissionMap {
  let map = permissionMaps.get(schema);
  if (!map) permissionMaps.set(schema, (map = buildPermissionMap(schema)));
  return map;
}

/** A root list whose read failed, with the response key the executor would name in the error's path. */
class RootReadFailed extends Error {
  constructor(readonly key: string, readonly reason: unknown) {
    super("compiled read failed");
  }
}

const VALIDATION = { skipMissingProperties: true, forbidUnknownValues: false };

/** Audit rows the answering statement wrote itself (see read-audit.ts), as the request would record them. */
type WrittenAudit = { customerId: string | null; fields: string[]; outcome: string }[];

/**
 * Answers a compiled plan: one statement per root list (plus a count where totalCount is asked).
 * An operation of one row root read by staff writes its access audit in that same statement
 * (`written`); otherwise the audit is written after the answer, grouped with other requests'.
 */
async function answer(plan: OperationPlan, ctx: RequestContext, variables: Record<string, unknown>, audit: AccessAuditCollector, author: AuditAuthor | null) {
  const data: Record<string, unknown> = {}; // keys written with put (an alias may be named __proto__)
  const reads = plan.roots.filter((root) => root.kind !== "typename");
  const inStatement = author !== null && reads.length === 1 && reads[0].kind === "row" ? author : null;
  let written: WrittenAudit | null = null;
  for (const root of plan.roots) {
    if (root.kind === "typename") {
      put(data, root.key, root.value);
      continue;
    }
    try {
      if (root.kind === "row") {
        const row = await answerRow(root, ctx, variables, audit, inStatement);
        put(data, root.key, row.answered);
        written = row.written;
      } else if (root.kind === "node") put(data, root.key, await answerNode(root, ctx, variables, audit));
      else if (root.kind === "computed") put(data, root.key, await answerComputed(root, ctx, variables, audit));
      else put(data, root.key, await answerRoot(root, ctx, variables, audit));
    } catch (error) {
      throw new RootReadFailed(root.key, error);
    }
  }
  return { data, written };
}

const scopeOf = (ctx: RequestContext) => (alias: string) => customerScope(ctx.viewer, alias);

/**
 * A root that is one row by id: one statement (or none for an id that cannot match). With an
 * author, the statement also computes and inserts the row's access-audit rows (a data-modifying
 * CTE): no second round trip, and no value is returned unless its audit rows were written.
 */
async function answerRow(
  root: Extract<RootPlan, { kind: "row" }>,
  ctx: RequestContext,
  variables: Record<string, unknown>,
  audit: AccessAuditCollector,
  author: AuditAuthor | null,
): Promise<{ answered: unknown; written: WrittenAudit | null }> {
  const args = getArgumentValues(root.field, root.nodes[0], variables);
  const statement = new ReadStatement(ctx.reader, variables, ctx.cursors, scopeOf(ctx));
  const result = new ReadResult(ctx.reader, ctx, audit, statement);
  if (!isRowId(args.id)) return { answered: result.row(root.fields, null, root.shape, root.nonNull), written: null };
  const answerSql = `SELECT ${rowById(statement, ctx, root.root.lookup, root.shape, args.id)} AS row`;
  const selects = author ? auditSelects(root, statement) : null;
  const sql = author && selects?.length ? auditedRowSql(answerSql, selects, author, (name, value) => statement.param(name, value)) : answerSql;
  const [text, values] = ctx.reader.driver.escapeQueryWithParameters(sql, statement.params, {});
  const [found]: { row: Record<string, any>; audit?: WrittenAudit | null }[] = await ctx.reader.query(text, values);
  const answered = result.row(root.fields, found?.row ?? null, root.shape, root.nonNull);
  await result.settled();
  return { answered, written: author && selects?.length ? (found?.audit ?? []) : null };
}

/** An id argument that can name a row (a UUID); any other answers null without a statement, as the services do. */
const isRowId = (id: unknown): id is string => typeof id === "string" && isUuid(id);

/** The JSON of one row by id, read as its module's scoped look-up reads it (the same table, join and row scope), as a scalar subquery. */
function rowById(statement: ReadStatement, ctx: RequestContext, lookup: ScopedLookup, shape: RowShape, id: string): string {
  const { from, scope } = scopedEntitySource(ctx.reader, lookup, "c", scopeOf(ctx));
  Object.assign(statement.params, scope.params);
  return `(SELECT ${statement.rowJson(shape, "c")} FROM ${from} WHERE c.id = ${statement.param("rowId", id)})`;
}

/**
 * `node(id)`: one statement that reads the id as each node type (under its row scope), in the node
 * module's order; the first type that has it answers, with that type's plan.
 */
async function answerNode(root: Extract<RootPlan, { kind: "node" }>, ctx: RequestContext, variables: Record<string, unknown>, audit: AccessAuditCollector) {
  const args = getArgumentValues(root.field, root.nodes[0], variables);
  const scopeOn = scopeOf(ctx);
  const statement = new ReadStatement(ctx.reader, variables, ctx.cursors, scopeOn);
  const result = new ReadResult(ctx.reader, ctx, audit, statement);
  const [first] = root.candidates;
  if (!isRowId(args.id)) return result.row(first.fields, null, first.shape, root.nonNull);
  const columns = root.candidates.map((candidate, i) => `${rowById(statement, ctx, candidate.lookup, candidate.shape, args.id as string)} AS n${i}`);
  const [text, values] = ctx.reader.driver.escapeQueryWithParameters(`SELECT ${columns.join(", ")}`, statement.params, {});
  const [found]: Record<string, Record<string, any> | null>[] = await ctx.reader.query(text, values);
  const index = root.candidates.findIndex((_, i) => found[`n${i}`] !== null);
  const candidate = index < 0 ? first : root.candidates[index];
  const answered = result.row(candidate.fields, index < 0 ? null : found[`n${index}`], candidate.shape, root.nonNull);
  await result.settled();
  return answered;
}

/** The audit SELECTs of a row's plan, or null when one of its personal values is derived in JavaScript only. */
function auditSelects(root: Extract<RootPlan, { kind: "row" }>, statement: ReadStatement): string[] | null {
  try {
    return new AuditSelects(statement).root(root.fields, root.shape, "answer").selects;
  } catch (error) {
    if (error instanceof AuditNotInStatement) return null;
    throw error;
  }
}

async function answerRoot(root: Extract<RootPlan, { kind: "root" }>, ctx: RequestContext, variables: Record<string, unknown>, audit: AccessAuditCollector) {
  const args = getArgumentValues(root.field, root.nodes[0], variables);
  for (const [name, type] of Object.entries(root.root.validated)) {
    if (args[name] !== null && args[name] !== undefined) await validateOrReject(Object.assign(Object.create(type.prototype), args[name]), VALIDATION);
  }
  const pageQuery = await root.root.page(ctx, args);
  const page = pageQuery.page;
  const text = answerText(root, ctx, variables);
  const statement = text?.statement ?? new ReadStatement(ctx.reader, variables, ctx.cursors, scopeOf(ctx));
  const query = pageQuery.query.select(statement.rowJson(text?.shape ?? root.shape, "c"), "row");
  if (text) query.addSelect(text.node, "text").addSelect(text.released, "released");
  const raw: { row: Record<string, any>; text?: string; released?: string }[] = await query.setParameters(statement.params).getRawMany();
  const result = new ReadResult(ctx.reader, ctx, audit, statement);
  const rows = result.prepare(raw.map((r) => r.row), text?.shape ?? root.shape);
  const texts: NodeTexts | undefined = text
    ? { typeName: root.shape.typeName, paths: text.paths, of: new Map(raw.map((r, i) => [rows[i], { text: r.text as string, released: r.released as string }])) }
    : undefined;
  const paged = pageOf(rows, page);
  const answered = await result.connection(
    root.connection,
    { ...paged, cursorOf: (node) => pageQuery.cursorOf(node as never), count: pageQuery.count, texts },
    root.shape.typeName,
  );
  await result.settled();
  if (text) ctx.textRows = (ctx.textRows ?? 0) + paged.nodes.length;
  return answered;
}

/** Root plans whose node the statement cannot write as text (learnt once per plan). */
const notText = new WeakSet<RootPlan>();
/** Per root plan: what its rows carry besides the text (the id, the cursor's columns, the customer the audit names). */
const textShapes = new WeakMap<RootPlan, RowShape>();

/**
 * The text of a list root's node, built by the statement (read-text.ts), when the root's edges ask
 * for exactly one node and SQL can write all of it; null otherwise (the JSON rows answer).
 */
function answerText(root: Extract<RootPlan, { kind: "root" }>, ctx: RequestContext, variables: Record<string, unknown>) {
  if (notText.has(root)) return null;
  const edges = root.connection.fields.flatMap((field) => (field.kind === "edges" ? [field] : []));
  const nodes = edges.length === 1 ? edges[0].fields.flatMap((field) => (field.kind === "node" ? [field] : [])) : [];
  if (nodes.length !== 1) {
    notText.add(root);
    return null;
  }
  const statement = new ReadStatement(ctx.reader, variables, ctx.cursors, scopeOf(ctx));
  const text = new AnswerText(ctx.reader, statement);
  let node: string;
  try {
    node = text.object(nodes[0].fields, root.shape, "c", true);
  } catch (error) {
    if (!(error instanceof TextNotPossible)) throw error;
    notText.add(root);
    return null;
  }
  let shape = textShapes.get(root);
  if (!shape) {
    const kept = ["id", ...(root.connection.cursors ? root.root.cursorProperties : []), ...(root.shape.properties.has("customerId") ? ["customerId"] : [])];
    shape = { ...root.shape, properties: new Set(kept), relations: [], prefetches: [], computed: false };
    textShapes.set(root, shape);
  }
  return { statement, node, released: text.releasedFlags(), paths: text.released.map((value) => value.path), shape };
}

/** A computed page (offers): the service answers, validated as the executor would; the plan walks its objects. */
async function answerComputed(root: Extract<RootPlan, { kind: "computed" }>, ctx: RequestContext, variables: Record<string, unknown>, audit: AccessAuditCollector) {
  const args = getArgumentValues(root.field, root.nodes[0], variables);
  await validateOrReject(Object.assign(Object.create(root.root.args.prototype), args), VALIDATION);
  const page = await root.root.page(ctx, args, root.connection);
  const result = new ReadResult(ctx.reader, ctx, audit, new ReadStatement(ctx.reader, variables, ctx.cursors, scopeOf(ctx)));
  const answered = await result.connection(root.connection, page, root.typeName);
  await result.settled();
  return answered;
}

/**
 * What the answer released (recorded by the walk, as the field guard records) but the statement's
 * own audit rows do not cover. Normally nothing; if the two ever disagree, the rest is written the
 * usual way before the response leaves, so the audit never records less than was released.
 */
function unwritten(released: AccessAuditCollector, written: WrittenAudit, viewer: Viewer, author: AuditAuthor, writer: AuditWriter): AccessAuditCollector {
  const key = (row: { customerId?: string | null; fields?: string[]; outcome?: string }) => `${row.customerId ?? ""}|${row.outcome}|${(row.fields ?? []).join(",")}`;
  const stored = new Set(written.map(key));
  const rest = new AccessAuditCollector();
  const expected = released.entries(viewer, author.operation, author.requestId);
  for (const row of expected) {
    if (stored.has(key(row))) continue;
    for (const field of row.fields ?? []) rest.record(row.customerId ?? null, field, row.outcome as AuditOutcome);
  }
  if (!rest.isEmpty || expected.length !== written.length) {
    logger.error({ requestId: author.requestId, expected: expected.map(key).sort(), written: written.map(key).sort() }, "compiled read: the statement's audit rows differ from the values released");
  }
  if (written.length) auditWrites.inc({ outcome: "written" });
  writer.observeWritten(written.map((row) => ({ ...row, actorId: author.actorId, role: author.role, purpose: author.purpose, operation: author.operation, requestId: author.requestId })));
  return rest;
}

/**
 * Compiled reads: list operations whose every field the plan knows (src/graphql/compiled/relations.ts)
 * are answered by one SQL statement that builds each row and its nested lists as JSON, instead of
 * field-by-field execution (PostGraphile-style). Authorization is decided while planning, from the
 * same policy table the shield and field guard use: a personal field the role reads in full or
 * reduced is compiled (reduced and audited here as the guard does); consent-bound or denied fields,
 * anonymous callers, mutations, directives and anything not listed go to the executor unchanged.
 * Any error while answering (bad arguments, cursors, database) also hands the operation to the
 * executor, which answers it with its usual codes; nothing is recorded for the abandoned attempt.
 */
export function compiledReadsPlugin(writer: AuditWriter, enabled: boolean, auditInRead = false): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      if (!enabled) return;
      return {
        async responseForOperation(request: GraphQLRequestContext<RequestContext>): Promise<GraphQLResponse | null> {
          const ctx = request.contextValue;
          const { document, operation, schema } = request;
          if (ctx.viewer.kind === "anonymous" || !document || !operation) return null;
          const plan = planOperation(schema, ctx.db, document, operation, ctx.viewer.role, permissionMapOf(schema));
          if (!plan) return null;
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.request.variables ?? {});
          if (variables.errors) return null;
          const audit = new AccessAuditCollector();
          const viewer = ctx.viewer;
          // the audit rows in the read's own statement need the primary: a replica's read is audited the usual way
          const author: AuditAuthor | null = auditInRead && viewer.kind === "staff" && ctx.reader === ctx.db
            ? { actorId: viewer.id, role: viewer.role, purpose: viewer.purpose, operation: request.operationName ?? "anonymous", requestId: ctx.requestId }
            : null;
          let data: Record<string, unknown>;
          let written: WrittenAudit | null;
          try {
            ({ data, written } = await answer(plan, ctx, variables.coerced, audit, author));
          } catch (error) {
            const failed = error instanceof RootReadFailed ? error : null;
            if (failed && isDatabaseUnavailable(failed.reason)) {
              // the executor would wait for the same database again (twice the acquire or statement
              // timeout): answer now as it would (503 + Retry-After are set by the observability plugin)
              compiledReads.inc({ outcome: "unavailable" });
              return {
                http: { status: undefined, headers: new HeaderMap() },
                body: { kind: "single", singleResult: { data: null, errors: [{ message: DATABASE_UNAVAILABLE, path: [failed.key], extensions: { code: "UNAVAILABLE" } }] } },
              };
            }
            compiledReads.inc({ outcome: "fallback" });
            logger.debug({ err: error, requestId: ctx.requestId }, "compiled read handed to the executor");
            return null;
          }
          compiledReads.inc({ outcome: "compiled" });
          ctx.audit = written && author ? unwritten(audit, written, viewer, author, writer) : audit;
          ctx.compiled = true;
          const response: Pick<GraphQLResponse, "http" | "body"> = {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: "single", singleResult: { data } },
          };
          if (!(await writeRequestAudit(writer, ctx, request.operationName))) withheldResponse(response);
          return response;
        },
      };
    },
  };
}
