import fs from "node:fs";
import path from "node:path";
import type { EntityManager } from "typeorm";
import type { Database } from "../../db/data-source";
import { BadUserInputError, ConflictError, NotFoundError, type FieldProblem } from "../../shared/errors";
import { isUuid } from "../../shared/ids";
import { piiCipherFor } from "../customer/customer-identity.service";
import { API_SOURCE_SYSTEM } from "../source/source-key.entity";
import type { BatchContext, ImportKind, ImportRow } from "./import-kind";
import { IMPORT_ENTITIES, IMPORT_KINDS } from "./import-kinds";
import { ImportJob, ImportStatus } from "./import-job.entity";
import { SourceFileError, formatOf, sourceRecords, type ReadProgress } from "./record-reader";
import { headerProblem } from "./source-columns";
import { forgetStagingTables } from "./staging";
import { reassessListed } from "../risk/risk-batch";
import { defaultComplaintDueHours } from "../../config";
import { importRequestId } from "../events/outbox";

export interface ImportOptions {
  file: string;
  /** The encryption key of personal values (the server's PII_ENCRYPTION_KEY). */
  piiKey: string;
  /** Complaints' due hours per severity (the server's COMPLAINT_DUE_HOURS_*); default 24 each. */
  complaintDueHours?: BatchContext["complaintDueHours"];
  batchSize?: number;
  /** Called after each committed batch. */
  onBatch?: (job: ImportJob, progress: ReadProgress) => void;
  /** Called when the risk of the customers the job wrote has been re-assessed, with their number. */
  onRiskRefreshed?: (customers: number) => void;
  /** Tests: return (the job still RUNNING) after this many committed batches, as a process killed there. */
  stopAfterBatches?: number;
  /** Rows between two runs of the kind's upkeep (tests); the kind's own interval otherwise. */
  upkeepEvery?: number;
  /** Asked after each committed batch: true stops the job there (RUNNING, resumable), e.g. at server shutdown. */
  shouldStop?: () => boolean;
}

export interface NewImport extends ImportOptions {
  sourceSystem: string;
  entity: string;
  createdBy: string;
  /** The staff user who sent the file over HTTP (POST /imports). */
  ownerId?: string;
  /** The file is the API's spooled copy (deleted when the job ends). */
  spooled?: boolean;
}

const SOURCE_SYSTEM = /^[A-Z][A-Z0-9_]{1,39}$/;

/**
 * A job that wrote this many rows, or a tenth of the customers the planner believes there are,
 * refreshes the planner's statistics before its risk pass: a bulk load outruns autoanalyze (and
 * this server runs none). On a customer table planned as nearly empty the risk pass's chunk query
 * sorted every customer per chunk of 500 (quadratic: 280 s after 40,000 policies); on a fresh
 * database 5,000 policies left the risk facts' statement at ~700 ms a chunk of 500 (~20 ms with
 * statistics). The API's reads after the load get fresh plans too.
 */
const ANALYZE_AFTER_ROWS = 10_000;
const ANALYZE_AFTER_SHARE = 0.1;

/** Whether `written` rows are enough of the book to refresh the planner's statistics (reltuples: -1 when never analyzed). */
async function refreshesStatistics(db: Database, written: number): Promise<boolean> {
  if (written === 0) return false;
  if (written >= ANALYZE_AFTER_ROWS) return true;
  const [{ estimate }] = await db.query(`SELECT greatest(reltuples, 0)::float8 AS estimate FROM pg_class WHERE oid = 'customer'::regclass`);
  return written >= ANALYZE_AFTER_SHARE * Number(estimate);
}

interface RowError {
  line: number;
  sourceId: string | null;
  field: string | null;
  problem: string;
}

/** What a new job is (source system, entity), refused with every problem at once before anything is read. */
export function importTargetProblems(sourceSystem: string, entity: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!SOURCE_SYSTEM.test(sourceSystem) || sourceSystem.toLowerCase() === API_SOURCE_SYSTEM) {
    problems.push({ field: "source", problems: [`source must be 2–40 of A–Z, 0–9 and _ starting with a letter (${API_SOURCE_SYSTEM} is this API's own)`] });
  }
  if (!Object.hasOwn(IMPORT_KINDS, entity)) problems.push({ field: "entity", problems: [`entity must be one of ${IMPORT_ENTITIES.join(", ")}`] });
  return problems;
}

