import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { getArgumentValues, getVariableValues, type GraphQLSchema } from "graphql";
import { validateOrReject } from "class-validator";
import { AccessAuditCollector } from "../../auth/access-audit";
import type { AuditWriter } from "../../auth/audit-writer";
import { compiledReads } from "../../observability/metrics";
import { logger } from "../../shared/logger";
import { withheldResponse, writeRequestAudit } from "../audit-plugin";
import type { RequestContext } from "../../auth/request-context";
import { planOperation, type OperationPlan, type PermissionMap, type RootPlan } from "./read-plan";
import { isDatabaseUnavailable } from "../../db/database-errors";
import { DATABASE_UNAVAILABLE } from "../errors";
import { ReadResult } from "./read-result";
import { ReadStatement } from "./read-sql";
import { customerScope } from "../../auth/row-scope";
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

/** Answers a compiled plan: one statement per root list (plus a count where totalCount is asked). */
async function answer(plan: OperationPlan, ctx: RequestContext, variables: Record<string, unknown>, audit: AccessAuditCollector) {
  const data = Object.create(null) as Record<string, unknown>; // an alias may be named __proto__
  for (const root of plan.roots) {
    if (root.kind === "typename") {
      data[root.key] = root.value;
      continue;
    }
    try {
      data[root.key] = root.kind === "row" ? await answerRow(root, ctx, variables, audit) : await answerRoot(root, ctx, variables, audit);
    } catch (error) {
      throw new RootReadFailed(root.key, error);
    }
  }
  return data;
}

const scopeOf = (ctx: RequestContext) => (alias: string) => customerScope(ctx.viewer, alias);

/** A root that is one row by id: one statement (or none for an id that cannot match). */
async function answerRow(root: Extract<RootPlan, { kind: "row" }>, ctx: RequestContext, variables: Record<string, unknown>, audit: AccessAuditCollector) {
  const args = getArgumentValues(root.field, root.nodes[0], variables);
  const statement = new ReadStatement(ctx.db, variables, ctx.cursors, scopeOf(ctx));
  const result = new ReadResult(ctx.db, ctx, audit, statement);
  const where = root.root.where(ctx, args, "c");
  if (!where) return result.row(root.fields, null, root.shape, root.nonNull);
  const [found]: { row: Record<string, any> }[] = await ctx.db
    .createQueryBuilder()
    .select(statement.rowJson(root.shape, "c"), "row")
    .from(root.root.table, "c")
    .where(where.sql, where.params)
    .setParameters({ ...statement.params, ...where.params })
    .getRawMany();
  const answered = result.row(root.fields, found?.row ?? null, root.shape, root.nonNull);
  await result.settled();
  return answered;
}

async function answerRoot(root: Extract<RootPlan, { kind: "root" }>, ctx: RequestContext, variables: Record<string, unknown>, audit: AccessAuditCollector) {
  const args = getArgumentValues(root.field, root.nodes[0], variables);
  for (const [name, type] of Object.entries(root.root.validated)) {
    if (args[name] !== null && args[name] !== undefined) await validateOrReject(Object.assign(Object.create(type.prototype), args[name]), VALIDATION);
  }
  const pageQuery = await root.root.page(ctx, args);
  const page = pageQuery.page;
  const statement = new ReadStatement(ctx.db, variables, ctx.cursors, scopeOf(ctx));
  const raw: { row: Record<string, any> }[] = await pageQuery.query
    .select(statement.rowJson(root.shape, "c"), "row")
    .setParameters(statement.params)
    .getRawMany();
  const result = new ReadResult(ctx.db, ctx, audit, statement);
  const rows = result.prepare(raw.map((r) => r.row), root.shape);
  const answered = await result.connection(
    root.connection,
    {
      nodes: rows.slice(0, page.first),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after !== null,
      cursorOf: (node) => pageQuery.cursorOf(node as never),
      count: pageQuery.count,
    },
    root.shape.typeName,
  );
  await result.settled();
  return answered;
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
export function compiledReadsPlugin(writer: AuditWriter, enabled: boolean): ApolloServerPlugin<RequestContext> {
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
          let data: Record<string, unknown>;
          try {
            data = await answer(plan, ctx, variables.coerced, audit);
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
          ctx.audit = audit;
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
