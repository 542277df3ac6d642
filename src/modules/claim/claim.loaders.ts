import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import { Claim } from "./claim.entity";

export function claimLoaders(db: DataSource, viewer: Viewer) {
  return {
    /** Claims by id whose claimant is in the viewer's scope. */
    claimById: new DataLoader<string, Claim | null>(async (ids) => {
      const scope = customerScope(viewer, "c");
      const rows = await db
        .getRepository(Claim)
        .createQueryBuilder("cl")
        .innerJoin("customer", "c", "c.id = cl.customer_id")
        .where("cl.id IN (:...ids)", { ids })
        .andWhere(scope.sql, scope.params)
        .getMany();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
