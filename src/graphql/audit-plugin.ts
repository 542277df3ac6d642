import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import type { AuditWriter } from "../auth/audit-writer";
import { logger } from "../shared/logger";
import { auditWrites } from "../observability/metrics";
import type { RequestContext } from "./context";

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
  if (ctx.config?.exfiltrationAlert) writer.watchReads(ctx.config.exfiltrationAlert);
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
      return {
        async executionDidStart({ operationName }) {
          return {
            async executionDidEnd() {
              recorded = await writeRequestAudit(writer, ctx, operationName);
            },
          };
        },
        async willSendResponse({ response }) {
          if (!recorded && response.body.kind === "single") withheldResponse(response);
        },
      };
    },
  };
}
