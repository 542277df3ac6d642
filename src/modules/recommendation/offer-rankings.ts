import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "typeorm";
import { Role } from "../../auth/role";
import { logger } from "../../shared/logger";
import { productCatalogue } from "../product/product-catalogue";
import type { Product } from "../product/product.entity";
import type { ScoredProduct } from "./recommendation-engine";
import type { ActivityRow } from "./recommendation.loaders";
import { COMPLAINT_SUPPRESSION_DAYS, DECLINE_SUPPRESSION_DAYS, RECENT_CLAIM_DAYS, TRAVEL_SIGNAL_DAYS } from "./recommendation-rules";

/**
 * Stored offer rankings (table `offer_ranking`, migration …1100-OfferRankings). An offers page reads
 * each customer's stored ranking for the viewer's role and uses it only while it still holds:
 * - no fact it was computed from changed since: every write to a table the ranking reads appends a
 *   change row (statement triggers, `offer_fact_change`), and a ranking holds only while every change
 *   row of its customer was visible in the snapshot its facts were read under;
 * - before `valid_until`, the first instant a rule's time window or an age would change the answer;
 * - on the same basis (the engine's code and the product catalogue) and the same segment memberships,
 *   which the page computes live.
 * With the ranking, the contact policy's facts read with it are kept (`contact`, migration …1102): the
 * tables they come from are watched the same way (do-not-contact too), so they hold exactly as long.
 * The consent to marketing and profiling, row scope, the contact policy's decision (quiet hours and
 * the frequency window at the instant of the read) and masking are decided live at every read; a
 * ranking only spares reading and scoring the facts.
 */

const DAY_MS = 86_400_000;

/** The folders whose code decides a ranking: the engine and its facts, the use policy and masking, the risk release rule. */
const DECIDING_CODE = [__dirname, path.join(__dirname, "..", "risk"), path.join(__dirname, "..", "..", "auth")];

let codeFingerprint: string | undefined;
/** A digest of the deciding code as deployed (its files' bytes): a new build never uses another build's rankings. */
function deployedCode(): string {
  if (codeFingerprint) return codeFingerprint;
  const hash = createHash("sha256");
  for (const dir of DECIDING_CODE) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(js|ts)$/.test(name) || /\.(spec|test)\.|\.d\.ts$/.test(name)) continue;
      hash.update(name).update(fs.readFileSync(path.join(dir, name)));
    }
  }
  return (codeFingerprint = hash.digest("hex"));
}

const bases = new WeakMap<readonly Product[], string>();
/** What a stored ranking was computed on besides its customer's facts: the deciding code and the catalogue as read now. */
export async function rankingBasis(db: DataSource): Promise<string> {
  const catalogue = await productCatalogue(db);
  let basis = bases.get(catalogue);
  if (!basis) bases.set(catalogue, (basis = createHash("sha256").update(deployedCode()).update(JSON.stringify(catalogue)).digest("hex")));
  return basis;
}

/** Roles whose rankings are stored (a literal in the page statement: one of the enum's values). */
export function storedRole(role: Role | null): Role | null {
  return role !== null && Object.values(Role).includes(role) ? role : null;
}

/**
 * The `kept` CTE of an offers page: the page's customers (CTE `members`: their ids and live
 * memberships as `rec_segments`) whose stored ranking still holds, each with its best entry —
 * overall, or of the product line `line` (an SQL expression, NULL for any; null when the ranking has
 * none of that line) — and its channel. `basis` is an SQL expression (a named parameter).
 */
export function keptRankingsSql(role: Role | null, basis: string, line: string): string {
  const stored = storedRole(role);
  if (!stored) return `kept AS (SELECT NULL::uuid AS customer_id, NULL::jsonb AS top, NULL::varchar AS channel, NULL::jsonb AS contact WHERE FALSE)`;
  return `kept AS (SELECT k.customer_id, k.channel, k.contact,
      CASE WHEN ${line} IS NULL THEN k.ranking -> 0
           ELSE (SELECT e.entry FROM jsonb_array_elements(k.ranking) WITH ORDINALITY AS e(entry, n) JOIN product pr ON pr.code = e.entry ->> 'productCode'
                  WHERE pr.line = ${line} ORDER BY e.n LIMIT 1) END AS top
    FROM members p
    JOIN offer_ranking k ON k.customer_id = p.id AND k.role = '${stored}' AND k.basis = ${basis} AND k.valid_until > now() AND k.segments = p.rec_segments
                         AND k.contact IS NOT NULL
   WHERE NOT EXISTS (SELECT 1 FROM offer_fact_change ch WHERE ch.customer_id = p.id AND NOT pg_visible_in_snapshot(ch.xid::text::xid8, k.snapshot::pg_snapshot)))`;
}

