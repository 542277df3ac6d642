import type { RequestContext } from "../../graphql/context";
import type { ChildListSpec } from "../../db/batched-pages";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection } from "../../shared/pagination";
import { Product, type ProductLine } from "../product/product.entity";
import { Coverage } from "./coverage.entity";
import { Policy } from "./policy.entity";
import { PolicyConnection, type PolicyListArgs } from "./policy.types";

const customerPolicies = (args: PolicyListArgs): ChildListSpec<Policy> => ({
  target: Policy,
  table: "policy",
  parentColumn: "customer_id",
  parentProperty: "customerId",
  sortColumn: "start_date",
  sortProperty: "startDate",
  sortCast: "date",
  direction: "DESC",
  filters: { status: args.status },
});

export function policyById(ctx: RequestContext, id: string): Promise<Policy | null> | null {
  return isUuid(id) ? ctx.loaders.policyById.load(id) : null;
}

export async function policiesOfCustomer(ctx: RequestContext, customerId: string, args: PolicyListArgs): Promise<PolicyConnection> {
  const page = await ctx.loaders.childPages(customerPolicies(args), pageRequest(args)).load(customerId);
  return toConnection(page, PolicyConnection);
}

export function coveragesOf(ctx: RequestContext, policy: Policy): Promise<Coverage[]> {
  return ctx.loaders.coveragesByPolicyId.load(policy.id);
}

export function productByCode(ctx: RequestContext, code: string): Promise<Product | null> {
  return ctx.loaders.productByCode.load(code);
}

export function listProducts(ctx: RequestContext, line: ProductLine | null | undefined): Promise<Product[]> {
  return ctx.db.getRepository(Product).find({ where: { active: true, ...(line ? { line } : {}) }, order: { line: "ASC", code: "ASC" } });
}
