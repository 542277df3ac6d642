import type { ApolloServerPlugin } from "@apollo/server";
import type { AuditWriter } from "../auth/audit-writer";
import { logger } from "../shared/logger";
import { auditWrites } from "../observability/metrics";
import type { RequestContext } from "./context";

/**
 * Writes the request's access-audit rows when execution ends, before the response is sent (grouped
 * with concurrent requests' rows into one INSERT by the AuditWriter). If that write fails, the
 * response is replaced: no personal data leaves without a record.
 */
export function accessAuditPlugin(writer: AuditWriter): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue: ctx }) {
      let recorded = true;
      return {
        async executionDidStart({ operationName }) {
          return {
            async executionDidEnd() {
              if (ctx.audit.isEmpty) return;
              try {
                await writer.write(ctx.audit.entries(ctx.viewer, operationName ?? "anonymous", ctx.requestId));
                auditWrites.inc({ outcome: "written" });
              } catch (err) {
                recorded = false;
                auditWrites.inc({ outcome: "failed" });
                logger.error({ err, requestId: ctx.requestId }, "access audit write failed: personal data withheld");
              }
            },
          };
        },
        async willSendResponse({ response }) {
          if (recorded || response.body.kind !== "single") return;
          response.http.status = 503;
          response.body.singleResult = {
            data: null,
            errors: [
              { message: "Personal data withheld: the access could not be recorded. Try again later.", extensions: { code: "UNAVAILABLE" } },
            ],
          };
        },
      };
    },
  };
}
