import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import type { AuditWriter } from "../auth/audit-writer";
import { logger } from "../shared/logger";
import { auditWrites } from "../observability/metrics";
import type { RequestContext } from "../auth/request-context";
import { AccessAuditCollector } from "../auth/access-audit";
import { DomainError } from "../shared/errors";

/** Refusals of a use of a personal value (src/auth/use-policy.ts): decided before any SQL, recorded like refused reads. */
const REFUSED_USES = new Set(["USE_POLICY", "BAND_BOUNDARY", "LOOKUP_LIMIT"]);

/** The refused uses among a request's errors, as DENIED rows (no customer: a refused filter, sort or rule reads nobody). */
function refusedUses(errors: readonly { originalError?: unknown }[]): AccessAuditCollector {
  const collector = new AccessAuditCollector();
  for (const error of errors) {
    const original = error.originalError;
    if (!(original instanceof DomainError) || !REFUSED_USES.has(String(original.details.reason))) continue;
    if (typeof original.details.field === "string") collector.record(null, original.details.field, "DENIED");
  }
  return collector;
}

/** What a request gets instead of personal data whose access could not be recorded. */
export function withheldResponse(response: Pick<GraphQLResponse, "http" | "body">): void {
  response.http.status = 503;
  response.body = {
    kind: "single",
    singleResult: {
      data: null,
      errors: [{ message: "Personal data withheld: the access could not be recorded. Try again later.", extensions: { code: "UNAVAILABLE" } }],
    },
  };
}

/** Writes the request's access-audit rows (if any); false when the write failed. */
export async function writeRequestAudit(writer: AuditWriter, ctx: RequestContext, operationName: string | null | undefined): Promise<boolean> {
  if (ctx.audit.isEmpty) return true;
  try {
    await writer.write(ctx.audit.entries(ctx.viewer, operationName ?? "anonymous", ctx.requestId));
    auditWrites.inc({ outcome: "written" });
    return true;
  } catch (err) {
    auditWrites.inc({ outcome: "failed" });
    logger.error({ err, requestId: ctx.requestId }, "access audit write failed: personal data withheld");
    return false;
  }
}

/**
 * Writes the request's access-audit rows when execution ends, before the response is sent (grouped
 * with concurrent requests' rows into one INSERT by the AuditWriter). If that write fails, the
 * response is replaced: no personal data leaves without a record. (Compiled reads write their
 * rows themselves, see src/graphql/compiled/compiled-reads-plugin.ts.)
 */
export function accessAuditPlugin(writer: AuditWriter): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue: ctx }) {
      let recorded = true;
      let refusals: AccessAuditCollector | null = null;
      let operation: string | null | undefined;
      return {
        async didEncounterErrors({ errors, operationName }) {
          refusals = refusedUses(errors);
          operation = operationName;
        },
        async executionDidStart({ operationName }) {
          return {
            async executionDidEnd() {
              recorded = await writeRequestAudit(writer, ctx, operationName);
            },
          };
        },
        async willSendResponse({ response }) {
          if (!recorded && response.body.kind === "single") withheldResponse(response);
          // who tried a use the policy refuses is on record too; the answer holds no personal value either way
          if (refusals && !refusals.isEmpty && ctx.viewer) {
            await writer.write(refusals.entries(ctx.viewer, operation ?? "anonymous", ctx.requestId)).catch((err: unknown) => {
              logger.error({ err, requestId: ctx.requestId }, "access audit write of refused uses failed");
            });
          }
        },
      };
    },
  };
}
