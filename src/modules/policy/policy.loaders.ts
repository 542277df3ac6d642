import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import { productsByCode } from "../product/product-catalogue";
import { Product } from "../product/product.entity";
import { Policy } from "./policy.entity";

export function policyLoaders(db: DataSource, viewer: Viewer) {
  return {
    productByCode: new DataLoader<string, Product | null>((codes) => productsByCode(db, codes)),
  };
}
