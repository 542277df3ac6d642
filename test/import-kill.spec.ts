import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resumeImport, startImport } from "../src/modules/importing/import.service";
import { startTestApp, type TestApp } from "./support/app";
import { backend, testDatabaseUrl } from "./support/database";

const ROWS = 6000;
const BATCH = 200;

/** Customers with a few problems (every 97th row has no name) so that error rows must survive the kill too. */
function customerFile(): string {
  const lines = ["sourceId,kind,fullName,city,dependents,serviceTier"];
  for (let i = 1; i <= ROWS; i++) lines.push(`K-${i},INDIVIDUAL,${i % 97 === 0 ? "" : `Person ${i}`},City ${i % 13},${i % 4},${i % 5 === 0 ? "PREMIUM" : "BASIC"}`);
  return lines.join("\n") + "\n";
}

/**
 * kill -9 in the middle of an import job (PostgreSQL: a second process on the same database), then
 * `resumeImport`: the job ends with the same rows, errors and counts as an uninterrupted run.
 */
(backend === "postgres" ? describe : describe.skip)("an import killed with SIGKILL resumes from its last committed batch", () => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-kill-"));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the job in a child process and kills it with SIGKILL after `batches` committed batches; the job's id. */
  function killedAfter(file: string, source: string, batches: number): Promise<string> {
    const child = spawn(process.execPath, [path.join(__dirname, "support", "ts-child.cjs"), path.join(__dirname, "support", "import-child.ts")], {
      env: {
        ...process.env,
        CHILD_DATABASE_URL: testDatabaseUrl(app.db)!,
        CHILD_FILE: file,
        CHILD_SOURCE: source,
        CHILD_PII_KEY: app.config.piiEncryptionKey,
        CHILD_BATCH: String(BATCH),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      let seen = 0;
      let jobId = "";
      child.stdout.on("data", (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n")) {
          const committed = /^committed (\S+) (\d+)$/.exec(line);
          if (!committed) continue;
          jobId = committed[1];
          if (++seen === batches) child.kill("SIGKILL");
        }
      });
      child.on("exit", (code, signal) => {
        if (signal === "SIGKILL" && jobId) resolve(jobId);
        else reject(new Error(`the child ended by itself (code ${code}, ${signal}): ${stderr.slice(0, 2000)}`));
      });
    });
  }

  const snapshot = (source: string) =>
    app.db.query(
      `SELECT k.source_id, k.content_digest, c.full_name, c.city, c.dependents, c.service_tier, c.kind, c.version
       FROM source_key k JOIN customer c ON c.id = k.record_id WHERE k.source_system = $1 ORDER BY k.source_id`,
      [source],
    );
  const errorsOf = (jobId: string) => app.db.query(`SELECT line, source_id, field, problem FROM import_error WHERE job_id = $1 ORDER BY line, field`, [jobId]);

  it("ends with the rows, errors and counts of an uninterrupted run", async () => {
    const file = path.join(dir, "customers.csv");
    fs.writeFileSync(file, customerFile());
    const options = { file, piiKey: app.config.piiEncryptionKey, batchSize: BATCH };

    const jobId = await killedAfter(file, "KILLED_RUN", 3);
    const [stopped] = await app.db.query(`SELECT status, processed, last_line FROM import_job WHERE id = $1`, [jobId]);
    // the killed process left the job running, at a batch boundary, some way into the file
    expect(stopped.status).toBe("RUNNING");
    expect(stopped.processed).toBeGreaterThanOrEqual(3 * BATCH);
    expect(stopped.processed).toBeLessThan(ROWS);
    expect(stopped.processed % BATCH).toBe(0);
    expect(stopped.last_line).toBe(stopped.processed + 1);
    const [{ n: rowsAtKill }] = await app.db.query(`SELECT count(*)::int AS n FROM source_key WHERE source_system = 'KILLED_RUN'`);
    expect(rowsAtKill).toBeLessThan(ROWS);

    const resumed = await resumeImport(app.db, jobId, options);
    const whole = await startImport(app.db, { ...options, sourceSystem: "WHOLE_RUN", entity: "customers", createdBy: "test" });
    expect(whole.status).toBe("COMPLETED");
    const failed = Math.floor(ROWS / 97);
    expect(whole).toMatchObject({ processed: ROWS, inserted: ROWS - failed, failed, updated: 0, unchanged: 0, lastLine: ROWS + 1 });
    expect(resumed).toMatchObject({ status: "COMPLETED", processed: whole.processed, inserted: whole.inserted, failed: whole.failed, lastLine: whole.lastLine });
    expect(await snapshot("KILLED_RUN")).toEqual(await snapshot("WHOLE_RUN"));
    expect(await errorsOf(jobId)).toEqual(await errorsOf(whole.id));
  });
});
