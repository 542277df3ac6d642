import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../src/db/data-source";
import { startImport } from "../../src/modules/importing/import.service";
import type { ImportJob } from "../../src/modules/importing/import-job.entity";

/** A temporary folder for the source files an import spec writes (CSV, NDJSON), removed after the spec. */
export class ImportFiles {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-import-files-"));

  /** Writes a file of the folder and gives its path (the file name is what the job records). */
  write(name: string, content: string | Buffer): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A job's row errors as [line, source id, column], in line and column order: what a spec compares. */
export async function rowErrors(db: Database, jobId: string): Promise<[number, string | null, string | null][]> {
  const rows: { line: number; source_id: string | null; field: string | null }[] = await db.query(
    `SELECT line, source_id, field FROM import_error WHERE job_id = $1 ORDER BY line, field`,
    [jobId],
  );
  return rows.map((e) => [e.line, e.source_id, e.field]);
}

/** A spec's import runner: writes `content` as the folder's file `name` and imports it as `entity` from CORE_PAS, `batchSize` rows a batch. */
export function importerOf(db: Database, piiKey: string, files: ImportFiles, batchSize = 3): (name: string, content: string, entity: string) => Promise<ImportJob> {
  return (name, content, entity) => startImport(db, { file: files.write(name, content), sourceSystem: "CORE_PAS", entity, createdBy: "test", piiKey, batchSize });
}

/** The id of the record CORE_PAS sent under `sourceId` as a `kind` (the source key's entity kind). */
export async function recordIdOf(db: Database, kind: string, sourceId: string): Promise<string> {
  const [row] = await db.query(`SELECT record_id FROM source_key WHERE entity_kind = $1 AND source_system = 'CORE_PAS' AND source_id = $2`, [kind, sourceId]);
  return row.record_id;
}
