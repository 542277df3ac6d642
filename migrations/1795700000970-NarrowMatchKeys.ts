import type { MigrationInterface, QueryRunner } from "typeorm";

/** The kind codes as this migration writes them (src/modules/identity/matching/key-kinds.ts KEY_KIND_CODES, checked equal by test/identity.spec.ts). */
export const CODES: [string, number][] = [
  ["nationalId", 1], ["phone", 2], ["email", 3], ["emailLocal", 4], ["nameBirth", 5], ["initialsBirth", 6],
  ["nameYear", 7], ["name", 8], ["address", 9], ["nameCount", 10], ["birthCount", 11],
];

/** A stored hex digest (its first 16 characters) as the signed bigint PiiCipher.matchKey now returns. */
export const digestOfHex = (column: string) => `('x' || substr(${column}, 1, 16))::bit(64)::bigint`;

/**
 * Narrower identity keys: the kind as a two-byte code and the keyed digest as its first eight
 * bytes (a bigint) instead of a varchar and 32 hex characters compared under the database's
 * collation. The stored digests are converted in place (the first 16 hex characters are the same
 * eight bytes PiiCipher.matchKey now returns), so no key has to be computed again. The key
 * table's row and index entry shrink by about a third and every comparison is an integer one.
 */
export class NarrowMatchKeys1795700000970 implements MigrationInterface {
  name = "NarrowMatchKeys1795700000970";

  public async up(q: QueryRunner): Promise<void> {
    const cases = CODES.map(([kind, code]) => `WHEN '${kind}' THEN ${code}`).join(" ");
    await q.query(
      `ALTER TABLE "customer_match_key" ALTER COLUMN "kind" TYPE smallint USING CASE "kind" ${cases} END,
                                         ALTER COLUMN "digest" TYPE bigint USING ${digestOfHex(`"digest"`)}`,
    );
    // the re-cluster's staging table holds nothing between runs
    await q.query(`TRUNCATE "identity_recluster_key"`);
    await q.query(`ALTER TABLE "identity_recluster_key" ALTER COLUMN "kind" TYPE smallint USING 0, ALTER COLUMN "digest" TYPE bigint USING 0`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // eight bytes cannot give back 16: the keys are dropped, and a re-cluster (npm run match-identities) stores them again
    await q.query(`DELETE FROM "customer_match_key"`);
    await q.query(`ALTER TABLE "customer_match_key" ALTER COLUMN "kind" TYPE character varying(16) USING '', ALTER COLUMN "digest" TYPE character(32) USING ''`);
    await q.query(`TRUNCATE "identity_recluster_key"`);
    await q.query(`ALTER TABLE "identity_recluster_key" ALTER COLUMN "kind" TYPE character varying(16) USING '', ALTER COLUMN "digest" TYPE character(32) USING ''`);
  }
}
