import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { groupByKey, hydrate } from "../../db/hydrate";
import { Consent } from "./consent.entity";

export function consentLoaders(db: DataSource) {
  return {
    /** The current decision per purpose (the newest record of each purpose). */
    currentConsentsByCustomerId: new DataLoader<string, Consent[]>(async (ids) => {
      const raw = await db.query(
        `SELECT DISTINCT ON (customer_id, purpose) * FROM consent WHERE customer_id = ANY($1::uuid[])
         ORDER BY customer_id, purpose, recorded_at DESC, id DESC`,
        [ids],
      );
      return groupByKey(ids, hydrate(db, Consent, raw), (row) => row.customerId);
    }),
  };
}
