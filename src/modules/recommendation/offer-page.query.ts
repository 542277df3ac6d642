import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import { Customer } from "../customer/customer.entity";
import { hydrate } from "../../db/hydrate";
import type { Role } from "../../auth/role";
import { OPEN_COMPLAINT_STATUSES } from "../interaction/complaint.entity";
import { compileRule, parseRule, SqlParams, type RuleNode } from "../segment/segment-rule";
import { authorizeRule } from "../segment/segment-use";
import type { StoredRating } from "../risk/risk-derived";
import { segmentTargetsALine } from "./recommendation-engine";
import { activityFacts, toFacts, type ActivityRow } from "./recommendation.loaders";
import type { LoadedFacts } from "./recommendation-facts";
import { consentsInForceJsonSql } from "../consent/consent-in-force";
import { contactFactsJsonSql, toContactFacts, type ContactFactsRow, type LoadedContactFacts } from "../contact-policy/contact-facts";
import { keptRankingsSql } from "./offer-rankings";
import type { ScoredProduct } from "./recommendation-engine";
import { COMPLAINT_SUPPRESSION_DAYS, DECLINE_SUPPRESSION_DAYS, RECENT_CLAIM_DAYS, TRAVEL_SIGNAL_DAYS } from "./recommendation-rules";

/** A stored segment as the offers statement evaluates it. */
interface StoredSegment {
  id: string;
  name: string;
  rule: RuleNode;
}

/** The segment table as last read, with the fingerprint the offers statement checks it against. */
interface SegmentSnapshot {
  fingerprint: string;
  segments: StoredSegment[];
  /** Per role: the membership expression of the segments it may evaluate (authorized and compiled once per snapshot). */
  memberships: Map<Role | null, Memberships>;
}

interface Memberships {
  sql: string;
  params: Record<string, unknown>;
  /** Segment names by id, of the segments evaluated. */
  names: Map<string, string>;
}

/**
 * The uuid[] of the segments customer `c` belongs to, among those whose names target a product
 * line (the only ones that change an offer) and whose rules the role may use.
 */
function membershipsFor(snapshot: SegmentSnapshot, role: Role | null): Memberships {
  let found = snapshot.memberships.get(role);
  if (found) return found;
  const params = new SqlParams("offerseg");
  const evaluated = snapshot.segments.filter((segment) => segmentTargetsALine(segment.name)).flatMap((segment) => {
    let usable: RuleNode;
    try {
      usable = authorizeRule(segment.rule, role);
    } catch {
      return []; // a rule the role may not use is not evaluated for it (as segment memberships do)
    }
    return [{ segment, sql: `CASE WHEN ${compileRule(usable, params)} THEN CAST(${params.add(segment.id)} AS uuid) END` }];
  });
  found = {
    sql: evaluated.length > 0 ? `array_remove(ARRAY[${evaluated.map((e) => e.sql).join(", ")}]::uuid[], NULL)` : `'{}'::uuid[]`,
    params: params.values,
    names: new Map(evaluated.map(({ segment }) => [segment.id, segment.name])),
  };
  snapshot.memberships.set(role, found);
  return found;
}

/** A stored ranking's basis also names the segment definitions it used (a renamed segment changes a reason's text). */
function rankingBasisWithSegments(basis: string, segmentFingerprint: string): string {
  return createHash("sha256").update(basis).update(segmentFingerprint).digest("hex");
}

/** Changes to any segment's id, name or rule change this (computed in the same snapshot as the facts). */
const SEGMENT_FINGERPRINT = `SELECT md5(coalesce(string_agg(s.id::text || '|' || s.name || '|' || s.rule::text, ',' ORDER BY s.id), '')) FROM segment s`;

/**
 * Segment definitions are the same for every viewer and hold no personal data. They are kept per
 * database and validated on every use: the offers statement returns the table's fingerprint and a
 * mismatch re-reads the segments and runs the statement again, so an answer never uses a stale rule.
 */
const snapshots = new WeakMap<DataSource, SegmentSnapshot>();

async function readSegments(db: DataSource): Promise<SegmentSnapshot> {
  const [row]: { fingerprint: string; segments: { id: string; name: string; rule: unknown }[] | null }[] = await db.query(
    `SELECT (${SEGMENT_FINGERPRINT}) AS fingerprint, (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'rule', s.rule) ORDER BY s.name) FROM segment s) AS segments`,
  );
  const snapshot: SegmentSnapshot = {
    memberships: new Map(),
    fingerprint: row.fingerprint,
    segments: (row.segments ?? []).map((segment) => ({ id: segment.id, name: segment.name, rule: parseRule(segment.rule) })),
  };
  snapshots.set(db, snapshot);
  return snapshot;
}

