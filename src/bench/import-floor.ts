import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

/**
 * The floor of the import bench: the customer rows exactly as the import stored them (ciphertext,
 * blind index, every column) written by one bare `COPY … FROM STDIN` into a copy of the customer
 * table with the same indexes and constraints. The rows are first copied out to a file, so that
 * only the load is timed and memory stays flat at any size.
 */
export async function measureCopyFloor(databaseUrl: string, file: string): Promise<{ rows: number; ms: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await pipeline(client.query(copyTo("COPY customer TO STDOUT")), fs.createWriteStream(file));
    await client.query("DROP TABLE IF EXISTS customer_copy_floor");
    await client.query("CREATE TABLE customer_copy_floor (LIKE customer INCLUDING ALL)");
    const started = performance.now();
    const copy = client.query(copyFrom("COPY customer_copy_floor FROM STDIN"));
    await pipeline(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), copy);
    const ms = performance.now() - started;
    return { rows: Number(copy.rowCount), ms };
  } finally {
    await client.query("DROP TABLE IF EXISTS customer_copy_floor").catch(() => undefined);
    fs.rmSync(file, { force: true });
    await client.end();
  }
}
