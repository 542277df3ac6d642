import type { DataSource } from "typeorm";
import { Product } from "./product.entity";

/**
 * The product catalogue is small, the same for every viewer and holds no personal data, so it is
 * shared across requests and re-read at most every five minutes (no API changes it yet).
 */
const TTL_MS = 5 * 60_000;
const cache = new WeakMap<DataSource, { at: number; products: Promise<Product[]> }>();

export function productCatalogue(db: DataSource): Promise<Product[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.products;
  const products = db.getRepository(Product).find({ order: { line: "ASC", code: "ASC" } });
  cache.set(db, { at: Date.now(), products });
  products.catch(() => cache.delete(db));
  return products;
}

export async function productsByCode(db: DataSource, codes: readonly string[]): Promise<(Product | null)[]> {
  const byCode = new Map((await productCatalogue(db)).map((product) => [product.code, product]));
  return codes.map((code) => byCode.get(code) ?? null);
}