/**
 * The page's customer columns: all, or those asked for, with the whole row as JSON (`rec_customer`)
 * only where no ranking was kept (k: the kept rankings), for the engine: a kept ranking's row then
 * carries a few columns, not every column of the table.
 */
function customerSelect(db: DataSource, columns: ReadonlySet<string> | null): string {
  if (columns === null) return "c.*";
  const asked = db.getMetadata(Customer).columns.filter(({ databaseName }) => columns.has(databaseName)).map(({ databaseName }) => `c."${databaseName}"`);
  return [...asked, `CASE WHEN k.customer_id IS NULL THEN row_to_json(c) END AS rec_customer`].join(", ");
}

/** A value of the whole statement (its clock, snapshot, segment fingerprint), on the page's first row only: read from there, not parsed a hundred times. */
const onFirstRow = (sql: string) => `CASE WHEN c.id = (SELECT f.id FROM page f ORDER BY f.customer_number, f.id LIMIT 1) THEN ${sql} END`;

/** The page's customers as entities: from the whole row where the statement gave it (a computed ranking), else from the columns asked for. */
export function pageCustomers(db: DataSource, rows: readonly OfferPageRow[]): Customer[] {
  return hydrate(db, Customer, rows.map((row) => row.rec_customer ?? row));
}

export interface OfferPageRow extends ActivityRow {
  [column: string]: unknown;
  /** Null where a stored ranking holds (rec_kept): the facts were not read. */
  rec_consents: LoadedFacts["consents"] | null;
  rec_risk: StoredRating | null;
  /** The customer's stored ranking for the role when it still holds (src/modules/recommendation/offer-rankings.ts), with its channel. */
  rec_kept: boolean;
  /** Where rec_kept: the stored ranking's best entry (of the product line asked for; null: none of it). */
  rec_top: ScoredProduct | null;
  rec_channel: string | null;
  /** The statement's snapshot (pg_snapshot as text): the facts of this page were read under it. First row only. */
  rec_snapshot: string;
  rec_segments: string[];
  /** First row only. */
  rec_segment_fingerprint: string;
  /** The statement's clock (now()): the instant the facts were read at. First row only. */
  rec_now: Date | string;
  rec_contact: ContactFactsRow;
  /** With customerColumns: the whole customer row as JSON where no ranking was kept (null where one was). */
  rec_customer?: Record<string, unknown> | null;
}

/**
 * A page of customers and every fact their offers are computed from, in one statement: the page
 * query (the caller's where clause, keyset and limit), then per customer the activity facts, the
 * current consent per purpose, the newest risk assessment and membership of each segment that can
 * change an offer (its name targets a product line) and that the viewer's role may evaluate, and the
 * contact policy's facts at the same instant (`contactWindowDays`: the frequency cap's window). Every
 * customer of the page is already in the viewer's scope and has not refused profiling (the offers
 * where clause), so membership is the rule alone.
 *
 * With `basis` (stored rankings in use), a customer whose stored ranking still holds gets it as
 * `rec_kept`, with its best entry (of `productLine` when given) as `rec_top`, and no facts (the
 * activity, consents and risk are read for the others only); its contact facts are those kept with
 * the ranking.
 */
