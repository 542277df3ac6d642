import fs from "node:fs";
import readline from "node:readline";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";

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

/** The file's text, streamed (gunzipped when it ends in .gz), decoded as UTF-8. */
function textStream(file: string): Readable {
  const raw = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const stream = file.toLowerCase().endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (err) => stream.destroy(err));
  stream.setEncoding("utf8");
  return stream;
}

/**
 * RFC 4180 records from text chunks: quoted fields may hold commas, quotes ("") and line breaks;
 * CRLF or LF ends a record; blank lines are skipped. Each record carries the line it starts on.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<{ line: number; fields: string[]; malformed: boolean }> {
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let closedQuote = false;
  let malformed = false;
  let started = false;
  let line = 1;
  let start = 1;
  let size = 0;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (++size > MAX_RECORD_CHARS) throw new SourceFileError(`line ${start}: a record longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`);
      if (quoted) {
        if (c === '"') {
          quoted = false;
          closedQuote = true;
        } else {
          if (c === "\n") line++;
          field += c;
        }
        continue;
      }
      if (c === '"') {
        if (closedQuote) field += '"'; // "" inside a quoted field
        else if (field !== "") malformed = true;
        quoted = true;
        closedQuote = false;
        started = true;
        continue;
      }
      if (c === ",") {
        fields.push(field);
        field = "";
        closedQuote = false;
        started = true;
      } else if (c === "\n") {
        if (started || field !== "") {
          fields.push(field);
          yield { line: start, fields, malformed };
        }
        line++;
        fields = [];
        field = "";
        closedQuote = false;
        malformed = false;
        started = false;
        start = line;
        size = 0;
      } else if (c !== "\r") {
        if (closedQuote) malformed = true; // text after a closing quote
        field += c;
        if (!started) start = line;
        started = true;
      }
    }
  }
  if (quoted) throw new SourceFileError(`line ${start}: the file ends inside a quoted field`);
  if (started || field !== "") {
    fields.push(field);
    yield { line: start, fields, malformed };
  }
}

/** CSV with a header line naming the columns (checked by `checkHeader` before any row is read). */
async function* csvFile(file: string, checkHeader: (columns: string[]) => void): AsyncGenerator<SourceRecord> {
  let header: string[] | null = null;
  for await (const record of csvRecords(textStream(file))) {
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
async function* ndjsonFile(file: string): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of readline.createInterface({ input: textStream(file), crlfDelay: Infinity })) {
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
export function sourceRecords(file: string, checkHeader: (columns: string[]) => void): AsyncGenerator<SourceRecord> {
  return formatOf(file) === "csv" ? csvFile(file, checkHeader) : ndjsonFile(file);
}
