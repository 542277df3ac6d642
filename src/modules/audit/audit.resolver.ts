import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../graphql/context";
import { PageArgs } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { accessHistoryOf, auditLog } from "./audit.service";
import { AuditEntryConnection, AuditLogArgs } from "./audit.types";

@Resolver(() => Customer)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: "The access audit: who read which personal data, when and why (COMPLIANCE, ADMIN)." })
  auditLog(@Ctx() ctx: RequestContext, @Args(() => AuditLogArgs) args: AuditLogArgs) {
    return auditLog(ctx, args);
  }

  @FieldResolver(() => AuditEntryConnection, {
    nullable: true,
    description: "Who accessed this customer's personal data, newest first (COMPLIANCE, ADMIN, and the customer themself).",
  })
  accessHistory(@Ctx() ctx: RequestContext, @Root() customer: Customer, @Args(() => PageArgs) args: PageArgs) {
    return accessHistoryOf(ctx, customer.id, args);
  }
}