export async function loadOfferPage(
  db: DataSource,
  role: Role | null,
  page: {
    where: string; params: Record<string, unknown>; limit: number; contactWindowDays: number; basis: string | null; productLine: string | null;
    /** Customer columns every row needs (null: all); the others are read only where no stored ranking holds (the engine reads them). */
    customerColumns: ReadonlySet<string> | null;
  },
): Promise<{
  rows: OfferPageRow[];
  now: Date;
  /** The basis the stored rankings were read on, and new ones are to be stored on (null: stored rankings not in use). */
  basis: string | null;
  facts: (row: OfferPageRow) => LoadedFacts;
  contact: (row: OfferPageRow) => LoadedContactFacts;
}> {
  let snapshot = snapshots.get(db) ?? (await readSegments(db));
  for (let attempt = 0; ; attempt++) {
    const memberships = membershipsFor(snapshot, role);
    if (!Number.isInteger(page.contactWindowDays)) throw new RangeError("contactWindowDays must be a whole number of days");
    // The statement's own clock (now(), returned as rec_now) and the rules' windows as literals (code
    // constants): the planner can then estimate each window, so PostgreSQL settles on a generic plan
    // after five runs on a connection. As parameters, their generic estimates made it plan the
    // statement at every run (~30 % of its database time: docs/performance.md, session 44).
    const activity = activityFacts("c", "(SELECT array_agg(p.id) FROM page p WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.customer_id = p.id))::uuid[]", "now()", {
      recentClaimDays: String(RECENT_CLAIM_DAYS), declineDays: String(DECLINE_SUPPRESSION_DAYS), complaintDays: String(COMPLAINT_SUPPRESSION_DAYS),
      travelDays: String(TRAVEL_SIGNAL_DAYS), complaintStatuses: `ARRAY[${OPEN_COMPLAINT_STATUSES.map((status) => `'${status}'`).join(", ")}]`,
    });
    const kept = keptRankingsSql(page.basis === null ? null : role, ":offerRankingBasis", "CAST(:offerLine AS varchar)");
    const unlessKept = (sql: string) => `CASE WHEN k.customer_id IS NULL THEN ${sql} END`;
    // memberships over the page's rows, not in the page's own select list: there the planner costs the
    // rules for the whole table and hashes every active policy to answer 101 customers (~40 ms)
    const sql = `WITH page AS (SELECT c.* FROM customer c WHERE ${page.where} ORDER BY c.customer_number, c.id LIMIT ${page.limit}),
members AS (SELECT c.id, ${memberships.sql} AS rec_segments FROM page c),
${kept}
SELECT ${customerSelect(db, page.customerColumns)}, m.rec_segments, ${onFirstRow("now()")} AS rec_now, ${onFirstRow("pg_current_snapshot()::text")} AS rec_snapshot, k.customer_id IS NOT NULL AS rec_kept, k.top AS rec_top, k.channel AS rec_channel, ${activity.columns},
  ${unlessKept(consentsInForceJsonSql("c.id"))} AS rec_consents,
  ${unlessKept(`(SELECT json_build_object('likelihood', r.likelihood, 'impact', r.impact, 'score', r.score, 'tier', r.tier, 'factors', r.factors, 'warnings', r.warnings)
     FROM risk_assessment r WHERE r.customer_id = c.id ORDER BY r.assessed_at DESC, r.id DESC LIMIT 1)`)} AS rec_risk,
  ${onFirstRow(`(${SEGMENT_FINGERPRINT})`)} AS rec_segment_fingerprint,
  CASE WHEN k.customer_id IS NULL THEN ${contactFactsJsonSql("c", "now()", String(page.contactWindowDays))} ELSE k.contact::json END AS rec_contact
FROM page c JOIN members m ON m.id = c.id LEFT JOIN kept k ON k.customer_id = c.id ${activity.joins}
ORDER BY c.customer_number, c.id`;
    // the contact facts kept with a ranking hold the frequency cap's window they were read for
    const basis = page.basis && rankingBasisWithSegments(page.basis, `${snapshot.fingerprint}|contact window ${page.contactWindowDays}`);
    const [text, values] = db.driver.escapeQueryWithParameters(sql, { ...page.params, ...memberships.params, offerRankingBasis: basis, offerLine: page.productLine }, {});
    const rows: OfferPageRow[] = await db.query(text, values);
    // the rules read the instant the statement read the facts at
    const now = rows.length > 0 ? new Date(rows[0].rec_now) : new Date();
    // an empty page evaluated no rule; otherwise the rules used must be the ones stored now
    if (rows.length > 0 && rows[0].rec_segment_fingerprint !== snapshot.fingerprint && attempt === 0) {
      snapshot = await readSegments(db);
      continue;
    }
    if (rows.length > 0 && rows[0].rec_segment_fingerprint !== snapshot.fingerprint) throw new Error("segments changed twice while offers were read");
    const { names } = memberships;
    return {
      rows,
      now,
      basis,
      contact: (row) => toContactFacts(row.rec_contact),
      facts: (row) => ({
        activity: toFacts(row, now),
        consents: row.rec_consents ?? [],
        risk: row.rec_risk,
        segments: row.rec_segments.map((id) => ({ id, name: names.get(id) as string })),
      }),
    };
  }
}
