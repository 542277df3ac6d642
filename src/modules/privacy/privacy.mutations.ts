import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../customer/customer.entity";
import { eraseCustomer, exportCustomerData } from "./privacy.service";
import { CustomerDataExport } from "./privacy.types";

@Resolver()
export class PrivacyMutations {
  @Mutation(() => CustomerDataExport, { description: "Right of access: every record held about a customer (the customer for self, COMPLIANCE)." })
  exportCustomerData(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The customer whose data to export (a customer: their own id); NOT_FOUND out of your row scope." }) customerId: string) {
    return exportCustomerData(ctx, customerId);
  }

  @Mutation(() => Customer, { description: "Right to erasure: pseudonymizes the customer's personal data everywhere (COMPLIANCE, ADMIN). Idempotent." })
  eraseCustomer(
    @Ctx() ctx: RequestContext,
    @Arg("customerId", () => ID, { description: "The customer to erase; NOT_FOUND when unknown. Erasing an erased customer changes nothing." }) customerId: string,
    @Arg("reason", () => String, { description: "Why (e.g. the request reference); kept in the audit." }) reason: string,
  ) {
    return eraseCustomer(ctx, customerId, reason);
  }
}
