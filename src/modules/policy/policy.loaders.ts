import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Viewer } from "../../auth/viewer";
import { productsByCode } from "../product/product-catalogue";
import { Product } from "../product/product.entity";
import type { InstalmentDates } from "./premium-billing";

/** The instalment columns the billing status reads, as JSON per policy (the compiled read's prefetch builds the same). */
export function instalmentDatesSql(policyId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('dueDate', i.due_date::text, 'paidAt', i.paid_at) ORDER BY i.due_date, i.id), '[]'::json)
    FROM premium_instalment i WHERE i.policy_id = ${policyId})`;
}

export function policyLoaders(db: DataSource, _viewer: Viewer) {
  return {
    productByCode: new DataLoader<string, Product | null>((codes) => productsByCode(db, codes)),
    /** Due dates and payments of each policy's instalments (the policy itself was read under row scope). */
    instalmentDatesByPolicyId: new DataLoader<string, InstalmentDates[]>(async (policyIds) => {
      const rows: { id: string; dates: InstalmentDates[] }[] = await db.query(
        `SELECT p.id, ${instalmentDatesSql("p.id")} AS dates FROM unnest($1::uuid[]) AS p(id)`,
        [policyIds],
      );
      const byPolicy = new Map(rows.map((row) => [row.id, row.dates]));
      return policyIds.map((id) => byPolicy.get(id) ?? []);
    }),
  };
}
