import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { PiiCipher } from "../../shared/pii-crypto";
import { copyField } from "../../db/load-rows";
import { CUSTOMER_HEADER, customerRows } from "../import-files";

/** The customer file's columns as the customer table stores them (the national id sealed and blind-indexed, as the API writes it). */
const STORED: readonly [column: string, from: (values: Record<string, string | number | null>, cipher: PiiCipher) => string | number | null][] = [
  ["kind", (v) => v.kind], ["full_name", (v) => v.fullName], ["gender", (v) => v.gender], ["date_of_birth", (v) => v.dateOfBirth], ["id_type", (v) => v.idType],
  ["national_id_encrypted", (v, cipher) => (v.nationalId === null ? null : cipher.encrypt(String(v.nationalId)))],
  ["national_id_hash", (v, cipher) => (v.nationalId === null ? null : cipher.blindIndex(String(v.nationalId)))],
  ["email", (v) => v.email], ["phone", (v) => v.phone], ["address", (v) => v.address], ["city", (v) => v.city], ["region", (v) => v.region],
  ["occupation", (v) => v.occupation], ["occupation_class", (v) => v.occupationClass], ["annual_income", (v) => v.annualIncome],
  ["marital_status", (v) => v.maritalStatus], ["dependents", (v) => v.dependents], ["service_tier", (v) => v.serviceTier],
  ["risk_preference", (v) => v.riskPreference], ["preferred_channel", (v) => v.preferredChannel],
];

/**
 * A book of `count` individual customers only — the rows `bench:import`'s customer file holds
 * (names by frequency, valid resident ids), numbered C00000001… — written by one COPY, without
 * match keys: the first full re-match then clusters the whole book from nothing. Minutes at
 * 1,000,000, where the importer (which matches as it writes) takes about an hour on 2 cores.
 */
export async function copyCustomerBook(databaseUrl: string, cipher: PiiCipher, count: number, onProgress: (written: number) => void): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const next = customerRows(1);
    let i = 0;
    const lines = Readable.from(
      (function* () {
        while (i < count) {
          let chunk = "";
          for (const end = Math.min(count, i + 1_000); i < end; i++) {
            const row = next(i);
            const values = Object.fromEntries(CUSTOMER_HEADER.map((name, k) => [name, row[k]]));
            chunk += `C${String(i + 1).padStart(8, "0")}\t${STORED.map(([, from]) => copyField(from(values, cipher))).join("\t")}\n`;
          }
          if (i % 100_000 === 0) onProgress(i);
          yield chunk;
        }
      })(),
    );
    const copy = client.query(copyFrom(`COPY customer (customer_number, ${STORED.map(([column]) => column).join(", ")}) FROM STDIN`));
    await pipeline(lines, copy);
    return Number(copy.rowCount);
  } finally {
    await client.end();
  }
}
