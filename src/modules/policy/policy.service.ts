import type { RequestContext } from "../../graphql/context";
import type { ChildListSpec } from "../../db/batched-pages";
import { isUuid } from "../../shared/ids";
import { pageRequest, toConnection } from "../../shared/pagination";
import type { Product, ProductLine } from "../product/product.entity";
import { productCatalogue } from "../product/product-catalogue";
import { Coverage } from "./coverage.entity";
import { Policy } from "./policy.entity";
import { PolicyConnection, type PolicyListArgs } from "./policy.types";

/** A customer's policies, newest cover first (also read by the compiled list path). */
export const customerPolicies = (args: PolicyListArgs): ChildListSpec<Policy> => ({
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
  const page = await ctx.loaders.childPages(customerPolicies(args), args).load(customerId);
  return toConnection(page, PolicyConnection);
}

export function coveragesOf(ctx: RequestContext, policy: Policy): Promise<Coverage[]> {
  return ctx.loaders.coveragesByPolicyId.load(policy.id);
}

export function productByCode(ctx: RequestContext, code: string): Promise<Product | null> {
  return ctx.loaders.productByCode.load(code);
}

export async function listProducts(ctx: RequestContext, line: ProductLine | null | undefined): Promise<Product[]> {
  const catalogue = await productCatalogue(ctx.db);
  return catalogue.filter((product) => product.active && (!line || product.line === line));
}
