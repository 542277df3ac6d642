import type { RequestContext } from "../../auth/request-context";
import { isUuid } from "../../shared/ids";
import type { Product, ProductLine } from "../product/product.entity";
import { productCatalogue } from "../product/product-catalogue";
import { Policy } from "./policy.entity";
import { policyLoaders } from "./policy.loaders";
import { POLICY_BY_ID } from "./policy.relations";

export function policyById(ctx: RequestContext, id: string): Promise<Policy | null> | null {
  return isUuid(id) ? ctx.loaders.byId(POLICY_BY_ID).load(id) : null;
}

export function productByCode(ctx: RequestContext, code: string): Promise<Product | null> {
  return ctx.loaders.get(policyLoaders).productByCode.load(code);
}

export async function listProducts(ctx: RequestContext, line: ProductLine | null | undefined): Promise<Product[]> {
  const catalogue = await productCatalogue(ctx.reader);
  return catalogue.filter((product) => product.active && (!line || product.line === line));
}
