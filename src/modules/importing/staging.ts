import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { EntityManager } from "typeorm";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "../../db/data-source";
import { columnArrays, unnestOf, type WriteColumn } from "./write-columns";

/** How a batch reached its staging table: COPY on PostgreSQL, INSERT … UNNEST on the embedded database. */
export type StagingMode = "copy" | "unnest";

/** Tests: every staging load's mode, in order (null: not recording). */
let recorded: StagingMode[] | null = null;
export function recordStagingModes(on: boolean): StagingMode[] {
  recorded = on ? [] : null;
  return recorded ?? [];
}

/**
 * Connections known to hold the staging tables. A table made inside a transaction that then rolls
 * back is gone again, so a failed batch forgets them all (`forgetStagingTables`) and the next
 * batch re-creates them (IF NOT EXISTS): cheaper than asking the catalogue on every batch.
 */
let prepared = new WeakMap<object, Set<string>>();
export function forgetStagingTables(): void {
  prepared = new WeakMap();
}

function connectionOf(manager: EntityManager): { key: object; client: unknown } {
  const client = (manager.queryRunner as unknown as { databaseConnection?: object } | undefined)?.databaseConnection;
  if (!client) throw new Error("staging needs the batch's transaction (a manager from db.transaction)");
  // the embedded database is one session for the whole data source; PostgreSQL: one per pooled client
  return { key: (manager.connection as Database).kind === "pglite" ? manager.connection : client, client };
}

/** A value as COPY's text format writes it: \N for null, backslash escapes for the separators. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : text;
}

function copyText(columns: readonly WriteColumn[], rows: Record<string, unknown>[]): string {
  let text = "";
  for (const row of rows) text += `${columns.map(([property]) => copyField(row[property])).join("\t")}\n`;
  return text;
}

/**
 * Loads one batch's rows into the temporary table `name` (one per connection, emptied at every
 * commit) whose columns are `columns`: by COPY on PostgreSQL (pg-copy-streams; the rows as COPY
 * text, parsed by the server far more cheaply than array parameters), by INSERT … UNNEST on the
 * embedded database (PGlite has no COPY FROM STDIN stream). The set-based statement that follows
 * reads the table the same way on both, so both give the same results. Returns the mode used.
 */
export async function stageRows(
  manager: EntityManager,
  name: string,
  columns: readonly WriteColumn[],
  rows: Record<string, unknown>[],
  /** Tests only: UNNEST on PostgreSQL too, to compare the two loads. */
  force?: "unnest",
): Promise<StagingMode> {
  const { key, client } = connectionOf(manager);
  const tables = prepared.get(key) ?? new Set<string>();
  if (!tables.has(name)) {
    await manager.query(`CREATE TEMP TABLE IF NOT EXISTS ${name} (${columns.map(([, column, type]) => `"${column}" ${type}`).join(", ")}) ON COMMIT DELETE ROWS`);
    prepared.set(key, tables.add(name));
  }
  const names = columns.map(([, column]) => `"${column}"`).join(", ");
  const mode: StagingMode = force ?? ((manager.connection as Database).kind === "pglite" ? "unnest" : "copy");
  if (mode === "copy") {
    const stream = (client as { query: <T>(submittable: T) => T }).query(copyFrom(`COPY ${name} (${names}) FROM STDIN`));
    await pipeline(Readable.from([copyText(columns, rows)]), stream);
  } else {
    await manager.query(`INSERT INTO ${name} (${names}) SELECT * FROM ${unnestOf(columns.map(([, , type]) => type))}`, columnArrays(columns, rows));
  }
  recorded?.push(mode);
  return mode;
}
