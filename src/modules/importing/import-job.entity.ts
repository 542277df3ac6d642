import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";

export enum ImportStatus {
  RUNNING = "RUNNING",
  COMPLETED = "COMPLETED",
  FAILED = "FAILED",
}
registerEnumType(ImportStatus, {
  name: "ImportStatus",
  description: "RUNNING (also a job whose process was stopped: resume it), COMPLETED, or FAILED (the file could not be read).",
  valuesConfig: {
    RUNNING: { description: "Importing, or stopped while importing (its process ended): run the import again to resume after its last committed batch." },
    COMPLETED: { description: "The whole file was read; refused rows are listed in importErrors." },
    FAILED: { description: "The file could not be read; the job stopped." },
  },
});

/**
 * One bulk import of one file. The row is also the audit record of the import: who ran it, from
 * which system, which file, when and with what counts (rows are not audited one by one); job rows
 * are never deleted. Each committed batch moves `lastLine` and the counts in the same transaction
 * as its rows, so a job stopped anywhere resumes after its last committed batch.
 */
@ObjectType({ description: "A bulk import job (ADMIN)." })
@Entity("import_job")
@Index("IDX_import_job_started", ["startedAt", "id"])
export class ImportJob {
  @Field(() => ID, { description: "Job id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "The system the file came from, e.g. CORE_PAS." })
  @Column("varchar", { length: 40 })
  sourceSystem: string;

  @Field(() => String, { description: "What the file holds (`--entity`): customers, policies, claims, instalments, relationships, consents, interactions, complaints or cases." })
  @Column("varchar", { length: 20 })
  entity: string;

  @Field(() => String, { description: "The file's name (without its directory)." })
  @Column("varchar", { length: 255 })
  fileName: string;

  /** Size in bytes of the file when the job started: a resume refuses a different file. */
  @Column("bigint")
  fileSize: string;

  @Field(() => String, { description: "Who ran the import: `cli:<account on the machine that ran the command>`, or `api:<username>` for a file sent to POST /imports." })
  @Column("varchar", { length: 120 })
  createdBy: string;

  /** The staff user who sent the file over HTTP (null for the CLI): an INTEGRATION account sees its own jobs only. */
  @Column("uuid", { nullable: true })
  ownerId: string | null;

  /** Where the API keeps a sent file until its job ends (null for the CLI, whose file is the operator's): a restarted server resumes from it. */
  @Column("varchar", { length: 500, nullable: true })
  spoolFile: string | null;

  @Field(() => ImportStatus, { description: "Where the job stands." })
  @Column("varchar", { length: 12, default: ImportStatus.RUNNING })
  status: ImportStatus;

  @Field(() => Int, { description: "Rows read and committed (inserted + updated + unchanged + failed)." })
  @Column("int", { default: 0 })
  processed: number;

  @Field(() => Int, { description: "New records." })
  @Column("int", { default: 0 })
  inserted: number;

  @Field(() => Int, { description: "Known records whose content changed." })
  @Column("int", { default: 0 })
  updated: number;

  @Field(() => Int, { description: "Known records with the same content as last imported." })
  @Column("int", { default: 0 })
  unchanged: number;

  @Field(() => Int, { description: "Rows refused (see importErrors)." })
  @Column("int", { default: 0 })
  failed: number;

  @Field(() => Int, { description: "The file's last line whose row is committed (a resume starts after it)." })
  @Column("int", { default: 0 })
  lastLine: number;

  @Field(() => String, { nullable: true, description: "Why the job failed (a file-level problem, never a row's values)." })
  @Column("varchar", { length: 300, nullable: true })
  failure: string | null;

  @Field(() => DateTimeISOResolver, { description: "When the job started." })
  @Column("timestamptz", { default: () => "now()" })
  startedAt: Date;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the job completed or failed." })
  @Column("timestamptz", { nullable: true })
  finishedAt: Date | null;

  @Field(() => String, { description: "Where the job's refused rows download as CSV (line, sourceId, field, problem), with the same token: GET on the API's host." })
  get errorsUrl(): string {
    return `/imports/${this.id}/errors.csv`;
  }
}

/** One refused row (or one problem of a row): where it is and what is wrong, never the value. */
@ObjectType({ description: "A row an import refused: its line, its source key, the field and the problem (never the value)." })
@Entity("import_error")
@Index("IDX_import_error_job_line", ["jobId", "line", "id"])
export class ImportError {
  @Field(() => ID, { description: "Error id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column("uuid")
  jobId: string;

  @ManyToOne(() => ImportJob, { onDelete: "CASCADE" })
  @JoinColumn({ name: "job_id" })
  job?: ImportJob;

  @Field(() => Int, { description: "Line of the file where the row starts (1 is a CSV file's header)." })
  @Column("int")
  line: number;

  @Field(() => String, { nullable: true, description: "The row's source id, when it has a readable one." })
  @Column("varchar", { length: 100, nullable: true })
  sourceId: string | null;

  @Field(() => String, { nullable: true, description: "The column at fault (null: the row as a whole)." })
  @Column("varchar", { length: 60, nullable: true })
  field: string | null;

  @Field(() => String, { description: "What is wrong." })
  @Column("varchar", { length: 300 })
  problem: string;
}
