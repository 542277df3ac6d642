import type { EntityManager } from "typeorm";
import type { SourceEntityKind } from "../source/source-key.entity";

/** `unnest($1::t[], $2::t[], …)` over the columns, the arrays as parameters from `first`. */
export function unnestOf(types: string[], first = 1): string {
  return `unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(", ")})`;
}

/** A column a batch writes: the row's property, the table's column, its array type for UNNEST. */
export type WriteColumn = [property: string, column: string, type: string];

/** One array per column, in the columns' order (missing values as null). */
export function columnArrays(columns: readonly WriteColumn[], rows: Record<string, unknown>[]): unknown[][] {
  return columns.map(([property]) => rows.map((row) => row[property] ?? null));
}

/** `INSERT INTO table (columns) SELECT * FROM unnest(…)`: one statement for the batch; `returning` as given. */
export function insertRows(manager: EntityManager, table: string, columns: readonly WriteColumn[], rows: Record<string, unknown>[], returning = ""): Promise<Record<string, string>[]> {
  return manager.query(
    `INSERT INTO ${table} (${columns.map(([, column]) => column).join(", ")})
     SELECT * FROM ${unnestOf(columns.map(([, , type]) => type))}${returning ? ` RETURNING ${returning}` : ""}`,
    columnArrays(columns, rows),
  );
}

/** `UPDATE table SET columns (and \`also\`) FROM unnest(ids, …)`: one statement for the batch. */
export async function updateRows(manager: EntityManager, table: string, columns: readonly WriteColumn[], ids: string[], rows: Record<string, unknown>[], also: string): Promise<void> {
  const names = columns.map(([, column]) => column);
  await manager.query(
    `UPDATE ${table} t SET ${names.map((name) => `"${name}" = u."${name}"`).join(", ")}, ${also}
     FROM ${unnestOf(["uuid", ...columns.map(([, , type]) => type)])} AS u(id, ${names.map((name) => `"${name}"`).join(", ")})
     WHERE t.id = u.id`,
    [ids, ...columnArrays(columns, rows)],
  );
}

/** The keys of records an import inserted, with their content digests. */
export async function insertSourceKeys(
  manager: EntityManager,
  kind: SourceEntityKind,
  sourceSystem: string,
  keys: { recordId: string; sourceId: string; digest: string }[],
): Promise<void> {
  if (keys.length === 0) return;
  await manager.query(
    `INSERT INTO source_key (entity_kind, record_id, source_system, source_id, content_digest)
     SELECT $1, * FROM ${unnestOf(["uuid", "varchar", "varchar", "varchar"], 2)}`,
    [kind, keys.map((k) => k.recordId), keys.map(() => sourceSystem), keys.map((k) => k.sourceId), keys.map((k) => k.digest)],
  );
}

/** Known keys seen again: the new digest of the changed ones, the last-seen time of all. */
export async function touchSourceKeys(manager: EntityManager, changed: { keyId: string; digest: string }[], unchanged: string[]): Promise<void> {
  if (changed.length > 0) {
    await manager.query(
      `UPDATE source_key k SET content_digest = u.digest, last_seen_at = now() FROM ${unnestOf(["uuid", "varchar"])} AS u(id, digest) WHERE k.id = u.id`,
      [changed.map((c) => c.keyId), changed.map((c) => c.digest)],
    );
  }
  if (unchanged.length > 0) await manager.query(`UPDATE source_key SET last_seen_at = now() WHERE id = ANY($1::uuid[])`, [unchanged]);
}
