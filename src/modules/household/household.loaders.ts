import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { customerScope } from "../../auth/row-scope";
import type { Viewer } from "../../auth/viewer";
import { hydrate } from "../../db/hydrate";
import { Customer } from "../customer/customer.entity";
import type { RelationshipKind } from "./relationship.entity";

export interface HouseholdLink {
  kind: RelationshipKind;
  member: Customer;
}

export function householdLoaders(db: DataSource, viewer: Viewer) {
  return {
    /** Each customer's related customers that lie in the viewer's scope, in one statement for all. */
    householdByCustomerId: new DataLoader<string, HouseholdLink[]>(async (ids) => {
      const scope = customerScope(viewer, "m");
      const raw: Record<string, unknown>[] = await db
        .createQueryBuilder()
        .select("m.*")
        .addSelect("r.customer_id", "household_owner_id")
        .addSelect("r.kind", "household_kind")
        .from("relationship", "r")
        .innerJoin("customer", "m", "m.id = r.related_customer_id")
        .where("r.customer_id IN (:...ids)", { ids })
        .andWhere(scope.sql, scope.params)
        .orderBy("r.kind")
        .addOrderBy("m.customer_number")
        .getRawMany();
      const members = hydrate(db, Customer, raw);
      const byOwner = new Map<string, HouseholdLink[]>(ids.map((id) => [id, []]));
      raw.forEach((row, i) => {
        byOwner.get(String(row.household_owner_id))?.push({ kind: row.household_kind as RelationshipKind, member: members[i] });
      });
      return ids.map((id) => byOwner.get(id) ?? []);
    }),
  };
}
