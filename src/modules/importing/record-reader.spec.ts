import { Readable } from "node:stream";
import { csvRecords, SourceFileError } from "./record-reader";

async function read(text: string) {
  const out: { line: number; fields: string[]; malformed: boolean }[] = [];
  for await (const record of csvRecords(Readable.from([text]))) out.push(record);
  return out;
}

describe("CSV records (csv-parse)", () => {
  it("numbers each record by the line it starts on, across quoted line breaks, blank lines, CRLF and a BOM", async () => {
    const records = await read('\uFEFFa,b\r\n1,"x\ny"\n\n"2",3\r\n"4\n5\n6",7\n8,9');
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "x\ny"]],
      [5, ["2", "3"]],
      [6, ["4\n5\n6", "7"]],
      [9, ["8", "9"]],
    ]);
  });

  it("reports a malformed record once and reads on", async () => {
    const records = await read('a,b\n1,x"q"\n3,4\n');
    expect(records.map((r) => [r.line, r.malformed])).toEqual([[1, false], [2, true], [3, false]]);
    expect(records[2].fields).toEqual(["3", "4"]);
  });

  it("stops the file at an unclosed quote, after the records before it", async () => {
    const seen: number[] = [];
    await expect((async () => {
      for await (const record of csvRecords(Readable.from(['a,b\n1,2\n3,"4\n']))) seen.push(record.line);
    })()).rejects.toThrow(SourceFileError);
    expect(seen).toEqual([1, 2]);
  });
});
