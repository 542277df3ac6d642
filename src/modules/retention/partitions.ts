import type { EntityManager } from "typeorm";

/** One partition of a range-partitioned table, as the catalog describes it. */
export interface RangePartition {
  /** Qualified and quoted as SQL needs it (`regclass` text). */
  name: string;
  /** Exclusive upper bound; null for the default partition or one that ends at MAXVALUE. */
  upper: Date | null;
  /** Starts at MINVALUE (a catch-all for old rows, kept as a table: back-dated rows land there). */
  open: boolean;
}

/**
 * The partitions of `table` when it is range-partitioned on `column` alone, else null (a plain
 * table, or another key: then rows are deleted). Read from the catalog (pg_partitioned_table,
 * pg_inherits, the bound's expression), so that any naming — `<table>_pYYYYMM`, `_history`,
 * `_default` — and partitions created later are found.
 */
export async function rangePartitions(manager: EntityManager, table: string, column: string): Promise<RangePartition[] | null> {
  const [key] = await manager.query(
    `SELECT pg_get_partkeydef(c.oid) AS key FROM pg_class c JOIN pg_partitioned_table p ON p.partrelid = c.oid
      WHERE c.oid = to_regclass($1)`,
    [table],
  );
  if (!key || key.key !== `RANGE (${column})`) return null;
  const rows: { name: string; upper: Date | null; open: boolean }[] = await manager.query(
    `SELECT c.oid::regclass::text AS name,
        ((regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1])::timestamptz AS upper,
        pg_get_expr(c.relpartbound, c.oid) LIKE '%FROM (MINVALUE)%' AS open
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = to_regclass($1)
      ORDER BY 2 NULLS LAST, 1`,
    [table],
  );
  return rows.map((row) => ({ name: row.name, upper: row.upper ? new Date(row.upper) : null, open: row.open }));
}
