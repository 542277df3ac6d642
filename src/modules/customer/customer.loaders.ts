import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import { Customer } from "./customer.entity";
import { CustomerSummaryRow, loadSummaries } from "./customer-summary.query";

export function customerLoaders(db: DataSource, viewer: Viewer) {
  return {
    /** Customers by id, within the viewer's row scope (out of scope → null, like missing). */
    customerById: new DataLoader<string, Customer | null>(async (ids) => {
      const scope = customerScope(viewer, "c");
      const rows = await db
        .getRepository(Customer)
        .createQueryBuilder("c")
        .where("c.id IN (:...ids)", { ids })
        .andWhere(scope.sql, scope.params)
        .getMany();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    summaryByCustomerId: new DataLoader<string, CustomerSummaryRow>((ids) => loadSummaries(db, ids)),
  };
}