export function refuseProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new BadUserInputError(problems.map((p) => p.problems.join("; ")).join("; "), { fields: problems });
}

/** Checks a new job's target and file and records the job (RUNNING, nothing read yet). */
export async function createImportJob(db: Database, options: NewImport): Promise<ImportJob> {
  const problems = importTargetProblems(options.sourceSystem, options.entity);
  let size = 0;
  try {
    formatOf(options.file);
    size = fs.statSync(options.file).size;
  } catch (err) {
    problems.push({ field: "file", problems: [err instanceof SourceFileError ? err.message : "the file cannot be read"] });
  }
  refuseProblems(problems);
  return db.getRepository(ImportJob).save(
    db.getRepository(ImportJob).create({
      sourceSystem: options.sourceSystem,
      entity: options.entity,
      fileName: path.basename(options.file).slice(0, 255),
      fileSize: String(size),
      createdBy: options.createdBy.slice(0, 120),
      ownerId: options.ownerId ?? null,
      spoolFile: options.spooled ? path.resolve(options.file) : null,
    }),
  );
}

/** Starts a job for a file and runs it to its end (or to `stopAfterBatches`). */
export async function startImport(db: Database, options: NewImport): Promise<ImportJob> {
  return runImport(db, await createImportJob(db, options), options);
}

/** Runs a recorded job from its last committed line (a new one from the start). */
export function continueImport(db: Database, job: ImportJob, options: ImportOptions): Promise<ImportJob> {
  return runImport(db, job, options);
}

/** Resumes a job that did not finish, after its last committed batch; the file must be the same one. */
export async function resumeImport(db: Database, jobId: string, options: ImportOptions): Promise<ImportJob> {
  const job = isUuid(jobId) ? await db.getRepository(ImportJob).findOneBy({ id: jobId }) : null;
  if (!job) throw new NotFoundError("Import job", jobId);
  if (job.status === ImportStatus.COMPLETED) throw new ConflictError(`Import job ${jobId} has completed; start a new job`, { reason: "JOB_COMPLETED" });
  const size = fs.existsSync(options.file) ? fs.statSync(options.file).size : -1;
  if (path.basename(options.file) !== job.fileName || String(size) !== String(job.fileSize)) {
    throw new ConflictError(`Import job ${jobId} read ${job.fileName} (${job.fileSize} bytes); give that file to resume it`, { reason: "OTHER_FILE" });
  }
  await db.getRepository(ImportJob).update({ id: job.id }, { status: ImportStatus.RUNNING, failure: null, finishedAt: null });
  return runImport(db, Object.assign(job, { status: ImportStatus.RUNNING }), options);
}

type Item = { line: number; sourceId: string | null } & ({ row: ImportRow; digest: string } | { errors: RowError[] });

/**
 * Records checked between two turns of the event loop while a batch commits. The reader's loop
 * runs on promises alone (a parsed chunk holds hundreds of records), so without a turn the
 * database's answers to the committing batch wait until the whole next batch is checked, and the
 * database idles meanwhile.
 */
const RECORDS_PER_TURN = 32;

/**
 * Awaited after each record's (or row's) work: every RECORDS_PER_TURN calls, a turn of the event
 * loop while `wanted()`. A job whose batches write nothing (an unchanged re-import) takes none:
 * its commits hold no work to overlap, and its reader, the bound there, ran 25 µs a row slower
 * with turns (Node CPU 100 against 75 µs a row, bench:import).
 */
