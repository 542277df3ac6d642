import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { PageArgs } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { auditLog } from "./audit.service";
import { AuditEntryConnection, AuditLogArgs } from "./audit.types";
import { accessAlerts } from "./access-alert.service";
import { AccessAlertConnection } from "./access-alert.types";

@Resolver(() => Customer)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: "The access audit: who read which personal data, when and why (COMPLIANCE, ADMIN)." })
  auditLog(@Ctx() ctx: RequestContext, @Args(() => AuditLogArgs) args: AuditLogArgs) {
    return auditLog(ctx, args);
  }

  @Query(() => AccessAlertConnection, {
    description: "Exfiltration alerts: actors who received personal values above the configured rate, newest first (COMPLIANCE, ADMIN).",
  })
  accessAlerts(@Ctx() ctx: RequestContext, @Args(() => PageArgs) args: PageArgs) {
    return accessAlerts(ctx, args);
  }
}
