import fs from "node:fs";
import readline from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";

/** One record of a source file: the line it starts on and its values by column, or why it cannot be read. */
export type SourceRecord = { line: number; values: Record<string, unknown> } | { line: number; problem: string };

/** A problem with the file as a whole (no header, unknown columns, an unclosed quote): the job fails. */
export class SourceFileError extends Error {}

/** A record (CSV) longer than this means an unclosed quote; reading stops instead of buffering the rest of the file. */
const MAX_RECORD_CHARS = 1 << 20;

export type SourceFormat = "csv" | "ndjson";

/** The format by the file's name: `.csv` or `.ndjson` / `.jsonl`, each optionally `.gz`. */
export function formatOf(fileName: string): SourceFormat {
  const name = fileName.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return "ndjson";
  throw new SourceFileError("the file name must end in .csv, .ndjson or .jsonl (optionally .gz)");
}

/** How far a file has been read, in bytes of the file itself (compressed ones for .gz): progress against its size. */
export interface ReadProgress {
  bytes: number;
}

/** The file's text, streamed (gunzipped when it ends in .gz), decoded as UTF-8. */
function textStream(file: string, read: ReadProgress = { bytes: 0 }): Readable {
  const raw = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  raw.on("data", (chunk) => (read.bytes += chunk.length));
  const stream = file.toLowerCase().endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (err) => stream.destroy(err));
  stream.setEncoding("utf8");
  return stream;
}

/** Errors of one record, after which reading goes on (the record becomes a row error). */
const RECORD_ERRORS = new Set(["INVALID_OPENING_QUOTE", "CSV_INVALID_CLOSING_QUOTE", "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH", "CSV_RECORD_INCONSISTENT_COLUMNS"]);

type CsvItem = { line: number; fields: string[]; malformed: boolean };

/**
 * RFC 4180 records (csv-parse): quoted fields may hold commas, quotes ("") and line breaks; CRLF
 * or LF ends a record; blank lines are skipped. Each record carries the line it starts on. A
 * malformed record (text next to a quoted field) is reported and reading goes on; an unclosed
 * quote or a record over MAX_RECORD_CHARS ends the file's reading (SourceFileError).
 */
export async function* csvRecords(input: Readable): AsyncGenerator<CsvItem> {
  const parser = input.pipe(
    parse({
      info: true, bom: true, skip_empty_lines: true, relax_column_count: true, skip_records_with_error: true,
      record_delimiter: ["\r\n", "\n"], max_record_size: MAX_RECORD_CHARS,
    }),
  );
  input.on("error", (err) => parser.destroy(err));
  const queue: CsvItem[] = [];
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  let lastMalformed = -1;
  const notify = () => {
    wake?.();
    wake = null;
  };
  parser.on("data", ({ record, info }: { record: string[]; info: { lines: number } }) => {
    // info.lines is the line the record ends on; a quoted line break moves its start up
    const breaks = record.reduce((n, field) => n + field.split("\n").length - 1, 0);
    queue.push({ line: info.lines - breaks, fields: record, malformed: false });
    if (queue.length >= 1000) parser.pause();
    notify();
  });
  parser.on("skip", (err: CsvError & { lines?: number }) => {
    const line = err.lines ?? 0;
    if (!RECORD_ERRORS.has(err.code)) {
      failure = new SourceFileError(err.code === "CSV_QUOTE_NOT_CLOSED"
        ? `line ${line}: the file ends inside a quoted field`
        : `line ${line}: a record longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`);
      parser.destroy();
    } else if (line !== lastMalformed) {
      lastMalformed = line; // csv-parse may report one record twice
      queue.push({ line, fields: [], malformed: true });
    }
    notify();
  });
  parser.on("end", () => {
    ended = true;
    notify();
  });
  parser.on("error", (err) => {
    failure ??= err;
    notify();
  });
  parser.on("close", () => {
    ended = true;
    notify();
  });
  for (;;) {
    const item = queue.shift();
    if (item) {
      if (queue.length < 100) parser.resume();
      yield item;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** CSV with a header line naming the columns (checked by `checkHeader` before any row is read). */
async function* csvFile(file: string, checkHeader: (columns: string[]) => void, read: ReadProgress): AsyncGenerator<SourceRecord> {
  let header: string[] | null = null;
  for await (const record of csvRecords(textStream(file, read))) {
    if (!header) {
      header = record.fields.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, "") : name).trim());
      checkHeader(header);
      continue;
    }
    if (record.malformed) {
      yield { line: record.line, problem: "the row is not valid CSV (text next to a quoted field)" };
    } else if (record.fields.length !== header.length) {
      yield { line: record.line, problem: `the row has ${record.fields.length} fields, the header ${header.length}` };
    } else {
      const values: Record<string, unknown> = {};
      header.forEach((column, i) => (values[column] = record.fields[i]));
      yield { line: record.line, values };
    }
  }
  if (!header) throw new SourceFileError("the file is empty (a CSV file starts with a header line naming its columns)");
}

/** One JSON object per line; blank lines are skipped. */
async function* ndjsonFile(file: string, read: ReadProgress): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of readline.createInterface({ input: textStream(file, read), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      yield { line, problem: "the line is not valid JSON" };
      continue;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) yield { line, problem: "the line is not a JSON object" };
    else yield { line, values: parsed as Record<string, unknown> };
  }
}

/** The file's records in order, streamed: memory stays bounded by one record (plus the stream's buffer). */
export function sourceRecords(file: string, checkHeader: (columns: string[]) => void, read: ReadProgress = { bytes: 0 }): AsyncGenerator<SourceRecord> {
  return formatOf(file) === "csv" ? csvFile(file, checkHeader, read) : ndjsonFile(file, read);
}
