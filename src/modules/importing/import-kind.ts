import type { DataSource, EntityManager } from "typeorm";
import type { EventCause } from "../events/outbox";
import type { ComplaintSeverityName } from "../../config";
import type { FieldProblem } from "../../shared/errors";
import type { SourceColumn } from "./source-columns";

/** A valid row of any kind: its key in the source system and its normalized content (digested, never stored). */
export interface ImportRow {
  sourceId: string;
  content: string;
}

export type CheckedRow<Row extends ImportRow> = { row: Row } | { sourceId: string | null; problems: FieldProblem[] };

export interface BatchCounts<Row extends ImportRow> {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows refused at write time (what only the database can tell: an unknown reference, an erased customer), by column (null: the row). */
  refused: { row: Row; field: string | null; problem: string }[];
  /** The customers whose records of this kind the batch inserted or changed (repeats allowed; kept for the job's risk pass). */
  customers: string[];
}

export interface BatchContext {
  sourceSystem: string;
  /** The encryption key of personal values (the server's PII_ENCRYPTION_KEY). */
  piiKey: string;
  /** Hours from receipt to a complaint's due time per severity, as the API derives it (COMPLAINT_DUE_HOURS_<SEVERITY>). */
  complaintDueHours: Record<ComplaintSeverityName, number>;
  /** Whom the batch's events name: the job's owner, and the job as the request. */
  cause: EventCause;
}

/**
 * What the job runner needs to know of one kind of record (one `--entity`): the file's columns
 * (README "Loading your data" documents the same table), the row check (typed, validated,
 * normalized; no database) and the set-based upsert of one batch in the caller's transaction. The
 * runner does the rest the same way for every kind: streaming, batches, digests, errors, resume.
 */
export interface ImportKind<Row extends ImportRow = ImportRow> {
  entity: string;
  /** The entities this kind's rows point to (claims → policies): their files are imported first (`importOrder`). */
  references: readonly string[];
  columns: readonly SourceColumn[];
  check(values: Record<string, unknown>): CheckedRow<Row>;
  /**
   * Whether the kind's records are risk facts: the customers a job of this kind wrote (each
   * batch's `customers`, kept in import_job_customer) are re-assessed when the job ends (segments
   * need nothing: their membership is evaluated from the rules at every read).
   */
  assessesRisk: boolean;
  /**
   * Upkeep between batches of a long job, outside any transaction, once every `rows` rows read
   * (customers: the match-key table vacuumed, so that matching keeps reading its index alone).
   */
  upkeep?: { rows: number; run(db: DataSource): Promise<void> };
  /**
   * Work for a batch's rows done before its transaction, while the batch before it commits (no
   * lock held, nothing written): what the upsert would otherwise compute with the register locked
   * (customers: sealing and match keys). What it answers is a hint: the upsert decides again inside
   * the transaction and computes whatever a row lacks. `afterRow`, awaited after each row's work,
   * lets the committing batch's statements go on now and then.
   */
  prepare?(db: DataSource, context: BatchContext, rows: { row: Row; digest: string }[], afterRow: () => Promise<void>): Promise<unknown>;
  /** Each source id appears at most once in `rows` (the runner cuts batches so); `prepared`: what `prepare` answered for them. */
  upsert(manager: EntityManager, context: BatchContext, rows: { row: Row; digest: string }[], prepared?: unknown): Promise<BatchCounts<Row>>;
}

/** A kind, typed by its own rows where it is declared; the runner only hands `upsert` rows that `check` made. */
export function importKind<Row extends ImportRow>(kind: ImportKind<Row>): ImportKind {
  return kind as unknown as ImportKind;
}
