import type { DomainModule } from "../domain-module";
import { Product } from "./product.entity";

/** The catalogue: read through policies and recommendations, no operations of its own. */
export const productModule: DomainModule = {
  name: "product",
  entities: [Product],
  resolvers: [],
  permissions: [],
};
