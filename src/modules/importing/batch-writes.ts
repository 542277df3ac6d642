import type { EntityManager } from "typeorm";
import { createHash } from "node:crypto";
import type { SourceEntityKind } from "../source/source-key.entity";
import { stageRows } from "./staging";
import { columnArrays, unnestOf, type WriteColumn } from "../../db/write-columns";

export { columnArrays, unnestOf, type WriteColumn };

/** The staging table of a (table, columns) pair: two writers of one table with other columns get two. */
export function stageOf(table: string, columns: readonly WriteColumn[]): string {
  return `import_stage_${table}_${createHash("sha1").update(columns.map((c) => c.join(":")).join(",")).digest("hex").slice(0, 8)}`;
}

/** The staged rows, read and removed in the statement that uses them (a second use in the same transaction starts empty). */
export const staged = (stage: string) => `WITH staged AS (DELETE FROM ${stage} RETURNING *)`;

/** Stages the rows, then `INSERT INTO table (columns) SELECT … FROM` the staging table: one statement for the batch; `returning` as given. */
export async function insertRows(manager: EntityManager, table: string, columns: readonly WriteColumn[], rows: Record<string, unknown>[], returning = ""): Promise<Record<string, string>[]> {
  if (rows.length === 0) return [];
  const stage = stageOf(table, columns);
  await stageRows(manager, stage, columns, rows);
  const names = columns.map(([, column]) => `"${column}"`).join(", ");
  return manager.query(`${staged(stage)} INSERT INTO ${table} (${names}) SELECT ${names} FROM staged${returning ? ` RETURNING ${returning}` : ""}`, []);
}

/**
 * Updates rows by id from staged values: ids and columns staged, then `UPDATE table SET columns
 * (and \`also\`) FROM` the staging table, one statement for the batch. With `compared` (column → the field name a consumer
 * knows it by), answers per id which of those fields now hold another value: the statement reads
 * each row before the update through a second scan of the table (`o`, the statement's snapshot).
 * A column in `keptWhenNull` keeps its stored value where the staged one is null.
 */
export async function updateRows(
  manager: EntityManager,
  table: string,
  columns: readonly WriteColumn[],
  ids: string[],
  rows: Record<string, unknown>[],
  also: string,
  compared: Record<string, string> = {},
  keptWhenNull: ReadonlySet<string> = new Set(),
): Promise<Map<string, string[]>> {
  if (rows.length === 0) return new Map();
  const withId: WriteColumn[] = [["id", "id", "uuid"], ...columns];
  const stage = stageOf(table, withId);
  await stageRows(manager, stage, withId, rows.map((row, i) => ({ ...row, id: ids[i] })));
  // a column kept when the row holds null gets its new value from the old row then (`o` or `t`: both the row before the update)
  const newValue = (column: string, old: string) => (keptWhenNull.has(column) ? `coalesce(u."${column}", ${old}."${column}")` : `u."${column}"`);
  const checks = Object.entries(compared).map(([column, field]) => `CASE WHEN o."${column}" IS DISTINCT FROM ${newValue(column, "o")} THEN '${field}' END`);
  const update = `UPDATE ${table} t SET ${columns.map(([, column]) => `"${column}" = ${newValue(column, "t")}`).join(", ")}${also ? `, ${also}` : ""}
       FROM staged u${checks.length ? ` JOIN ${table} o ON o.id = u.id` : ""} WHERE t.id = u.id`;
  if (checks.length === 0) {
    await manager.query(`${staged(stage)} ${update}`, []);
    return new Map();
  }
  // a SELECT over the UPDATE's rows: drivers answer an UPDATE's RETURNING in different shapes
  const updated: { id: string; changed: string[] }[] = await manager.query(
    `${staged(stage)}, updated AS (${update} RETURNING t.id, array_remove(ARRAY[${checks.join(", ")}]::varchar[], NULL) AS changed) SELECT * FROM updated`,
    [],
  );
  return new Map(updated.map((row) => [row.id, row.changed]));
}

const SOURCE_KEY_COLUMNS: WriteColumn[] = [
  ["kind", "entity_kind", "varchar"], ["recordId", "record_id", "uuid"], ["sourceSystem", "source_system", "varchar"],
  ["sourceId", "source_id", "varchar"], ["digest", "content_digest", "varchar"],
];

/**
 * FROM-clause of the source keys of kind $1 and system $2 for the source ids in $3, as \`k\`: one
 * probe of the unique key per id. Written as \`source_id = ANY($3)\`, a generic plan on stale
 * statistics (a bulk load outruns autoanalyze; this server runs none) probed (kind, system) only
 * and filtered every key of the system by the array: 0.6 s a batch at 20,000 keys, quadratic.
 * LIMIT 1 keeps the LATERAL subquery from being flattened back into such a join.
 * \`keysOfSourceIds\`: the same with other parameters (kind, system, ids), for a statement that reads several.
 */
export const keysOfSourceIds = (kind: string, system: string, ids: string) => `unnest(${ids}::varchar[]) AS s(source_id)
  CROSS JOIN LATERAL (SELECT * FROM source_key k1 WHERE k1.entity_kind = ${kind} AND k1.source_system = ${system} AND k1.source_id = s.source_id LIMIT 1) k`;
export const KEYS_OF_SOURCE_IDS = keysOfSourceIds("$1", "$2", "$3");

/** The keys of records an import inserted, with their content digests. */
export async function insertSourceKeys(
  manager: EntityManager,
  kind: SourceEntityKind,
  sourceSystem: string,
  keys: { recordId: string; sourceId: string; digest: string }[],
): Promise<void> {
  await insertRows(manager, "source_key", SOURCE_KEY_COLUMNS, keys.map((key) => ({ ...key, kind, sourceSystem })));
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