/**
 * The first instant after `now` at which the facts read at `now` could give another ranking: a
 * windowed fact leaving its window (answers, open complaints, contacts, recent claims) or the UTC
 * date changing (ages are whole years on UTC dates).
 */
export function rankingValidUntil(now: Date, row: Pick<ActivityRow, "offer_responses" | "open_complaints" | "interactions" | "claims">): Date {
  const ends = [Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)];
  const leaves = (at: string | null | undefined, days: number) => {
    if (at) ends.push(new Date(at).getTime() + days * DAY_MS);
  };
  for (const answer of row.offer_responses) leaves(answer.respondedAt, DECLINE_SUPPRESSION_DAYS);
  for (const complaint of row.open_complaints) leaves(complaint.receivedAt, COMPLAINT_SUPPRESSION_DAYS);
  for (const contact of row.interactions) leaves(contact.occurredAt, TRAVEL_SIGNAL_DAYS);
  leaves(row.claims.oldestRecent, RECENT_CLAIM_DAYS);
  return new Date(Math.min(...ends));
}

export interface ComputedRanking {
  customerId: string;
  validUntil: Date;
  segments: string[];
  channel: string | null;
  ranking: ScoredProduct[];
  /** The contact policy's facts read with the ranking (the page statement's rec_contact). */
  contact: unknown;
}

/**
 * Stores rankings computed from facts read under `snapshot` (pg_snapshot text of the reading
 * statement). A failure to store is logged, never the reader's error: the answer was computed.
 */
export async function storeRankings(db: DataSource, role: Role, basis: string, snapshot: string, computed: readonly ComputedRanking[]): Promise<void> {
  if (computed.length === 0) return;
  const rows = [...computed]
    .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0))
    .map((entry) => ({
      customer_id: entry.customerId, valid_until: entry.validUntil.toISOString(), segments: entry.segments, channel: entry.channel, ranking: entry.ranking, contact: entry.contact,
    }));
  try {
    await db.query(
      `INSERT INTO offer_ranking (customer_id, role, basis, snapshot, valid_until, segments, channel, ranking, contact)
       SELECT u.customer_id, $2, $3, $4::text, u.valid_until, u.segments, u.channel, u.ranking, u.contact
         FROM json_to_recordset($1::json) AS u(customer_id uuid, valid_until timestamptz, segments uuid[], channel varchar, ranking jsonb, contact jsonb),
              -- not while a pruning runs, nor from a snapshot older than the pruned horizon (its change rows may be gone)
              (SELECT xid FROM offer_fact_horizon WHERE id = 1 FOR SHARE SKIP LOCKED) h
        WHERE pg_snapshot_xmin(CAST($4::text AS pg_snapshot))::text::bigint >= h.xid
       ORDER BY u.customer_id
       ON CONFLICT (customer_id, role) DO UPDATE SET basis = EXCLUDED.basis, snapshot = EXCLUDED.snapshot, valid_until = EXCLUDED.valid_until,
         segments = EXCLUDED.segments, channel = EXCLUDED.channel, ranking = EXCLUDED.ranking, contact = EXCLUDED.contact, computed_at = now()`,
      [JSON.stringify(rows), role, basis, snapshot],
    );
  } catch (err) {
    logger.warn({ err, customers: rows.length }, "offer rankings not stored");
  }
}

/**
 * Keeps the change log small: deletes the rankings past their time, then every change row that
 * every stored ranking's snapshot already saw (below the oldest snapshot's xmin, and below the oldest
 * transaction running now), and raises the horizon to there, so that a ranking read from an older
 * snapshot is never stored after its change rows are gone. Under the horizon row's lock: a store
 * waits for none and skips storing while it is held.
 */
export async function pruneOfferRankings(db: DataSource): Promise<{ expiredRankings: number; prunedChanges: number; horizon: string }> {
  return db.transaction(async (manager) => {
    const count = async (sql: string, params: unknown[] = []) => Number((await manager.query(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, params))[0].n);
    const expiredRankings = await count(`DELETE FROM offer_ranking WHERE valid_until <= now()`);
    await manager.query(`SELECT xid FROM offer_fact_horizon WHERE id = 1 FOR UPDATE`);
    // a statement after the lock: it sees every ranking stored before the lock was taken
    const [{ horizon }] = await manager.query(
      `SELECT least((SELECT min(pg_snapshot_xmin(CAST(k.snapshot AS pg_snapshot))::text::bigint) FROM offer_ranking k),
                    pg_snapshot_xmin(pg_current_snapshot())::text::bigint)::text AS horizon`,
    );
    await manager.query(`UPDATE offer_fact_horizon SET xid = greatest(xid, $1::bigint) WHERE id = 1`, [horizon]);
    const prunedChanges = await count(`DELETE FROM offer_fact_change WHERE xid < $1::bigint`, [horizon]);
    return { expiredRankings, prunedChanges, horizon };
  });
}
