import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import { productsByCode } from "../product/product-catalogue";
import { Product } from "../product/product.entity";
import { Policy } from "./policy.entity";

export function policyLoaders(db: DataSource, viewer: Viewer) {
  return {
    /** Policies by id whose policyholder is in the viewer's scope. */
    policyById: new DataLoader<string, Policy | null>(async (ids) => {
      const scope = customerScope(viewer, "c");
      const rows = await db
        .getRepository(Policy)
        .createQueryBuilder("p")
        .innerJoin("customer", "c", "c.id = p.customer_id")
        .where("p.id IN (:...ids)", { ids })
        .andWhere(scope.sql, scope.params)
        .getMany();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    productByCode: new DataLoader<string, Product | null>((codes) => productsByCode(db, codes)),
  };
}