function turnTaker(wanted: () => boolean): () => Promise<void> {
  let since = 0;
  return () => {
    if (++since < RECORDS_PER_TURN || !wanted()) return Promise.resolve();
    since = 0;
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
}

/**
 * Streams the file after the job's last committed line, in batches of `batchSize` rows (fewer when
 * a source id repeats within a batch, so a batch holds each key once). Each batch — its rows, its
 * error rows and the job's counts and last line — commits as one transaction.
 */
async function runImport(db: Database, job: ImportJob, options: ImportOptions): Promise<ImportJob> {
  const kind = IMPORT_KINDS[job.entity];
  const batchSize = options.batchSize ?? 1000;
  const read: ReadProgress = { bytes: 0 };
  const cipher = piiCipherFor(options.piiKey);
  const batchContext = { piiKey: options.piiKey, complaintDueHours: options.complaintDueHours ?? defaultComplaintDueHours() };
  let batch: Item[] = [];
  let keys = new Set<string>();
  let committed = 0;
  let sinceUpkeep = 0;
  let lastLine = job.lastLine;
  const stopNow = () => (options.stopAfterBatches !== undefined && committed >= options.stopAfterBatches) || options.shouldStop?.() === true;
  // The next batch is read and checked (CPU in this process) while the previous one commits (in the
  // database): two cores busy instead of one at a time. Batches still commit one by one in file
  // order. A run that stops after N batches (tests) commits without overlap, so N is exact.
  const overlap = options.stopAfterBatches === undefined;
  let pending: Promise<void> = Promise.resolve();
  let writing = true; // whether the last committed batch wrote rows (turns are taken while it did)
  const turnsWanted = () => writing;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    keys = new Set();
    const cause = { actorId: job.ownerId, requestId: importRequestId(job.id) };
    const context = { ...batchContext, sourceSystem: job.sourceSystem, cause };
    // while the batch before commits: its statements go on between this batch's rows
    const prepared = kind.prepare ? await kind.prepare(db, context, validItems(rows), turnTaker(turnsWanted)) : undefined;
    await pending; // a failed commit ends the run here
    pending = commitBatch(db, kind, context, job, lastLine, rows, prepared).then(async ({ endLine, wrote }) => {
      lastLine = endLine;
      writing = wrote;
      committed++;
      sinceUpkeep += rows.length;
      if (kind.upkeep && sinceUpkeep >= (options.upkeepEvery ?? kind.upkeep.rows)) {
        sinceUpkeep = 0;
        await kind.upkeep.run(db);
      }
      options.onBatch?.(await db.getRepository(ImportJob).findOneByOrFail({ id: job.id }), read);
    });
    pending.catch(() => undefined); // awaited at the next flush; not an unhandled rejection meanwhile
    if (!overlap) await pending;
  };
  try {
    const check = (columns: string[]) => {
      const problem = headerProblem(kind.columns, columns);
      if (problem) throw new SourceFileError(`line 1: ${problem}`);
    };
    const afterRecord = turnTaker(turnsWanted); // the committing batch's statements go on between the checks
    for await (const record of sourceRecords(options.file, check, read)) {
      if (record.line <= job.lastLine) continue;
      await afterRecord();
      let item: Item;
      if ("problem" in record) {
        item = { line: record.line, sourceId: null, errors: [{ line: record.line, sourceId: null, field: null, problem: record.problem }] };
      } else {
        const checked = kind.check(record.values);
        item =
          "row" in checked
            ? { line: record.line, sourceId: checked.row.sourceId, row: checked.row, digest: cipher.contentDigest(checked.row.content) }
            : { line: record.line, sourceId: checked.sourceId, errors: errorsOf(record.line, checked.sourceId, checked.problems) };
      }
      if ("row" in item && keys.has(item.row.sourceId)) await flush(); // the later record of a key wins, in file order
      if (stopNow()) return await pending.then(() => reload(db, job.id));
      batch.push(item);
      if ("row" in item) keys.add(item.row.sourceId);
      if (batch.length >= batchSize) await flush();
      if (stopNow()) return await pending.then(() => reload(db, job.id));
    }
    await flush();
    await pending;
  } catch (err) {
    await pending.catch(() => undefined); // the batch in flight settles before the job's state is written
    if (!(err instanceof SourceFileError)) throw err; // the database or the process: the job stays RUNNING, resume it
    await db.getRepository(ImportJob).update({ id: job.id }, { status: ImportStatus.FAILED, failure: err.message.slice(0, 300), finishedAt: new Date() });
    return reload(db, job.id);
  }
  // the risk of every customer the job wrote, re-assessed in batches before the job counts as done
  // (a job stopped here is still RUNNING: its resume reads no more rows and comes back here)
  if (options.shouldStop?.() === true) return reload(db, job.id);
  const written = await reload(db, job.id);
  if (await refreshesStatistics(db, written.inserted + written.updated)) await db.query("ANALYZE");
  const reassessed = kind.assessesRisk ? await reassessListed(db, { table: "import_job_customer", where: "t.job_id = $1" }, job.id, job.startedAt) : 0;
  options.onRiskRefreshed?.(reassessed);
  await db.transaction(async (manager) => {
    await manager.query(`DELETE FROM import_job_customer WHERE job_id = $1`, [job.id]); // done with: the risk pass has read them
    await manager.getRepository(ImportJob).update({ id: job.id }, { status: ImportStatus.COMPLETED, finishedAt: new Date() });
  });
  return reload(db, job.id);
}

