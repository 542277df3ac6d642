import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { EntityManager } from "typeorm";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "./data-source";
import { columnArrays, unnestOf, type WriteColumn } from "./write-columns";

/** How a batch reached its staging table: COPY on PostgreSQL, INSERT … UNNEST on the embedded database. */
export type StagingMode = "copy" | "unnest";

/** Tests: every staging load's mode, in order (null: not recording). */
let recorded: StagingMode[] | null = null;
export function recordStagingModes(on: boolean): StagingMode[] {
  recorded = on ? [] : null;
  return recorded ?? [];
}

/** A value as COPY's text format writes it: \N for null, backslash escapes for the separators. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : text;
}

function copyText(columns: readonly WriteColumn[], rows: readonly object[]): string {
  let text = "";
  for (const row of rows) text += `${columns.map(([property]) => copyField((row as Record<string, unknown>)[property])).join("\t")}\n`;
  return text;
}

/**
 * Appends rows to the table `name` (a staging table, temporary or a job's unlogged table): COPY on
 * PostgreSQL, INSERT … UNNEST on the embedded database. `manager` must hold one connection (a
 * transaction's, or a query runner's). Returns the mode used.
 */
export async function loadRows(
  manager: EntityManager,
  name: string,
  columns: readonly WriteColumn[],
  rows: readonly object[],
  force?: "unnest",
  client: unknown = clientOf(manager),
): Promise<StagingMode> {
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

/** The driver's client behind a manager that holds one connection (a transaction's, or a query runner's). */
export function clientOf(manager: EntityManager): unknown {
  const client = (manager.queryRunner as unknown as { databaseConnection?: object } | undefined)?.databaseConnection;
  if (!client) throw new Error("loading rows needs one connection: a manager from db.transaction or a connected query runner");
  return client;
}
