import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../src/db/data-source";

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
