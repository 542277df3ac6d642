import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import { Complaint } from "./complaint.entity";

export function complaintLoaders(db: DataSource, viewer: Viewer) {
  return {
    /** Complaints by id whose complainant is in the viewer's scope (else null, like missing). */
    complaintById: new DataLoader<string, Complaint | null>(async (ids) => {
      const scope = customerScope(viewer, "c");
      const rows = await db
        .getRepository(Complaint)
        .createQueryBuilder("co")
        .innerJoin("customer", "c", "c.id = co.customer_id")
        .where("co.id IN (:...ids)", { ids })
        .andWhere(scope.sql, scope.params)
        .getMany();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
