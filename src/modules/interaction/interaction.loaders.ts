import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { rowByKey } from "../../db/loader-helpers";
import { Complaint } from "./complaint.entity";

export function interactionLoaders(db: DataSource) {
  return {
    complaintByInteractionId: new DataLoader<string, Complaint | null>(rowByKey(db, Complaint, "interactionId")),
  };
}