function reload(db: Database, id: string): Promise<ImportJob> {
  return db.getRepository(ImportJob).findOneByOrFail({ id });
}

function errorsOf(line: number, sourceId: string | null, problems: FieldProblem[]): RowError[] {
  return problems.flatMap(({ field, problems: texts }) => texts.map((problem) => ({ line, sourceId, field, problem: problem.slice(0, 300) })));
}

/** A committed batch: its last line, and whether it inserted or changed any row. */
interface Committed {
  endLine: number;
  wrote: boolean;
}

/** One batch in one transaction; refuses to run when another process moved the job meanwhile. */
async function commitBatch(db: Database, kind: ImportKind, context: BatchContext, job: ImportJob, lastLine: number, batch: Item[], prepared: unknown): Promise<Committed> {
  try {
    return await writeBatch(db, kind, context, job, lastLine, batch, prepared);
  } catch (err) {
    forgetStagingTables(); // a staging table created in the rolled-back transaction is gone
    throw err;
  }
}

type ValidItem = Item & { row: ImportRow; digest: string };
const validItems = (batch: Item[]) => batch.filter((item): item is ValidItem => "row" in item);

async function writeBatch(db: Database, kind: ImportKind, context: BatchContext, job: ImportJob, lastLine: number, batch: Item[], prepared: unknown): Promise<Committed> {
  const valid = validItems(batch);
  const errors = batch.flatMap((item) => ("errors" in item ? item.errors : []));
  const endLine = batch[batch.length - 1].line;
  return db.transaction(async (manager) => {
    const counts = await kind.upsert(manager, context, valid, prepared);
    for (const { row, field, problem } of counts.refused) {
      errors.push({ line: valid.find((item) => item.row === row)!.line, sourceId: row.sourceId, field, problem });
    }
    await insertErrors(manager, job.id, errors);
    if (kind.assessesRisk && counts.customers.length > 0) {
      // kept with the batch: a job resumed after a stop still re-assesses the customers of the batches before it
      await manager.query(
        `INSERT INTO import_job_customer (job_id, customer_id) SELECT $1, id FROM unnest($2::uuid[]) AS t(id) ON CONFLICT DO NOTHING`,
        [job.id, [...new Set(counts.customers)]],
      );
    }
    const failedRows = new Set(errors.map((error) => error.line)).size;
    const moved = await manager.query(
      `UPDATE import_job SET processed = processed + $3, inserted = inserted + $4, updated = updated + $5, unchanged = unchanged + $6,
         failed = failed + $7, last_line = $8 WHERE id = $1 AND last_line = $2 RETURNING id`,
      [job.id, lastLine, batch.length, counts.inserted, counts.updated, counts.unchanged, failedRows, endLine],
    );
    if ((moved as unknown[]).length === 0) {
      throw new ConflictError(`Import job ${job.id} was advanced by another process; stop one of them`, { reason: "JOB_MOVED" });
    }
    return { endLine, wrote: counts.inserted + counts.updated > 0 };
  });
}

async function insertErrors(manager: EntityManager, jobId: string, errors: RowError[]): Promise<void> {
  if (errors.length === 0) return;
  await manager.query(
    `INSERT INTO import_error (job_id, line, source_id, field, problem)
     SELECT $1, * FROM unnest($2::int[], $3::varchar[], $4::varchar[], $5::varchar[])`,
    [jobId, errors.map((e) => e.line), errors.map((e) => e.sourceId), errors.map((e) => e.field), errors.map((e) => e.problem)],
  );
}
