import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeResidentId } from "../src/shared/national-id";
import { startImport } from "../src/modules/importing/import.service";
import { recordStagingModes } from "../src/db/load-rows";
import { stageRows } from "../src/modules/importing/staging";
import type { WriteColumn } from "../src/db/write-columns";
import { startTestApp, type TestApp } from "./support/app";

/** Values that COPY's text format must escape or tell apart: separators, backslashes, null against empty, non-ASCII, extremes. */
const COLUMNS: WriteColumn[] = [["n", "n", "int"], ["text", "text", "varchar"], ["money", "money", "bigint"], ["day", "day", "date"], ["id", "id", "uuid"]];
const ROWS = [
  { n: 1, text: "tab\there, line\nbreak, cr\r, back\\slash \\N", money: 9_007_199_254_740_991, day: "2026-02-28", id: "4a4a1e52-29a6-4d8c-9b47-6f1b1fd4a001" },
  { n: 2, text: "", money: 0, day: null, id: null },
  { n: 3, text: null, money: null, day: "1900-01-01", id: "4a4a1e52-29a6-4d8c-9b47-6f1b1fd4a003" },
  { n: 4, text: "赵磊 — \"quoted\", 'single', ,comma; \\\\ two", money: 125_000, day: "2000-02-29", id: null },
];

describe("the import's staging load (COPY on PostgreSQL, UNNEST on PGlite)", () => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "c360-staging-"));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loads batches by COPY on PostgreSQL and by UNNEST on the embedded database", async () => {
    const file = path.join(dir, "customers.csv");
    const id = makeResidentId("110101", "1990-05-17", 123);
    fs.writeFileSync(file, `sourceId,kind,fullName,dateOfBirth,idType,nationalId\nS-1,INDIVIDUAL,Zhao Lei,1990-05-17,RESIDENT_ID,${id}\nS-2,ENTERPRISE,"Tab\tand\\back",,,\n`);
    const modes = recordStagingModes(true);
    try {
      const job = await startImport(app.db, { file, sourceSystem: "STAGING", entity: "customers", createdBy: "test", piiKey: app.config.piiEncryptionKey });
      expect(job).toMatchObject({ status: "COMPLETED", inserted: 2 });
    } finally {
      recordStagingModes(false);
    }
    expect(modes.length).toBeGreaterThanOrEqual(2); // the customers and their source keys
    expect(new Set(modes)).toEqual(new Set([app.db.kind === "postgres" ? "copy" : "unnest"]));
    const [row] = await app.db.query(`SELECT c.full_name FROM customer c JOIN source_key k ON k.record_id = c.id WHERE k.source_system = 'STAGING' AND k.source_id = 'S-2'`);
    expect(row.full_name).toBe("Tab\tand\\back");
  });

  it("stages the same rows by COPY as by UNNEST (PostgreSQL: both loads side by side)", async () => {
    if (app.db.kind !== "postgres") return; // the embedded database has only the UNNEST load
    const [copied, unnested] = await app.db.transaction(async (manager) => {
      const read = async (name: string, force?: "unnest") => {
        expect(await stageRows(manager, name, COLUMNS, ROWS, force)).toBe(force ?? "copy");
        return manager.query(`SELECT n, text, money::text AS money, day::text AS day, id::text AS id FROM ${name} ORDER BY n`);
      };
      return [await read("test_stage_copy"), await read("test_stage_unnest", "unnest")];
    });
    expect(copied).toEqual(unnested);
    expect(copied.map((r: { text: string | null }) => r.text)).toEqual(ROWS.map((r) => r.text));
    expect(copied[0].money).toBe("9007199254740991");
  });
});
