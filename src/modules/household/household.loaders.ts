import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { rowsByKey } from "../../db/loader-helpers";
import { Relationship } from "./relationship.entity";

export function householdLoaders(db: DataSource) {
  return {
    relationshipsByCustomerId: new DataLoader<string, Relationship[]>(
      rowsByKey(db, Relationship, "customerId", { kind: "ASC", relatedCustomerId: "ASC" }),
    ),
  };
}
