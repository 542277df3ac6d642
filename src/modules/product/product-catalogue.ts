import type { DataSource } from "typeorm";
import { sharedPerDatabase } from "../../db/shared-cache";
import { Product } from "./product.entity";

/**
 * The product catalogue is small, the same for every viewer and holds no personal data, so it is
 * shared across requests and re-read at most every five minutes (no API changes it yet).
 */
export const productCatalogue = sharedPerDatabase(5 * 60_000, (db) =>
  db.getRepository(Product).find({ order: { line: "ASC", code: "ASC" } }),
);

export async function productsByCode(db: DataSource, codes: readonly string[]): Promise<(Product | null)[]> {
  const byCode = new Map((await productCatalogue(db)).map((product) => [product.code, product]));
  return codes.map((code) => byCode.get(code) ?? null);
}
