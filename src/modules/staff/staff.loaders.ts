import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { rowByKey } from "../../db/loader-helpers";
import { StaffUser } from "./staff.entity";

export function staffLoaders(db: DataSource) {
  return {
    /** Staff users by id (the agent of a customer, the staff behind `me`). */
    staffById: new DataLoader<string, StaffUser | null>(rowByKey(db, StaffUser, "id")),
  };
}
