import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import { Customer } from "./customer.entity";
import { CustomerSummaryRow, loadSummaries } from "./customer-summary.query";

export function customerLoaders(db: DataSource, viewer: Viewer) {
  return {
    summaryByCustomerId: new DataLoader<string, CustomerSummaryRow>((ids) => loadSummaries(db, ids)),
  };
}
