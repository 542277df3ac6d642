import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { IsNull, Not } from "typeorm";
import type { Database } from "../../db/data-source";
import type { Viewer } from "../../auth/viewer";
import { BadUserInputError, ForbiddenError, UnauthenticatedError, UnavailableError } from "../../shared/errors";
import { logger } from "../../shared/logger";
import { ImportJob, ImportStatus } from "./import-job.entity";
import { IMPORT_SENDERS } from "./importing.permissions";
import { continueImport, createImportJob, importTargetProblems, refuseProblems, type ImportOptions } from "./import.service";

/** A file sent to POST /imports, as its request describes it. */
export interface SentFile {
  source: string;
  entity: string;
  /** csv or ndjson (from `?format=` or the content type). */
  format: string;
  /** The body is gzip-compressed (Content-Encoding: gzip); it is kept so and read through gunzip. */
  gzip: boolean;
  /** Content-Length, when the client declared one: too large is refused before a byte is read. */
  declaredBytes?: number;
}

export interface IntakeSettings {
  spoolDir: string;
  maxBytes: number;
  piiKey: string;
  /** The server's COMPLAINT_DUE_HOURS_*: a complaint sent without dueAt is due as one filed through the API. */
  complaintDueHours: ImportOptions["complaintDueHours"];
}

/** A body beyond IMPORT_MAX_BYTES (answered 413). */
export class FileTooLargeError extends BadUserInputError {
  constructor(maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES); gzip it or split it`, { field: "file", reason: "TOO_LARGE", httpStatus: 413 });
  }
}

/**
 * The source system an INTEGRATION account writes under: its username upper-cased, other
 * characters as `_` (core.pas → CORE_PAS). One account cannot write, nor probe by digest
 * (`unchanged`), the records another system sent.
 */
export function integrationSystemOf(username: string): string {
  return username.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/**
 * Files sent over HTTP: checked before a byte is read (who, which system, which kind, which
 * format), spooled to disk with a size cap (the import reads a file: constant memory, resumable),
 * recorded as a job and run in the background, one job at a time per process so that imports
 * do not crowd out interactive reads. The spooled file is deleted when its job ends; a job a
 * stopped server left RUNNING resumes from it at the next start (`resumeSpooled`).
 */
export class ImportIntake {
  private tail: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly db: Database,
    private readonly settings: IntakeSettings,
  ) {}

  async receive(viewer: Viewer, sent: SentFile, body: Readable): Promise<ImportJob> {
    if (viewer.kind === "anonymous") throw new UnauthenticatedError();
    if (viewer.kind !== "staff" || !IMPORT_SENDERS.includes(viewer.role)) throw new ForbiddenError(`Files are sent by ${IMPORT_SENDERS.join(", ")} accounts`, { reason: "ROLE" });
    if (sent.source !== integrationSystemOf(viewer.username)) {
      throw new ForbiddenError(`This account imports under ${integrationSystemOf(viewer.username)} only`, { reason: "SOURCE_SYSTEM" });
    }
    const problems = importTargetProblems(sent.source, sent.entity);
    if (sent.format !== "csv" && sent.format !== "ndjson") {
      problems.push({ field: "format", problems: ["format must be csv or ndjson (?format=, or Content-Type text/csv or application/x-ndjson)"] });
    }
    refuseProblems(problems);
    if (sent.declaredBytes !== undefined && sent.declaredBytes > this.settings.maxBytes) throw new FileTooLargeError(this.settings.maxBytes);
    if (this.stopping) throw new UnavailableError("The server is stopping; send the file again");
    fs.mkdirSync(this.settings.spoolDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.settings.spoolDir, `${randomUUID()}.${sent.format}${sent.gzip ? ".gz" : ""}`);
    let job: ImportJob;
    try {
      await spool(body, file, this.settings.maxBytes);
      job = await createImportJob(this.db, {
        file, piiKey: this.settings.piiKey, sourceSystem: sent.source, entity: sent.entity,
        createdBy: `api:${viewer.username}`, ownerId: viewer.id, spooled: true,
      });
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err;
    }
    this.enqueue(job);
    return job;
  }

  /** Jobs sent over HTTP that a stopped server left RUNNING, queued again from their spooled files; their number. */
  async resumeSpooled(): Promise<number> {
    const jobs = await this.db.getRepository(ImportJob).find({ where: { status: ImportStatus.RUNNING, spoolFile: Not(IsNull()) }, order: { startedAt: "ASC" } });
    for (const job of jobs) {
      if (fs.existsSync(job.spoolFile!)) this.enqueue(job);
      else {
        await this.db.getRepository(ImportJob).update(
          { id: job.id },
          { status: ImportStatus.FAILED, failure: "the sent file was lost before the job ended; send it again", finishedAt: new Date(), spoolFile: null },
        );
      }
    }
    return jobs.length;
  }

  /** Stops after the batch being written (the job stays RUNNING and resumes at the next start) and waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.tail;
  }

  /** Resolves when every queued job has ended or stopped. */
  idle(): Promise<void> {
    return this.tail;
  }

  private enqueue(job: ImportJob): void {
    this.tail = this.tail.then(() => this.run(job));
  }

  private async run(job: ImportJob): Promise<void> {
    if (this.stopping) return;
    try {
      const ended = await continueImport(this.db, job, {
        file: job.spoolFile!, piiKey: this.settings.piiKey, complaintDueHours: this.settings.complaintDueHours, shouldStop: () => this.stopping,
      });
      if (ended.status === ImportStatus.RUNNING) return; // stopped by shutdown: resumes at the next start
      await this.db.getRepository(ImportJob).update({ id: job.id }, { spoolFile: null });
      fs.rmSync(job.spoolFile!, { force: true });
    } catch (err) {
      // the database went away or another process moved the job: it stays RUNNING with its file
      logger.error({ err, importJob: job.id }, "import job interrupted; it resumes when the server starts again");
    }
  }
}

/** The body to `file`, refused beyond `maxBytes` and when empty (the file is created here, closed before this returns or throws). */
async function spool(body: Readable, file: string, maxBytes: number): Promise<void> {
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new FileTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
  // opened before the pipeline (the stream closes it): a failed pipeline cannot re-create the file once the caller removed it
  const handle = await fs.promises.open(file, "wx", 0o600);
  await pipeline(body, cap, handle.createWriteStream());
  if (bytes === 0) throw new BadUserInputError("The request has no body: send the file's bytes", { field: "file" });
}
